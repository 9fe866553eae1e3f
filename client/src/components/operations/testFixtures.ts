/**
 * Test-only fixtures for the operations pages: a signed-in user of any role,
 * the company settings, and API bodies shaped like the server's (see
 * tests/api/orders.rs and tickets.rs). Not imported by application code.
 */
import type { Role } from '../../api/auth';
import type { OrderDetail } from '../../api/orders';
import type { Ticket } from '../../api/tickets';
import { jsonResponse, sampleUser } from '../../test/utils';

export const company = {
  name: 'Maquinarias del Sur',
  address: 'Av. Principal 123',
  phone: '+58 212 555 0101',
  email: 'contacto@example.com',
  currency: 'USD',
  tax_rate: '16',
  tax_id_country: 'VE',
  time_zone: 'America/Caracas',
  terms: '',
  logo_url: null,
};

export const userWithRole = (role: Role) => ({ ...sampleUser, role });

/** The routes every signed-in page needs: the session and the company settings. */
export function sessionRoutes(role: Role) {
  return {
    'GET /api/v1/auth/me': () => jsonResponse(200, userWithRole(role)),
    'GET /api/v1/settings/company': () => jsonResponse(200, company),
  };
}

export const ORDER_ID = '11111111-1111-4111-8111-111111111111';
export const CUSTOMER_ID = '22222222-2222-4222-8222-222222222222';
export const TECH_ID = '33333333-3333-4333-8333-333333333333';
export const TICKET_ID = '44444444-4444-4444-8444-444444444444';

export function orderDetail(overrides: Partial<OrderDetail> = {}): OrderDetail {
  return {
    id: ORDER_ID,
    number: 'OS-000042',
    customer_id: CUSTOMER_ID,
    customer_name: 'Grúas del Sur C.A.',
    reason: 'No enciende',
    service_value: '150.00',
    qr_token: 'qr-token-1',
    state: 'open',
    active: true,
    received_at: '2026-11-20T14:00:00Z',
    promised_at: null,
    closed_at: null,
    equipment_id: null,
    public_status: 'Recibido',
    internal_status: null,
    technicians: [],
    timeline: [],
    parts: [],
    balance: { service_value: '150.00', parts_total: '0.00', paid: '0.00', balance: '150.00' },
    channels: [],
    ...overrides,
  };
}

export function ticket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: TICKET_ID,
    number: 'PQR-000007',
    customer_id: CUSTOMER_ID,
    customer_name: 'Grúas del Sur C.A.',
    type: 'technical_support',
    priority: 'medium',
    state: 'open',
    subject: 'La grúa pierde aceite',
    description: '',
    assignee_id: null,
    assignee_name: null,
    created_at: '2026-11-20T14:00:00Z',
    updated_at: '2026-11-20T14:00:00Z',
    ...overrides,
  };
}
