/** Tests for /tickets: filters read from and written to the URL, and who may raise a ticket. */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { sessionRoutes, ticket } from '../components/operations/testFixtures';
import { jsonResponse, renderApp, sampleUser, stubFetch } from '../test/utils';

const listCalls = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.map(([i]) => String(i)).filter((u) => u.startsWith('/api/v1/tickets'));

function routes(role: Parameters<typeof sessionRoutes>[0]) {
  return {
    ...sessionRoutes(role),
    'GET /api/v1/tickets': () =>
      jsonResponse(200, { items: [ticket({ priority: 'high', assignee_id: sampleUser.id, assignee_name: 'Ana Pérez' })], next_cursor: null }),
    'GET /api/v1/realtime/unread': () => jsonResponse(200, [{ channel: `ticket:${ticket().id}`, last_read: 1, last_offset: 3, unread: 2 }]),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: 'u2', name: 'Pedro Gil', role: 'admin', active: true, email: 'p@example.com' }]),
  };
}

// The shared CI machine is slow; whole pages with their layout take a few seconds to render.
vi.setConfig({ testTimeout: 30_000 });

describe('TicketsPage', () => {
  it('sends the filters in the URL (as the dashboard links them) to the API', async () => {
    const fetchMock = stubFetch(routes('operator'));
    renderApp('/tickets?priority=high&state=open&assignee_id=u2&bogus=1');
    expect(await screen.findByRole('link', { name: 'PQR-000007' }, { timeout: 5000 })).toBeTruthy();
    expect(listCalls(fetchMock)).toContain('/api/v1/tickets?state=open&priority=high&assignee_id=u2');
    expect((screen.getByRole('textbox', { name: 'Prioridad' }) as HTMLInputElement).value).toBe('Alta');
    expect(screen.getByLabelText('2 mensajes sin leer')).toBeTruthy();
  });

  it('updates the list when a filter changes and clears them all', async () => {
    const fetchMock = stubFetch(routes('operator'));
    renderApp('/tickets');
    await screen.findByRole('link', { name: 'PQR-000007' }, { timeout: 5000 });
    fireEvent.click(screen.getByRole('textbox', { name: 'Tipo' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Reclamo', hidden: true }));
    await waitFor(() => expect(listCalls(fetchMock)).toContain('/api/v1/tickets?type=complaint'));
    fireEvent.click(screen.getByRole('button', { name: 'Quitar filtros' }));
    await waitFor(() => expect((screen.getByRole('textbox', { name: 'Tipo' }) as HTMLInputElement).value).toBe(''));
  });

  it('offers no "new ticket" to a technician, who may not raise tickets', async () => {
    stubFetch(routes('technician'));
    renderApp('/tickets');
    await screen.findByRole('link', { name: 'PQR-000007' }, { timeout: 5000 });
    expect(screen.queryByRole('button', { name: 'Nuevo ticket' })).toBeNull();
  });

  it('checks a new ticket locally before sending', async () => {
    const fetchMock = stubFetch(routes('operator'));
    renderApp('/tickets');
    fireEvent.click(await screen.findByRole('button', { name: 'Nuevo ticket' }, { timeout: 5000 }));
    fireEvent.click(screen.getByRole('button', { name: 'Crear ticket' }));
    expect(await screen.findByText('Elige un cliente.')).toBeTruthy();
    expect(screen.getByText('Escribe el asunto.')).toBeTruthy();
    expect(fetchMock.mock.calls.filter(([i, init]) => init?.method === 'POST' && String(i) === '/api/v1/tickets')).toHaveLength(0);
  });
});
