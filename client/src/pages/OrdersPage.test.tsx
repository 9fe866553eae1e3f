/** Tests for /orders (filters from the URL, "new order" for creating roles) and the technician's /my-orders cards. */
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ORDER_ID, orderDetail, sessionRoutes } from '../components/operations/testFixtures';
import { jsonResponse, renderApp, stubFetch } from '../test/utils';

vi.setConfig({ testTimeout: 30_000 });

const page = { items: [{ ...orderDetail(), timeline: undefined }], next_cursor: null };

describe('OrdersPage', () => {
  it('reads the state filter from the URL and offers "new order" to the office', async () => {
    const fetchMock = stubFetch({ ...sessionRoutes('operator'), 'GET /api/v1/orders': () => jsonResponse(200, page) });
    renderApp('/orders?state=open');
    expect(await screen.findByRole('link', { name: 'OS-000042' }, { timeout: 5000 })).toBeTruthy();
    expect(fetchMock.mock.calls.map(([i]) => String(i))).toContain('/api/v1/orders?state=open');
    expect(screen.getByRole('link', { name: 'Nueva orden' }).getAttribute('href')).toBe('/orders/new');
    expect(screen.getByText('Recibido')).toBeTruthy();
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
});
