/** Test fixtures for the interactions area (imported by tests only). */
import type { Interaction } from '../../api/interactions';
import { CUSTOMER_ID } from '../customers/testFixtures';

export const TICKET_ID = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';

/** A call the office made, recorded by hand. */
export const call: Interaction = {
  id: 'i-call',
  customer_id: CUSTOMER_ID,
  channel: 'phone',
  direction: 'outbound',
  initiative: 'proactive',
  reason: 'Ofrecer mantenimiento de las 500 h',
  outcome: 'Acepta una visita la próxima semana.',
  user_id: 'me-admin',
  user_name: 'Ana Administradora',
  occurred_at: '2026-03-10T14:30:00Z',
  subject_type: null,
  subject_id: null,
  automatic: false,
};

/** A ticket the customer opened in the portal, recorded by the product. */
export const portalTicket: Interaction = {
  id: 'i-ticket',
  customer_id: CUSTOMER_ID,
  channel: 'portal',
  direction: 'inbound',
  initiative: 'reactive',
  reason: 'Ticket TK-000012: fuga hidráulica',
  outcome: '',
  user_id: null,
  user_name: null,
  occurred_at: '2026-03-09T09:05:00Z',
  subject_type: 'ticket',
  subject_id: TICKET_ID,
  automatic: true,
};

/** An older e-mail (second page). */
export const olderEmail: Interaction = {
  ...call,
  id: 'i-email',
  channel: 'email',
  direction: 'inbound',
  initiative: 'reactive',
  reason: 'Pregunta por repuestos del 310L',
  outcome: '',
  occurred_at: '2026-01-15T16:00:00Z',
};
