/** Tests for the dashboard on / for each audience, and its fallback without the endpoint. */
import { screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Dashboard } from '../api/dashboard';
import { company, sessionRoutes } from '../components/operations/testFixtures';
import { jsonResponse, problemResponse, renderApp, stubFetch } from '../test/utils';

const dashboard: Dashboard = {
  open_orders: 12,
  open_orders_by_status: [
    { status_id: 's1', status_name: 'En reparación', count: 7 },
    { status_id: null, status_name: null, count: 5 },
  ],
  open_orders_by_internal_status: [{ status_id: 'i1', status_name: 'Esperando repuesto', count: 2 }],
  open_tickets_by_priority: [
    { priority: 'high', count: 3 },
    { priority: 'low', count: 1 },
  ],
  appointments_today: [
    {
      id: 'a1',
      starts_at: '2026-11-21T13:00:00Z',
      ends_at: '2026-11-21T14:00:00Z',
      state: 'confirmed',
      customer_name: 'Agro Llanos C.A.',
      equipment_brand: 'Caterpillar',
      equipment_model: '320D',
      equipment_serial: 'SN1',
      technician_name: 'Luis Rojas',
      place: 'Finca El Samán',
    },
  ],
  unread_chats: 4,
  pending_surveys: 2,
};

// The shared CI machine is slow; whole pages with their layout take a few seconds to render.
vi.setConfig({ testTimeout: 30_000 });

describe('HomePage dashboard', () => {
  it('shows the office figures, each linking to its filtered list', async () => {
    stubFetch({
      ...sessionRoutes('operator'),
      'GET /api/v1/settings/company': () => jsonResponse(200, { ...company, name: 'Maquinarias del Sur C.A.' }),
      'GET /api/v1/dashboard': () => jsonResponse(200, dashboard),
    });
    renderApp('/');
    expect(await screen.findByRole('heading', { level: 1, name: '¡Hola, Ana Pérez!' })).toBeTruthy();
    expect((await screen.findByTestId('open-orders')).textContent).toBe('12');
    // The company name ends with an abbreviation: one period, not "C.A..".
    expect(await screen.findByText('Te damos la bienvenida a Maquinarias del Sur C.A.')).toBeTruthy();
    expect(screen.getByTestId('open-tickets').textContent).toBe('4');
    expect(screen.getByTestId('unread-chats').textContent).toBe('4');
    expect(screen.getByTestId('priority-high').textContent).toBe('3');
    expect(screen.getByTestId('priority-medium').textContent).toBe('0');
    expect(screen.getByRole('link', { name: 'Alta' }).getAttribute('href')).toBe('/tickets?priority=high&state=not_closed');
    expect(screen.getByRole('link', { name: /Órdenes abiertas\s*12/ }).getAttribute('href')).toBe('/orders?state=open');
    // Each status row opens the open orders in that status; "no status" the whole open list.
    const byStatus = screen.getByRole('region', { name: 'Órdenes abiertas por estado' });
    expect(within(byStatus).getByRole('link', { name: 'En reparación' }).getAttribute('href')).toBe('/orders?state=open&status_id=s1');
    expect(within(byStatus).getByRole('link', { name: 'Sin estado' }).getAttribute('href')).toBe('/orders?state=open');
    const today = screen.getByRole('region', { name: 'Citas de hoy' });
    expect(within(today).getByRole('link', { name: /Agro Llanos C\.A\./ }).getAttribute('href')).toBe('/appointments/a1');
    expect(within(today).getByText('Confirmada')).toBeTruthy();
    expect(within(today).getByText('Caterpillar 320D (SN1)')).toBeTruthy();
    const byInternal = screen.getByRole('region', { name: 'Órdenes abiertas por estado interno' });
    expect(within(byInternal).getByRole('link', { name: 'Esperando repuesto' }).getAttribute('href')).toBe(
      '/orders?state=open&internal_status_id=i1',
    );
  });

  it('shows a technician their orders and visits', async () => {
    stubFetch({ ...sessionRoutes('technician'), 'GET /api/v1/dashboard': () => jsonResponse(200, { ...dashboard, open_orders: 2 }) });
    renderApp('/');
    expect((await screen.findByRole('link', { name: /Mis órdenes abiertas\s*2/ })).getAttribute('href')).toBe('/my-orders');
    expect(screen.getByRole('heading', { name: 'Mis visitas de hoy' })).toBeTruthy();
    expect(screen.queryByText('Tickets abiertos por prioridad')).toBeNull();
  });

  it('shows a customer their orders, pending surveys and tickets', async () => {
    stubFetch({ ...sessionRoutes('customer'), 'GET /api/v1/dashboard': () => jsonResponse(200, dashboard) });
    renderApp('/');
    expect((await screen.findByRole('link', { name: /Encuestas por responder\s*2/ })).getAttribute('href')).toBe('/surveys');
    expect(screen.getByRole('link', { name: /Mis tickets abiertos\s*4/ }).getAttribute('href')).toBe('/tickets');
    expect(screen.getByRole('link', { name: 'En reparación' }).getAttribute('href')).toBe('/orders?state=open&status_id=s1');
    // A customer sees today's visits only when there are some.
    expect(screen.getByRole('heading', { name: 'Citas de hoy' })).toBeTruthy();
    expect(screen.queryByText('Órdenes abiertas por estado interno')).toBeNull();
  });

  it('falls back to counting the lists while the endpoint is missing', async () => {
    stubFetch({
      ...sessionRoutes('admin'),
      'GET /api/v1/dashboard': () => problemResponse(404, 'not_found'),
      'GET /api/v1/orders': () => jsonResponse(200, { items: [{}, {}, {}], next_cursor: null }),
      'GET /api/v1/tickets': () => jsonResponse(200, { items: [{}], next_cursor: 'abc' }),
    });
    renderApp('/');
    expect(await screen.findByText(/Algunas cifras no están disponibles/, {}, { timeout: 5000 })).toBeTruthy();
    expect((await screen.findByText('3', {}, { timeout: 5000 })).getAttribute('data-testid')).toBe('open-orders');
    expect((await screen.findByText('1+', {}, { timeout: 5000 })).getAttribute('data-testid')).toBe('open-tickets');
  });
});
