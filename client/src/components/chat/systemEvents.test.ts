/**
 * Every known system event reads as a sentence with who and when, in Spanish
 * and English (issue 10, bug 9: "Evento: ticket.created" was shown raw).
 * Payloads are shaped like the server's (services/tickets.rs, orders.rs,
 * payments.rs). A type added to EVENT_TEXTS without a case here fails.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import i18n from '../../i18n';
import { EVENT_TEXTS, describeSystemEvent } from './systemEvents';

const ANA = { id: 'u-ana', name: 'Ana Pérez', role: 'operator' };
const PEDRO = { id: 'u-pedro', name: 'Pedro Gil', role: 'technician' };
const MARTA = { id: 'u-marta', name: 'Marta Díaz', role: 'master' };
const AT = '2026-12-03T14:15:00Z'; // 10:15 in Caracas (UTC−4)

const ticket = (over: Record<string, unknown> = {}) => ({
  number: 'PQR-000007',
  subject: 'La grúa pierde aceite',
  state: 'open',
  priority: 'medium',
  assignee_id: null,
  assignee_name: null,
  created_at: AT,
  updated_at: AT,
  ...over,
});
const order = (over: Record<string, unknown> = {}) => ({
  number: 'OS-000042',
  received_at: AT,
  updated_at: AT,
  technicians: [],
  ...over,
});
const payment = { number: 'REC-000045', amount: '1200.50', created_at: AT, deleted_at: AT };

/** type → [payload, Spanish, English] */
const CASES: Record<string, [Record<string, unknown>, string, string][]> = {
  'ticket.created': [
    [
      { ticket: ticket(), by: ANA },
      'Ana Pérez abrió el ticket PQR-000007: La grúa pierde aceite',
      'Ana Pérez opened ticket PQR-000007: La grúa pierde aceite',
    ],
  ],
  'ticket.state_changed': [
    [{ ticket: ticket({ state: 'in_progress' }), by: ANA, from: 'open' }, 'Ana Pérez cambió el estado a En curso', 'Ana Pérez changed the state to In progress'],
    [{ ticket: ticket({ state: 'open' }), by: ANA, from: 'closed' }, 'Ana Pérez reabrió el ticket', 'Ana Pérez reopened the ticket'],
  ],
  'ticket.assigned': [
    [
      { ticket: ticket({ assignee_id: PEDRO.id, assignee_name: 'Pedro Gil' }), by: ANA, from: null },
      'Ana Pérez asignó el ticket a Pedro Gil',
      'Ana Pérez assigned the ticket to Pedro Gil',
    ],
    [{ ticket: ticket({ assignee_id: ANA.id, assignee_name: 'Ana Pérez' }), by: ANA }, 'Ana Pérez tomó el ticket', 'Ana Pérez took the ticket'],
    [{ ticket: ticket(), by: ANA, from: PEDRO.id }, 'Ana Pérez dejó el ticket sin asignar', 'Ana Pérez left the ticket unassigned'],
  ],
  'ticket.priority_changed': [
    [{ ticket: ticket({ priority: 'high' }), by: ANA, from: 'medium' }, 'Ana Pérez cambió la prioridad a Alta', 'Ana Pérez changed the priority to High'],
  ],
  'ticket.sla_breached': [
    [
      { ticket: ticket({ sla_response_breached_at: AT }), target: 'first_response' },
      'Se incumplió el SLA de primera respuesta',
      'The first-response SLA was missed',
    ],
    [
      { ticket: ticket({ sla_resolution_breached_at: AT }), target: 'resolution' },
      'Se incumplió el SLA de resolución',
      'The resolution SLA was missed',
    ],
  ],
  'order.created': [[{ order: order(), by: ANA }, 'Ana Pérez creó la orden OS-000042', 'Ana Pérez created order OS-000042']],
  'order.updated': [
    [
      { order: order(), by: ANA, changed: ['reason', 'service_value'] },
      'Ana Pérez cambió el motivo y el valor del servicio de la orden',
      'Ana Pérez changed the reason and the service value of the order',
    ],
    [{ order: order(), by: ANA }, 'Ana Pérez actualizó los datos de la orden', "Ana Pérez updated the order's details"],
  ],
  'order.technicians_changed': [
    [
      { order: order({ technicians: [{ id: PEDRO.id, name: 'Pedro Gil' }, { id: 'u3', name: 'Luis Mora' }] }), by: ANA, changed: ['technicians'] },
      'Ana Pérez asignó la orden a Pedro Gil y Luis Mora',
      'Ana Pérez assigned the order to Pedro Gil and Luis Mora',
    ],
    [{ order: order(), by: ANA, changed: ['technicians'] }, 'Ana Pérez quitó los técnicos de la orden', "Ana Pérez removed the order's technicians"],
  ],
  'order.deactivated': [[{ order: order(), by: ANA }, 'Ana Pérez desactivó la orden', 'Ana Pérez deactivated the order']],
  'order.reactivated': [[{ order: order(), by: ANA }, 'Ana Pérez reactivó la orden', 'Ana Pérez reactivated the order']],
  'order.qr_rotated': [[{ order_id: 'o1', by: ANA }, 'Ana Pérez generó un nuevo enlace QR', 'Ana Pérez generated a new QR link']],
  'order.link_revoked': [[{}, 'Este enlace ya no es válido', 'This link is no longer valid']],
  'purchase_order.changed': [
    [
      { purchase_order_id: 'p1', number: 'OC-000007', supplier_id: 's1', state: 'sent', by: ANA },
      'Ana Pérez dejó la orden de compra OC-000007 en «Enviada»',
      'Ana Pérez set purchase order OC-000007 to “Sent”',
    ],
  ],
  'purchase_order.received': [
    [
      { purchase_order_id: 'p1', number: 'OC-000007', supplier_id: 's1', state: 'partially_received', items: ['i1'], by: ANA },
      'Ana Pérez recibió mercadería de la orden de compra OC-000007',
      'Ana Pérez received goods on purchase order OC-000007',
    ],
  ],
  'stock.changed': [
    [
      { item_id: 'i1', sku: 'FIL-001', by: ANA },
      'Ana Pérez cambió el stock de FIL-001',
      'Ana Pérez changed the stock of FIL-001',
    ],
  ],
  'stock.reorder_changed': [
    [{ item_id: 'i1', sku: 'FIL-001' }, 'FIL-001 cambió en la lista para reponer', 'FIL-001 changed on the reorder list'],
  ],
  'supplier.changed': [
    [
      { supplier_id: 's1', name: 'Repuestos Andes', active: true, by: ANA },
      'Ana Pérez actualizó el proveedor Repuestos Andes',
      'Ana Pérez updated supplier Repuestos Andes',
    ],
  ],
  'maintenance.request_created': [
    [
      { request: { id: 'r1', customer_name: 'Constructora Andina C.A.', created_at: AT }, by: ANA },
      'Ana Pérez pidió mantenimiento para Constructora Andina C.A.',
      'Ana Pérez asked for maintenance for Constructora Andina C.A.',
    ],
  ],
  'interaction.recorded': [
    [
      { interaction: { reason: 'Seguimiento', user_id: 'u-ana', user_name: 'Ana Pérez', occurred_at: AT, automatic: false } },
      'Ana Pérez registró un contacto con un cliente',
      'Ana Pérez recorded a contact with a customer',
    ],
    [
      { interaction: { reason: 'Ticket PQR-000007', user_id: null, user_name: null, occurred_at: AT, automatic: true } },
      'Un cliente se comunicó por el portal',
      'A customer got in touch through the portal',
    ],
  ],
  'customer.risk_changed': [
    [{ customer_id: 'c1', score: 35, at_risk: false }, 'El riesgo de un cliente cambió a 35 puntos', "A customer's risk changed to 35 points"],
    [{ customer_id: 'c1', score: 65, at_risk: true }, 'Un cliente quedó en riesgo con 65 puntos', 'A customer is at risk with 65 points'],
  ],
  'customer.onboarding_changed': [
    [{ customer_id: 'c1', by: ANA }, 'Ana Pérez actualizó la incorporación de un cliente', "Ana Pérez updated a customer's onboarding"],
    [{ customer_id: 'c1' }, 'Alguien actualizó la incorporación de un cliente', "Someone updated a customer's onboarding"],
  ],
  'maintenance.plan_changed': [
    [
      { equipment_id: 'e1', customer_id: 'c1', due_on: '2026-12-21', status: 'due_soon', proposal_id: null, by: ANA },
      'Ana Pérez actualizó el plan de mantenimiento de un equipo',
      "Ana Pérez updated a machine's maintenance plan",
    ],
    [
      { equipment_id: 'e1', customer_id: 'c1', due_on: '2026-12-21', status: 'due_soon', proposal_id: 'a1', by: null },
      'Faena propuso una visita de mantenimiento',
      'Faena proposed a maintenance visit',
    ],
  ],
  'order.event_added': [
    [
      { event: { label: 'En diagnóstico', comment: 'Motor desarmado', created_at: AT }, by: PEDRO },
      'Pedro Gil publicó una novedad: En diagnóstico',
      'Pedro Gil posted an update: En diagnóstico',
    ],
    [{ event: { label: '', comment: '', created_at: AT }, by: PEDRO }, 'Pedro Gil publicó una novedad', 'Pedro Gil posted an update'],
  ],
  'order.event_edited': [[{ event: { label: 'x', edited_at: AT }, by: PEDRO }, 'Pedro Gil editó una novedad', 'Pedro Gil edited an update']],
  'order.event_deleted': [[{ event_id: 'e1', by: ANA }, 'Ana Pérez eliminó una novedad', 'Ana Pérez deleted an update']],
  'order.part_added': [
    [
      { part: { description: 'Filtro de aceite', quantity: '2', created_at: AT }, by: PEDRO },
      'Pedro Gil agregó 2 × Filtro de aceite',
      'Pedro Gil added 2 × Filtro de aceite',
    ],
  ],
  'order.part_updated': [
    [{ part: { description: 'Filtro de aceite', quantity: '3' }, by: PEDRO }, 'Pedro Gil modificó el repuesto Filtro de aceite', 'Pedro Gil changed the part Filtro de aceite'],
  ],
  'order.part_removed': [[{ part_id: 'p1', by: ANA }, 'Ana Pérez quitó un repuesto', 'Ana Pérez removed a part']],
  'order.part_deleted': [[{ part_id: 'p1', by: ANA }, 'Ana Pérez quitó un repuesto', 'Ana Pérez removed a part']],
  'order.balance_changed': [
    [{ balance: { balance: '1200.50' } }, 'El saldo de la orden ahora es 1200,50\u00a0US$', "The order's balance is now $1,200.50"],
  ],
  'order.closed': [[{ number: 'OS-000042', closed_at: AT, by: ANA }, 'Ana Pérez cerró la orden OS-000042', 'Ana Pérez closed order OS-000042']],
  'order.reopened': [
    [{ order: { number: 'OS-000042', updated_at: AT }, by: MARTA }, 'Marta Díaz reabrió la orden OS-000042', 'Marta Díaz reopened order OS-000042'],
    [{ state: 'open' }, 'La orden se reabrió', 'The order was reopened'],
  ],
  'payment.registered': [
    [{ payment, by: ANA }, 'Ana Pérez registró el pago REC-000045 por 1200,50\u00a0US$', 'Ana Pérez registered payment REC-000045 for $1,200.50'],
  ],
  'payment.deleted': [
    [{ payment, by: ANA }, 'Ana Pérez anuló el pago REC-000045 por 1200,50\u00a0US$', 'Ana Pérez reversed payment REC-000045 for $1,200.50'],
  ],
  'quote.saved': [[{ number: 'PRE-000007', by: ANA }, 'Ana Pérez guardó el presupuesto PRE-000007', 'Ana Pérez saved quote PRE-000007']],
  'quote.sent': [
    [{ number: 'PRE-000007', total: '417.60', by: ANA }, 'Ana Pérez envió el presupuesto PRE-000007 por 417,60\u00a0US$', 'Ana Pérez sent quote PRE-000007 for $417.60'],
  ],
  'quote.approved': [
    [{ number: 'PRE-000007', customer_name: 'Los Andes', by: null }, 'Los Andes aprobó el presupuesto PRE-000007', 'Los Andes approved quote PRE-000007'],
  ],
  'quote.rejected': [[{ number: 'PRE-000007', by: ANA }, 'Ana Pérez rechazó el presupuesto PRE-000007', 'Ana Pérez rejected quote PRE-000007']],
  'quote.changes_requested': [
    [{ number: 'PRE-000007', by: ANA }, 'Ana Pérez pidió cambios en el presupuesto PRE-000007', 'Ana Pérez asked for changes to quote PRE-000007'],
  ],
  'quote.expired': [[{ number: 'PRE-000007', by: null }, 'El presupuesto PRE-000007 venció sin respuesta', 'Quote PRE-000007 expired without an answer']],
};

