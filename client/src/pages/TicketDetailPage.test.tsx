/** Tests for the staff controls on /tickets/:id: valid next states only, priority and assignment. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../api/auth';
import i18n from '../i18n';
import type { Ticket } from '../api/tickets';
import { TICKET_ID, sessionRoutes, ticket } from '../components/operations/testFixtures';
import { jsonResponse, problemResponse, renderApp, sampleUser, stubFetch } from '../test/utils';

vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'));

const URL = `/api/v1/tickets/${TICKET_ID}`;

function routes(role: Role, current: Ticket, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    ...sessionRoutes(role),
    [`GET ${URL}`]: () => jsonResponse(200, current),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: sampleUser.id, name: 'Ana Pérez', role: 'operator', active: true, email: 'ana@example.com' },
        { id: 'u2', name: 'Pedro Gil', role: 'technician', active: true, email: 'p@example.com' },
      ]),
    ...extra,
  };
}

const body = (fetchMock: ReturnType<typeof stubFetch>, method: string, path: string) =>
  fetchMock.mock.calls.filter(([i, init]) => init?.method === method && String(i) === path).map(([, init]) => JSON.parse(String(init?.body)));

// The shared CI machine is slow; whole pages with their layout take a few seconds to render.
vi.setConfig({ testTimeout: 30_000 });

describe('TicketDetailPage controls', () => {
  it('offers only the valid next states and moves the ticket', async () => {
    const fetchMock = stubFetch(
      routes('operator', ticket({ state: 'in_progress' }), {
        [`PUT ${URL}/state`]: () => jsonResponse(200, ticket({ state: 'closed' })),
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const controls = await screen.findByRole('region', { name: 'Gestión del ticket' }, { timeout: 5000 });
    const moves = within(controls).getByRole('group', { name: 'Cambiar estado' });
    expect(within(moves).getAllByRole('button').map((b) => b.textContent)).toEqual(['Poner en espera', 'Resolver y cerrar']);
    fireEvent.click(within(moves).getByRole('button', { name: 'Resolver y cerrar' }));
    expect(await screen.findByText('Estado cambiado a «Cerrado».', {}, { timeout: 5000 })).toBeTruthy();
    expect(body(fetchMock, 'PUT', `${URL}/state`)).toEqual([{ state: 'closed' }]);
    // Closed: the office may reopen it.
    expect(await within(controls).findByRole('button', { name: 'Reabrir' })).toBeTruthy();
  });

  it('lets a seller work the ticket but not reopen or assign it', async () => {
    stubFetch(routes('seller', ticket({ state: 'closed' })));
    renderApp(`/tickets/${TICKET_ID}`);
    const controls = await screen.findByRole('region', { name: 'Gestión del ticket' }, { timeout: 5000 });
    expect(within(controls).queryByRole('button', { name: 'Reabrir' })).toBeNull();
    expect(within(controls).queryByRole('textbox', { name: 'Responsable' })).toBeNull();
    expect(within(controls).getByRole('textbox', { name: 'Prioridad' })).toBeTruthy();
  });

  it('assigns the ticket and changes its priority', async () => {
    const fetchMock = stubFetch(
      routes('admin', ticket(), {
        [`PUT ${URL}/assignee`]: () => jsonResponse(200, ticket({ assignee_id: 'u2', assignee_name: 'Pedro Gil' })),
        [`PUT ${URL}/priority`]: () => jsonResponse(200, ticket({ priority: 'high', assignee_id: 'u2', assignee_name: 'Pedro Gil' })),
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const controls = await screen.findByRole('region', { name: 'Gestión del ticket' }, { timeout: 5000 });
    fireEvent.click(within(controls).getByRole('textbox', { name: 'Responsable' }));
    fireEvent.click(await screen.findByRole('option', { name: /Pedro Gil/, hidden: true }));
    expect(await screen.findByText('Ticket asignado a Pedro Gil.', {}, { timeout: 5000 })).toBeTruthy();
    expect(body(fetchMock, 'PUT', `${URL}/assignee`)).toEqual([{ assignee_id: 'u2' }]);

    fireEvent.click(within(controls).getByRole('textbox', { name: 'Prioridad' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Alta', hidden: true }));
    await waitFor(() => expect(body(fetchMock, 'PUT', `${URL}/priority`)).toEqual([{ priority: 'high' }]));
  });

  it('explains a refused move', async () => {
    stubFetch(
      routes('operator', ticket(), {
        [`PUT ${URL}/state`]: () => problemResponse(422, 'invalid_transition'),
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    const controls = await screen.findByRole('region', { name: 'Gestión del ticket' }, { timeout: 5000 });
    fireEvent.click(within(controls).getByRole('button', { name: 'Empezar a trabajar' }));
    // errors.* is shared between areas; whichever wording wins, it is the translated problem.
    expect(await within(controls).findByText(i18n.t('errors.invalid_transition'), {}, { timeout: 5000 })).toBeTruthy();
  });
});
