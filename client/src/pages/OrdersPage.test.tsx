/**
 * Tests for /orders (filters from the URL, status filter chips, "new order"
 * for creating roles) and the technician's /my-orders cards.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ORDER_ID, orderDetail, sessionRoutes, userWithRole } from '../components/operations/testFixtures';
import { jsonResponse, phoneViewport, renderApp, stubFetch } from '../test/utils';

vi.setConfig({ testTimeout: 30_000 });

const page = { items: [{ ...orderDetail(), timeline: undefined }], next_cursor: null };

describe('OrdersPage', () => {
  it('names each status column: customer-facing, internal (staff) and the order state', async () => {
    const withInternal = { items: [{ ...page.items[0], internal_status: 'Esperando repuesto' }], next_cursor: null };
    stubFetch({ ...sessionRoutes('operator'), 'GET /api/v1/orders': () => jsonResponse(200, withInternal) });
    renderApp('/orders');
    await screen.findByRole('link', { name: 'OS-000042' }, { timeout: 5000 });
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Número', 'Cliente', 'Equipo', 'Estatus para el cliente', 'Estatus interno', 'Situación de la orden']);
    expect(headers.filter((h) => h === 'Estado')).toHaveLength(0);
    expect(screen.getByText('Esperando repuesto')).toBeTruthy();
  });

  it('shows a customer on a phone one card per order, without the internal status', async () => {
    phoneViewport();
    const withInternal = { items: [{ ...page.items[0], internal_status: 'Esperando repuesto' }], next_cursor: null };
    stubFetch({ ...sessionRoutes('customer'), 'GET /api/v1/orders': () => jsonResponse(200, withInternal) });
    renderApp('/orders');
    const card = await screen.findByRole('article', { name: 'Orden OS-000042' }, { timeout: 5000 });
    expect(screen.queryByRole('table')).toBeNull();
    expect(within(card).getByRole('link', { name: 'OS-000042' }).getAttribute('href')).toBe('/orders/11111111-1111-4111-8111-111111111111');
    expect(within(card).getByText('Abierta')).toBeTruthy();
    expect(card.textContent).toContain('Estatus para el cliente: Recibido');
    expect(card.textContent).not.toContain('Esperando repuesto');
  });

  it('reads the state filter from the URL and offers "new order" to the office', async () => {
    const fetchMock = stubFetch({ ...sessionRoutes('operator'), 'GET /api/v1/orders': () => jsonResponse(200, page) });
    renderApp('/orders?state=open');
    expect(await screen.findByRole('link', { name: 'OS-000042' }, { timeout: 5000 })).toBeTruthy();
    expect(fetchMock.mock.calls.map(([i]) => String(i))).toContain('/api/v1/orders?state=open');
    expect(screen.getByRole('link', { name: 'Nueva orden' }).getAttribute('href')).toBe('/orders/new');
    expect(screen.getByText('Recibido')).toBeTruthy();
  });

  it('filters by the statuses in the URL and shows each as a chip that clears it', async () => {
    const fetchMock = stubFetch({
      ...sessionRoutes('operator'),
      'GET /api/v1/orders': () => jsonResponse(200, page),
      'GET /api/v1/order-statuses': () =>
        jsonResponse(200, [
          { id: 'st-1', visibility: 'public', label: 'Recibido', position: 1, active: true },
          { id: 'in-1', visibility: 'internal', label: 'Esperando repuesto', position: 1, active: true },
        ]),
    });
    renderApp('/orders?state=open&status_id=st-1&internal_status_id=in-1');
    await screen.findByRole('link', { name: 'OS-000042' }, { timeout: 5000 });
    const urls = () => fetchMock.mock.calls.map(([i]) => String(i)).filter((u) => u.startsWith('/api/v1/orders'));
    expect(urls()).toContain('/api/v1/orders?state=open&status_id=st-1&internal_status_id=in-1');
    const chips = screen.getByRole('group', { name: 'Filtros activos' });
    expect(await within(chips).findByText('Estado: Recibido')).toBeTruthy();
    expect(within(chips).getByText('Estado interno: Esperando repuesto')).toBeTruthy();

    fireEvent.click(within(chips).getByRole('button', { name: 'Quitar el filtro «Estado interno: Esperando repuesto»' }));
    await waitFor(() => expect(urls()).toContain('/api/v1/orders?state=open&status_id=st-1'));
    expect(within(screen.getByRole('group', { name: 'Filtros activos' })).queryByText(/Estado interno/)).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Quitar el filtro «Estado: Recibido»' }));
    await waitFor(() => expect(urls()).toContain('/api/v1/orders?state=open'));
    expect(screen.queryByRole('group', { name: 'Filtros activos' })).toBeNull();
  });

  it('names a customer’s status filter from the orders themselves (the catalogs are staff-only)', async () => {
    const fetchMock = stubFetch({
      ...sessionRoutes('customer'),
      'GET /api/v1/orders': () =>
        jsonResponse(200, { items: [{ ...orderDetail({ public_status_id: 'st-1' }), timeline: undefined }], next_cursor: null }),
    });
    renderApp('/orders?state=open&status_id=st-1');
    expect(await screen.findByText('Estado: Recibido', {}, { timeout: 5000 })).toBeTruthy();
    const calls = fetchMock.mock.calls.map(([i]) => String(i));
    expect(calls).toContain('/api/v1/orders?state=open&status_id=st-1');
    expect(calls.some((u) => u.startsWith('/api/v1/order-statuses'))).toBe(false);
  });

  it('does not offer "new order" to a customer contact', async () => {
    stubFetch({ ...sessionRoutes('customer'), 'GET /api/v1/orders': () => jsonResponse(200, page) });
    renderApp('/orders');
    await screen.findByRole('link', { name: 'OS-000042' }, { timeout: 5000 });
    expect(screen.queryByRole('link', { name: 'Nueva orden' })).toBeNull();
  });

  it('shows a technician one card per assigned order with a large button', async () => {
    stubFetch({ ...sessionRoutes('technician'), 'GET /api/v1/me/orders': () => jsonResponse(200, page) });
    renderApp('/my-orders');
    const card = await screen.findByRole('article', { name: 'Orden OS-000042' }, { timeout: 5000 });
    const open = within(card).getByRole('link', { name: 'Trabajar la orden OS-000042' });
    expect(open.getAttribute('href')).toBe(`/orders/${ORDER_ID}`);
    expect(open.getAttribute('data-size')).toBe('lg');
    expect(within(card).getByText('No enciende')).toBeTruthy();
  });

  it("shows a technician their own closed orders in the history view", async () => {
    phoneViewport();
    const closed = {
      items: [{ ...page.items[0], state: 'closed', closed_at: '2026-11-25T15:00:00Z', public_status: 'Listo para retirar' }],
      next_cursor: null,
    };
    const fetchMock = stubFetch({
      ...sessionRoutes('technician'),
      'GET /api/v1/me/orders': () => jsonResponse(200, page),
      'GET /api/v1/orders': () => jsonResponse(200, closed),
    });
    renderApp('/my-orders');
    await screen.findByRole('link', { name: 'Trabajar la orden OS-000042' }, { timeout: 5000 });
    fireEvent.click(screen.getByRole('radio', { name: 'Historial (cerradas)' }));
    const card = await screen.findByRole('article', { name: 'Orden OS-000042' });
    expect(within(card).getByText('Cerrada')).toBeTruthy();
    expect(card.textContent).toMatch(/Cerrada el \d/);
    expect(within(card).getByRole('link', { name: 'Ver la orden OS-000042' }).getAttribute('href')).toBe(`/orders/${ORDER_ID}`);
    const asked = fetchMock.mock.calls.map(([i]) => String(i)).filter((u) => u.startsWith('/api/v1/orders?'));
    expect(asked).toEqual([`/api/v1/orders?state=closed&technician_id=${userWithRole('technician').id}`]);
  });
});