const ctx = (lang: 'es' | 'en') => ({ t: i18n.getFixedT(lang), lang, timeZone: 'America/Caracas', currency: 'USD' });

beforeAll(() => {
  vi.useFakeTimers({ now: new Date('2026-12-05T12:00:00Z'), toFake: ['Date'] });
});
afterAll(() => {
  vi.useRealTimers();
});

describe('system events as sentences', () => {
  it('has a case for every known event type', () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(EVENT_TEXTS).sort());
  });

  for (const [type, cases] of Object.entries(CASES)) {
    it(`${type} in Spanish and English, with the time in the company's zone`, () => {
      for (const [payload, es, en] of cases) {
        const data = { type, ...payload };
        const inEs = describeSystemEvent(data, { ...ctx('es'), storedAt: AT });
        const inEn = describeSystemEvent(data, { ...ctx('en'), storedAt: AT });
        expect(inEs.text).toBe(es);
        expect(inEn.text).toBe(en);
        expect(inEs.when).toBe('3 dic, 10:15');
        expect(inEn.when).toBe('Dec 3, 10:15 AM');
        for (const text of [inEs.text, inEn.text]) expect(text).not.toMatch(/\b[a-z]+\.[a-z_]+\b/);
      }
    });
  }

  it('takes the time from the payload when it is not stored, then the time received', () => {
    const live = describeSystemEvent({ type: 'ticket.created', ticket: ticket(), by: ANA }, { ...ctx('es'), receivedAt: '2026-12-04T20:00:00Z' });
    expect(live.when).toBe('3 dic, 10:15');
    const bare = describeSystemEvent({ type: 'order.qr_rotated', by: ANA }, { ...ctx('es'), receivedAt: '2026-12-04T20:00:00Z' });
    expect(bare.when).toBe('4 dic, 16:00');
    // Another year shows the year.
    const old = describeSystemEvent({ type: 'order.qr_rotated', by: ANA }, { ...ctx('es'), storedAt: '2025-01-02T15:00:00Z' });
    expect(old.when).toBe('2 ene 2025, 11:00');
  });

  it('names who from the shared actor type, the publication user, or says "someone"', () => {
    const t = ctx('es');
    expect(describeSystemEvent({ type: 'order.deactivated', actor: ANA }, t).text).toBe('Ana Pérez desactivó la orden');
    expect(describeSystemEvent({ type: 'order.deactivated' }, { ...t, userId: 'u-me', people: { 'u-me': 'Carla Cliente' } }).text).toBe(
      'Carla Cliente desactivó la orden',
    );
    expect(describeSystemEvent({ type: 'order.deactivated' }, t).text).toBe('Alguien desactivó la orden');
    expect(describeSystemEvent({ type: 'order.deactivated' }, ctx('en')).text).toBe('Someone deactivated the order');
  });

  it('writes an unknown type as a sentence, never as its code', () => {
    expect(describeSystemEvent({ type: 'invoice.issued', by: ANA }, ctx('es')).text).toBe('Ana Pérez actualizó la conversación');
    expect(describeSystemEvent({ type: 'invoice.issued', by: ANA }, ctx('en')).text).toBe('Ana Pérez updated the conversation');
  });
});
