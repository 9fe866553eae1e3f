/**
 * Tests for /orders/new: local checks, an order for an existing customer
 * with its first status in the same request, a refused status, and an
 * inline customer refused by the server.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { CUSTOMER_ID, ORDER_ID, TECH_ID, orderDetail, sessionRoutes } from '../components/operations/testFixtures';
import i18n from '../i18n';
import { jsonResponse, renderApp, stubFetch } from '../test/utils';

vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'));

const customer = { id: CUSTOMER_ID, name: 'Grúas del Sur C.A.', tax_id: 'J-12345678-9', active: true };
const statuses = [
  { id: 'st-1', visibility: 'public', label: 'Recibido', position: 1, active: true },
  { id: 'st-2', visibility: 'internal', label: 'Esperando repuesto', position: 1, active: true },
];

function routes(extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    ...sessionRoutes('operator'),
    'GET /api/v1/customers': () => jsonResponse(200, { items: [customer], next_cursor: null }),
    [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, []),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: TECH_ID, name: 'Luis Rojas', email: 'l@example.com', role: 'technician', active: true }]),
    'GET /api/v1/order-statuses': () => jsonResponse(200, statuses),
    [`GET /api/v1/orders/${ORDER_ID}`]: () => jsonResponse(200, orderDetail()),
    [`GET /api/v1/orders/${ORDER_ID}/payments`]: () => jsonResponse(200, { items: [] }),
    ...extra,
  };
}

function bodiesOf(fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) {
  return fetchMock.mock.calls
    .filter(([input, init]) => (init?.method ?? 'GET') === method && new URL(String(input), 'http://x').pathname === path)
    .map(([, init]) => init?.body);
}

async function choose(label: RegExp, option: RegExp) {
  fireEvent.click(screen.getByRole('textbox', { name: label }));
  // jsdom never finishes the dropdown's transition, so its options stay "hidden".
  fireEvent.click(await screen.findByRole('option', { name: option, hidden: true }));
}

// The shared CI machine is slow; whole pages with their layout take a few seconds to render.
vi.setConfig({ testTimeout: 30_000 });

describe('NewOrderPage', () => {
  it('checks the form before sending', async () => {
    const fetchMock = stubFetch(routes());
    renderApp('/orders/new');
    fireEvent.click(await screen.findByRole('button', { name: 'Crear orden' }));
    expect(await screen.findByText('Elige un cliente.', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('Describe el motivo de la orden.')).toBeTruthy();
    expect(bodiesOf(fetchMock, 'POST', '/api/v1/orders')).toHaveLength(0);
  });

  it('creates an order for an existing customer with its first status in one request, and opens it', async () => {
    const fetchMock = stubFetch(
      routes({
        'POST /api/v1/orders': () => jsonResponse(201, { ...orderDetail(), timeline: undefined }),
      }),
    );
    renderApp('/orders/new');
    await screen.findByRole('heading', { level: 1, name: 'Nueva orden de servicio' });
    await choose(/^Cliente/, /Grúas del Sur/);
    fireEvent.change(screen.getByLabelText(/^Motivo \/ falla reportada/), { target: { value: 'No enciende' } });
    fireEvent.change(screen.getByLabelText(/^Valor del servicio/), { target: { value: '150,50' } });
    await choose(/^Estado inicial/, /^Recibido$/);
    await choose(/^Técnicos asignados/, /Luis Rojas/);
    fireEvent.click(screen.getByRole('button', { name: 'Crear orden' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Orden OS-000042' }, { timeout: 8000 })).toBeTruthy();
    expect(screen.getByText('Orden OS-000042 creada.')).toBeTruthy();
    const [body] = bodiesOf(fetchMock, 'POST', '/api/v1/orders');
    expect(JSON.parse(String(body))).toEqual({
      customer_id: CUSTOMER_ID,
      reason: 'No enciende',
      service_value: '150.50',
      technician_ids: [TECH_ID],
      promised_at: null,
      status_id: 'st-1',
    });
    // The server records the status as the first public event: no second request.
    expect(bodiesOf(fetchMock, 'POST', `/api/v1/orders/${ORDER_ID}/events`)).toHaveLength(0);
  }, 20_000);

  it('shows a refused first status on its field and creates nothing else', async () => {
    const fetchMock = stubFetch(
      routes({
        'POST /api/v1/orders': () =>
          new Response(JSON.stringify({ status: 422, code: 'validation_failed', title: 'bad', field: 'status_id' }), {
            status: 422,
            headers: { 'Content-Type': 'application/problem+json' },
          }),
      }),
    );
    renderApp('/orders/new');
    await screen.findByRole('heading', { level: 1, name: 'Nueva orden de servicio' });
    await choose(/^Cliente/, /Grúas del Sur/);
    fireEvent.change(screen.getByLabelText(/^Motivo \/ falla reportada/), { target: { value: 'No enciende' } });
    await choose(/^Estado inicial/, /^Recibido$/);
    fireEvent.click(screen.getByRole('button', { name: 'Crear orden' }));

    const status = screen.getByRole('textbox', { name: /^Estado inicial/ });
    await waitFor(() => expect(status.getAttribute('aria-invalid')).toBe('true'));
    expect(bodiesOf(fetchMock, 'POST', '/api/v1/orders')).toHaveLength(1);
    expect(bodiesOf(fetchMock, 'POST', `/api/v1/orders/${ORDER_ID}/events`)).toHaveLength(0);
    expect(screen.getByRole('heading', { level: 1, name: 'Nueva orden de servicio' })).toBeTruthy();
  }, 20_000);

  it('creates the customer inline and shows the server’s tax id error on its field, keeping what was typed', async () => {
    const fetchMock = stubFetch(
      routes({
        'POST /api/v1/orders': () =>
          new Response(JSON.stringify({ status: 422, code: 'invalid_tax_id', title: 'bad', field: 'tax_id' }), {
            status: 422,
            headers: { 'Content-Type': 'application/problem+json' },
          }),
      }),
    );
    renderApp('/orders/new');
    fireEvent.click(await screen.findByRole('radio', { name: 'Cliente nuevo' }));
    fireEvent.change(screen.getByLabelText(/^Nombre o razón social/), { target: { value: 'Agro Llanos C.A.' } });
    fireEvent.change(screen.getByLabelText(/^RIF \/ RUT \/ NIT/), { target: { value: 'J-1' } });
    fireEvent.click(screen.getByRole('radio', { name: 'Equipo nuevo' }));
    fireEvent.change(screen.getByLabelText(/^Marca/), { target: { value: 'Caterpillar' } });
    fireEvent.change(screen.getByLabelText(/^Modelo/), { target: { value: '320D' } });
    fireEvent.change(screen.getByLabelText(/^Motivo \/ falla reportada/), { target: { value: 'Mantención 500 h' } });
    fireEvent.click(screen.getByRole('button', { name: 'Crear orden' }));

    const taxId = screen.getByLabelText(/^RIF \/ RUT \/ NIT/) as HTMLInputElement;
    await waitFor(() => expect(taxId.getAttribute('aria-invalid')).toBe('true'));
    expect(screen.getByText(i18n.t('errors.invalid_tax_id'))).toBeTruthy();
    expect(taxId.value).toBe('J-1');
    expect((screen.getByLabelText(/^Nombre o razón social/) as HTMLInputElement).value).toBe('Agro Llanos C.A.');
    const [body] = bodiesOf(fetchMock, 'POST', '/api/v1/orders');
    expect(JSON.parse(String(body))).toMatchObject({
      customer: { name: 'Agro Llanos C.A.', tax_id: 'J-1', email: null, phone: '' },
      equipment: { brand: 'Caterpillar', model: '320D', serial: '', year: null },
      reason: 'Mantención 500 h',
      service_value: '0',
    });
  });
});
