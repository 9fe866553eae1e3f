/** Tests for /orders/:id: the technician's phone work (status + photo, parts) and the office controls. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ORDER_ID, TECH_ID, orderDetail, sessionRoutes } from '../components/operations/testFixtures';
import type { Role } from '../api/auth';
import { jsonResponse, renderApp, stubFetch } from '../test/utils';

vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'));

const statuses = [
  { id: 'st-1', visibility: 'public', label: 'En reparación', position: 1, active: true },
  { id: 'st-2', visibility: 'internal', label: 'Esperando repuesto', position: 1, active: true },
];
const ORDER = `/api/v1/orders/${ORDER_ID}`;

function routes(role: Role, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    ...sessionRoutes(role),
    [`GET ${ORDER}`]: () => jsonResponse(200, orderDetail({ technicians: [{ id: TECH_ID, name: 'Luis Rojas' }] })),
    [`GET ${ORDER}/payments`]: () => jsonResponse(200, { items: [] }),
    'GET /api/v1/payment-methods': () => jsonResponse(200, []),
    'GET /api/v1/order-statuses': () => jsonResponse(200, statuses),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: TECH_ID, name: 'Luis Rojas', email: 'l@example.com', role: 'technician', active: true },
        { id: 'tech-2', name: 'Marta Díaz', email: 'm@example.com', role: 'technician', active: true },
      ]),
    ...extra,
  };
}

const bodies = (fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) =>
  fetchMock.mock.calls.filter(([i, init]) => (init?.method ?? 'GET') === method && String(i) === path).map(([, init]) => init?.body);

// The shared CI machine is slow; whole pages with their layout take a few seconds to render.
vi.setConfig({ testTimeout: 30_000 });

describe('OrderDetailPage', () => {
  it('lets a technician post a public status with a camera photo and add a part', async () => {
    const fetchMock = stubFetch(
      routes('technician', {
        [`POST ${ORDER}/events`]: () => jsonResponse(201, {}),
        [`POST ${ORDER}/parts`]: () => jsonResponse(201, {}),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    const form = await screen.findByRole('form', { name: 'Publicar novedad' }, { timeout: 5000 });
    // No office controls for a technician.
    expect(screen.queryByRole('button', { name: 'Cambiar técnicos' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Desincorporar orden' })).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Publicar' }));
    expect(await within(form).findByText('Elige un estado, escribe un comentario o adjunta una foto.', {}, { timeout: 5000 })).toBeTruthy();

    fireEvent.click(within(form).getByRole('textbox', { name: 'Estado' }));
    fireEvent.click(await screen.findByRole('option', { name: 'En reparación', hidden: true }));
    const photo = new File(['jpeg'], 'motor.jpg', { type: 'image/jpeg' });
    fireEvent.change(within(form).getByLabelText('Foto'), { target: { files: [photo] } });
    expect(await within(form).findByText('motor.jpg', {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.click(within(form).getByRole('button', { name: 'Publicar' }));
    expect(await screen.findByText('Novedad publicada.', {}, { timeout: 5000 })).toBeTruthy();
    const [sent] = bodies(fetchMock, 'POST', `${ORDER}/events`) as FormData[];
    expect(sent.get('visibility')).toBe('public');
    expect(sent.get('status_id')).toBe('st-1');
    expect((sent.get('photos') as File).name).toBe('motor.jpg');

    const parts = screen.getByRole('form', { name: 'Agregar repuesto' });
    fireEvent.change(within(parts).getByLabelText(/^Descripción/), { target: { value: 'Filtro de aceite' } });
    fireEvent.change(within(parts).getByLabelText('Cantidad'), { target: { value: '0' } });
    fireEvent.click(within(parts).getByRole('button', { name: 'Agregar repuesto' }));
    expect(await within(parts).findByText(/Escribe una cantidad mayor que cero/, {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.change(within(parts).getByLabelText('Cantidad'), { target: { value: '2' } });
    fireEvent.change(within(parts).getByLabelText('Precio unitario'), { target: { value: '12,50' } });
    fireEvent.click(within(parts).getByRole('button', { name: 'Agregar repuesto' }));
    await waitFor(() => expect(bodies(fetchMock, 'POST', `${ORDER}/parts`)).toHaveLength(1));
    expect(JSON.parse(String(bodies(fetchMock, 'POST', `${ORDER}/parts`)[0]))).toEqual({
      description: 'Filtro de aceite',
      quantity: '2',
      unit_price: '12.50',
      warranty_days: 0,
      shown_to_customer: true,
    });
  }, 30_000);

  it('shows the office the notifications sent about the order, only when asked, and not to a technician', async () => {
    const sent = {
      id: 'd-1', kind: 'order_update', channel: 'email', recipient_user_id: null, recipient_address: 'cliente@example.com',
      status: 'sent', attempts: 1, next_attempt_at: '2026-03-01T10:00:00Z', last_error: '', subject_type: 'order',
      subject_id: ORDER_ID, created_at: '2026-03-01T10:00:00Z', sent_at: '2026-03-01T10:00:02Z',
    };
    const fetchMock = stubFetch(
      routes('operator', { 'GET /api/v1/notifications/deliveries': () => jsonResponse(200, [sent]) }),
    );
    const view = renderApp(`/orders/${ORDER_ID}`);
    const show = await screen.findByRole('button', { name: 'Ver avisos' }, { timeout: 5000 });
    const url = `/api/v1/notifications/deliveries?subject_type=order&subject_id=${ORDER_ID}`;
    expect(bodies(fetchMock, 'GET', url)).toHaveLength(0);
    fireEvent.click(show);
    expect(await screen.findByText('cliente@example.com', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.getByText('Novedad de orden')).toBeTruthy();
    expect(bodies(fetchMock, 'GET', url)).toHaveLength(1);
    view.unmount();

    stubFetch(routes('technician'));
    renderApp(`/orders/${ORDER_ID}`);
    await screen.findByRole('form', { name: 'Publicar novedad' }, { timeout: 5000 });
    expect(screen.queryByRole('button', { name: 'Ver avisos' })).toBeNull();
  }, 30_000);

  it('lets the office change technicians, deactivate the order and rotate its QR link', async () => {
    const fetchMock = stubFetch(
      routes('operator', {
        [`PUT ${ORDER}/technicians`]: () => jsonResponse(200, orderDetail()),
        [`PUT ${ORDER}/active`]: () => jsonResponse(200, { ...orderDetail(), active: false, state: 'deactivated' }),
        [`POST ${ORDER}/qr/rotate`]: () => jsonResponse(200, orderDetail()),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Cambiar técnicos' }, { timeout: 5000 }));
    const techs = screen.getByRole('form', { name: 'Cambiar técnicos' });
    fireEvent.click(within(techs).getByRole('textbox', { name: 'Técnicos asignados' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Marta Díaz', hidden: true }));
    fireEvent.click(within(techs).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Técnicos actualizados.', {}, { timeout: 5000 })).toBeTruthy();
    expect(JSON.parse(String(bodies(fetchMock, 'PUT', `${ORDER}/technicians`)[0]))).toEqual({ technician_ids: [TECH_ID, 'tech-2'] });

    fireEvent.click(screen.getByRole('button', { name: 'Desincorporar orden' }));
    expect(bodies(fetchMock, 'PUT', `${ORDER}/active`)).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: 'Sí, continuar' }));
    expect(await screen.findByText('Orden desincorporada.', {}, { timeout: 5000 })).toBeTruthy();
    expect(JSON.parse(String(bodies(fetchMock, 'PUT', `${ORDER}/active`)[0]))).toEqual({ active: false });

    fireEvent.click(screen.getByRole('button', { name: 'Renovar enlace QR' }));
    expect(screen.getByText(/El QR impreso y el enlace actual dejarán de funcionar/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Sí, continuar' }));
    expect(await screen.findByText('Enlace QR renovado.', {}, { timeout: 5000 })).toBeTruthy();
    expect(bodies(fetchMock, 'POST', `${ORDER}/qr/rotate`)).toHaveLength(1);
  }, 30_000);

  it('lets the office edit the order data', async () => {
    const fetchMock = stubFetch(
      routes('admin', {
        [`GET /api/v1/customers/${orderDetail().customer_id}/equipment`]: () => jsonResponse(200, []),
        [`PUT ${ORDER}`]: () => jsonResponse(200, orderDetail()),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Editar datos de la orden' }, { timeout: 5000 }));
    const form = screen.getByRole('form', { name: 'Editar datos de la orden' });
    fireEvent.change(within(form).getByLabelText(/^Valor del servicio/), { target: { value: 'mucho' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    expect(await within(form).findByText(/Escribe un monto válido/, {}, { timeout: 5000 })).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Valor del servicio/), { target: { value: '200' } });
    fireEvent.change(within(form).getByLabelText(/^Motivo/), { target: { value: 'No enciende; revisar batería' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Orden actualizada.', {}, { timeout: 5000 })).toBeTruthy();
    expect(JSON.parse(String(bodies(fetchMock, 'PUT', ORDER)[0]))).toEqual({
      equipment_id: null,
      reason: 'No enciende; revisar batería',
      service_value: '200',
      promised_at: null,
    });
  }, 30_000);

  it('shows a seller no work forms (they may not post events or add parts)', async () => {
    stubFetch(routes('seller'));
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByRole('heading', { level: 1, name: 'Orden OS-000042' }, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Publicar novedad' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Agregar repuesto' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Editar datos de la orden' })).toBeTruthy();
    expect(screen.getByText('Luis Rojas')).toBeTruthy();
  }, 30_000);

  it('asks before closing and says what will happen (issue 10, bug 5)', async () => {
    const fetchMock = stubFetch(
      routes('operator', {
        [`GET ${ORDER}`]: () => jsonResponse(200, orderDetail({ balance: { service_value: '150.00', parts_total: '0.00', paid: '150.00', balance: '0.00' } })),
        [`POST ${ORDER}/close`]: () => jsonResponse(200, {}),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Cerrar orden' }, { timeout: 5000 }));
    const dialog = await screen.findByRole('dialog', { name: '¿Cerrar la orden OS-000042?' }, { timeout: 5000 });
    expect(within(dialog).getByText(/correo avisando del cierre/)).toBeTruthy();
    expect(within(dialog).getByText(/encuesta de satisfacción/)).toBeTruthy();
    expect(within(dialog).getByText(/deja de admitir novedades públicas, repuestos y pagos/)).toBeTruthy();
    // Nothing is sent until it is confirmed.
    expect(bodies(fetchMock, 'POST', `${ORDER}/close`)).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText(/^Comentario para el cliente/), { target: { value: 'Entregado' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sí, cerrar la orden' }));
    await waitFor(() => expect(bodies(fetchMock, 'POST', `${ORDER}/close`)).toHaveLength(1));
    expect(JSON.parse(String(bodies(fetchMock, 'POST', `${ORDER}/close`)[0]))).toEqual({ comment: 'Entregado' });
  });

  it('hides the forms of a closed order and lets master reopen it with a reason', async () => {
    const closed = orderDetail({ state: 'closed', closed_at: '2026-11-21T14:00:00Z' });
    const fetchMock = stubFetch(
      routes('master', {
        [`GET ${ORDER}`]: () => jsonResponse(200, closed),
        [`POST ${ORDER}/reopen`]: () => jsonResponse(200, {}),
      }),
    );
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByTestId('order-closed-note', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('form', { name: 'Registrar pago' })).toBeNull();
    expect(screen.queryByRole('form', { name: 'Agregar repuesto' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cerrar orden' })).toBeNull();
    // Internal notes only.
    const post = screen.getByRole('form', { name: 'Publicar novedad' });
    expect(within(post).getByText('La orden está cerrada: solo se pueden publicar notas internas.')).toBeTruthy();
    expect(within(post).queryByRole('radio', { name: 'Pública' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Reabrir orden' }));
    const dialog = await screen.findByRole('dialog', { name: '¿Reabrir la orden OS-000042?' }, { timeout: 5000 });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sí, reabrir' }));
    expect(await within(dialog).findByText('Escribe el motivo.')).toBeTruthy();
    expect(bodies(fetchMock, 'POST', `${ORDER}/reopen`)).toHaveLength(0);
    fireEvent.change(within(dialog).getByLabelText(/^Motivo de la reapertura/), { target: { value: 'Falta un ajuste' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sí, reabrir' }));
    await waitFor(() => expect(bodies(fetchMock, 'POST', `${ORDER}/reopen`)).toHaveLength(1));
    expect(JSON.parse(String(bodies(fetchMock, 'POST', `${ORDER}/reopen`)[0]))).toEqual({ reason: 'Falta un ajuste' });
  });

  it('offers no reopening to the office', async () => {
    stubFetch(routes('admin', { [`GET ${ORDER}`]: () => jsonResponse(200, orderDetail({ state: 'closed', closed_at: '2026-11-21T14:00:00Z' })) }));
    renderApp(`/orders/${ORDER_ID}`);
    expect(await screen.findByTestId('order-closed-note', {}, { timeout: 5000 })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Reabrir orden' })).toBeNull();
  });
});
