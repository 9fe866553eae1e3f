/**
 * Tests for the records on an order's page: master reverses a payment with a
 * reason (the balance returns, the receipt is marked), parts are edited and
 * deleted with their history, timeline posts are edited and deleted by their
 * author or the office and stay visible to staff as "editado/eliminado por",
 * and none of that reaches a customer.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../api/auth';
import type { OrderEvent, OrderPart } from '../api/orders';
import { ORDER_ID, TECH_ID, orderDetail, sessionRoutes, userWithRole } from '../components/operations/testFixtures';
import { callsTo, jsonResponse, phoneViewport, problemResponse, renderApp, stubFetch } from '../test/utils';

vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'));
vi.setConfig({ testTimeout: 30_000 });

const ORDER = `/api/v1/orders/${ORDER_ID}`;
const ME = userWithRole('technician').id;

const payment = {
  id: 'pay-1',
  number: 'REC-000007',
  order_id: ORDER_ID,
  order_number: 'OS-000042',
  customer_id: 'c1',
  customer_name: 'Grúas del Sur C.A.',
  amount: '100.00',
  method_id: 'm1',
  method_name: 'Zelle',
  reference: 'ZL-4471',
  paid_on: '2026-11-21',
  registered_by: 'u1',
  registered_by_name: 'Olga Oficina',
  created_at: '2026-11-21T14:00:00Z',
  deleted_at: null,
};

const part = (over: Partial<OrderPart> = {}): OrderPart => ({
  id: 'part-1',
  description: 'Filtro de aceite',
  quantity: '2',
  unit_price: '85.00',
  total: '170.00',
  warranty_days: 90,
  warranty_until: '2027-02-18',
  shown_to_customer: true,
  added_by: ME,
  added_by_name: 'Ana Pérez',
  created_at: '2026-11-20T15:00:00Z',
  ...over,
});

const event = (over: Partial<OrderEvent> = {}): OrderEvent => ({
  id: 'ev-1',
  order_id: ORDER_ID,
  visibility: 'public',
  label: 'En reparación',
  comment: 'Cambiamos el filtro',
  created_at: '2026-11-20T16:00:00Z',
  photos: [],
  author_id: ME,
  author_name: 'Ana Pérez',
  author_role: 'technician',
  ...over,
});

function routes(role: Role, detail = orderDetail(), extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    ...sessionRoutes(role),
    [`GET ${ORDER}`]: () => jsonResponse(200, detail),
    [`GET ${ORDER}/payments`]: () => jsonResponse(200, { items: [payment] }),
    'GET /api/v1/payment-methods': () => jsonResponse(200, []),
    'GET /api/v1/order-statuses': () => jsonResponse(200, []),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: TECH_ID, name: 'Luis Rojas', role: 'technician', active: true }]),
    ...extra,
  };
}

describe('order page records', () => {
  it('lets master delete (reverse) a payment only with a reason', async () => {
    let reversed = false;
    const fetchMock = stubFetch(
      routes('master', orderDetail(), {
        [`GET ${ORDER}/payments`]: () =>
          jsonResponse(200, {
            items: [reversed ? { ...payment, deleted_at: '2026-11-22T10:00:00Z', deleted_by_name: 'Marco Maestro', delete_reason: 'Pago duplicado' } : payment],
          }),
        'DELETE /api/v1/payments/pay-1': () => {
          reversed = true;
          return jsonResponse(200, {
            payment: { ...payment, deleted_at: '2026-11-22T10:00:00Z' },
            balance: { service_value: '150.00', parts_total: '0.00', paid: '0.00', balance: '150.00' },
          });
        },
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar (anular) el pago REC-000007' }, { timeout: 5000 }));
    const dialog = await screen.findByRole('dialog', { name: '¿Eliminar (anular) el pago REC-000007?' });
    expect(dialog.textContent).toContain('el monto vuelve al saldo pendiente');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Anular el pago' }));
    expect(await within(dialog).findByText('Escribe el motivo de la anulación.')).toBeTruthy();
    expect(callsTo(fetchMock, 'DELETE', '/api/v1/payments/pay-1')).toHaveLength(0);

    fireEvent.change(within(dialog).getByLabelText(/^Motivo/), { target: { value: 'Pago duplicado' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Anular el pago' }));
    expect(await screen.findByText(/Pago REC-000007 anulado\. Saldo pendiente: /)).toBeTruthy();
    expect(callsTo(fetchMock, 'DELETE', '/api/v1/payments/pay-1')).toEqual([{ reason: 'Pago duplicado' }]);
    const card = await screen.findByRole('article', { name: 'Recibo REC-000007' });
    await waitFor(() => expect(card.textContent).toContain('Anulado por Marco Maestro'));
    expect(card.textContent).toContain('Motivo: Pago duplicado');
    expect(within(card).queryByRole('button', { name: /Eliminar \(anular\)/ })).toBeNull();
  });

  it('offers the reversal to master only', async () => {
    for (const role of ['admin', 'operator'] as const) {
      stubFetch(routes(role));
      const view = renderApp(`/orders/${ORDER_ID}`);
      expect(await screen.findByRole('article', { name: 'Recibo REC-000007' }, { timeout: 5000 })).toBeTruthy();
      expect(screen.queryByRole('button', { name: /Eliminar \(anular\)/ })).toBeNull();
      view.unmount();
    }
  });

  it('lets whoever added a part edit it and delete it after confirming; staff see who and when', async () => {
    const edited = part({ edited_at: '2026-11-21T09:00:00Z', edited_by_name: 'Ana Pérez' });
    const fetchMock = stubFetch(
      routes('technician', orderDetail({ parts: [edited], technicians: [{ id: ME, name: 'Ana Pérez' }] }), {
        [`PUT ${ORDER}/parts/part-1`]: () => jsonResponse(200, edited),
        [`DELETE ${ORDER}/parts/part-1`]: () => new Response(null, { status: 204 }),
        [`GET ${ORDER}/parts/part-1/history`]: () =>
          jsonResponse(200, [
            { id: 'r1', action: 'edited', at: '2026-11-21T09:00:00Z', by_id: ME, by_name: 'Ana Pérez', previous: { description: 'Filtro de aire', quantity: '1', unit_price: '80.00', warranty_days: 90, shown_to_customer: true } },
          ]),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByText(/Editado por Ana Pérez el/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('90 días, hasta 18 feb 2027')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Historial del repuesto «Filtro de aceite»' }));
    const history = await screen.findByRole('dialog', { name: 'Historial de cambios' });
    expect(await within(history).findByText('Descripción: Filtro de aire')).toBeTruthy();
    fireEvent.keyDown(history, { key: 'Escape' });

    fireEvent.click(screen.getByRole('button', { name: 'Editar el repuesto «Filtro de aceite»' }));
    const form = await screen.findByRole('form', { name: 'Editar repuesto' });
    fireEvent.change(within(form).getByLabelText('Cantidad'), { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    expect(await within(form).findByText('Escribe una cantidad mayor que cero (hasta 3 decimales).')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Cantidad'), { target: { value: '1,5' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PUT', `${ORDER}/parts/part-1`)).toEqual([
        { description: 'Filtro de aceite', quantity: '1.5', unit_price: '85.00', warranty_days: 90, shown_to_customer: true },
      ]),
    );

    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar el repuesto «Filtro de aceite»' }));
    const confirm = await screen.findByRole('dialog', { name: '¿Eliminar este repuesto?' });
    expect(confirm.textContent).toContain('deja de sumarse al saldo de la orden OS-000042');
    expect(callsTo(fetchMock, 'DELETE', `${ORDER}/parts/part-1`)).toHaveLength(0);
    fireEvent.click(within(confirm).getByRole('button', { name: 'Eliminar' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE', `${ORDER}/parts/part-1`)).toHaveLength(1));
  });

  it("shows a deleted part to staff, struck through, and gives a technician no controls on someone else's part", async () => {
    stubFetch(
      routes(
        'technician',
        orderDetail({
          parts: [
            part({ id: 'p-other', description: 'Correa', added_by: 'someone-else', added_by_name: 'Olga Oficina' }),
            part({ id: 'p-gone', description: 'Bujía', deleted_at: '2026-11-21T10:00:00Z', deleted_by_name: 'Olga Oficina' }),
          ],
        }),
      ),
    );
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByText(/Eliminado por Olga Oficina el/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Editar el repuesto «Correa»' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Editar el repuesto «Bujía»' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Historial del repuesto «Bujía»' })).toBeTruthy();
  });

  it('shows a customer on a phone the parts as cards, without who added them or any control', async () => {
    phoneViewport();
    stubFetch(routes('customer', orderDetail({ parts: [part()] }), { [`GET ${ORDER}/payments`]: () => jsonResponse(200, { items: [] }) }));
    renderApp(`/orders/${ORDER_ID}`);
    const card = await screen.findByRole('article', { name: 'Filtro de aceite' }, { timeout: 5000 });
    expect(screen.getByTestId('part-cards')).toBeTruthy();
    expect(card.textContent).toContain('2 × ');
    expect(card.textContent).not.toContain('Ana Pérez');
    expect(within(card).queryByRole('button')).toBeNull();
  });

  it('lets the author edit a post and the office delete one; deleted posts stay visible to staff', async () => {
    const detail = orderDetail({
      timeline: [
        event({ edited_at: '2026-11-20T17:00:00Z', edited_by_name: 'Ana Pérez' }),
        event({ id: 'ev-2', comment: 'Publicación equivocada', deleted_at: '2026-11-20T18:00:00Z', deleted_by_name: 'Olga Oficina', label: '' }),
        event({ id: 'ev-3', comment: 'De otro técnico', author_id: 'other', author_name: 'Luis Rojas', label: '' }),
      ],
    });
    const fetchMock = stubFetch(
      routes('technician', detail, {
        [`PATCH ${ORDER}/events/ev-1`]: () => jsonResponse(200, event()),
        [`DELETE ${ORDER}/events/ev-1`]: () => new Response(null, { status: 204 }),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByText(/Editado por Ana Pérez el/, {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByTestId('deleted-mark').textContent).toMatch(/Eliminado por Olga Oficina el/);
    expect(screen.getByText('Publicación equivocada')).toBeTruthy();
    // Only one post is the technician's own: one Edit button.
    const edits = screen.getAllByRole('button', { name: /^Editar la publicación del/ });
    expect(edits).toHaveLength(1);
    fireEvent.click(edits[0]);
    const form = await screen.findByRole('form', { name: 'Editar publicación' });
    fireEvent.change(within(form).getByLabelText('Comentario'), { target: { value: 'Cambiamos el filtro de aceite' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    await waitFor(() => expect(callsTo(fetchMock, 'PATCH', `${ORDER}/events/ev-1`)).toEqual([{ comment: 'Cambiamos el filtro de aceite' }]));
    fireEvent.click(screen.getAllByRole('button', { name: /^Eliminar la publicación del/ })[0]);
    const confirm = await screen.findByRole('dialog', { name: '¿Eliminar esta publicación?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Eliminar' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE', `${ORDER}/events/ev-1`)).toHaveLength(1));
  });

  it('shows a refused change inside its dialog', async () => {
    stubFetch(
      routes('admin', orderDetail({ parts: [part()] }), {
        [`DELETE ${ORDER}/parts/part-1`]: () => problemResponse(409, 'order_closed'),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar el repuesto «Filtro de aceite»' }, { timeout: 5000 }));
    const confirm = await screen.findByRole('dialog', { name: '¿Eliminar este repuesto?' });
    fireEvent.click(within(confirm).getByRole('button', { name: 'Eliminar' }));
    expect(await within(confirm).findByRole('alert')).toBeTruthy();
  });
});
