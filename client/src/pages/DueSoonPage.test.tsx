/**
 * Tests for /maintenance/due-soon: the list of machines due soon or overdue
 * (table, cards on a phone), links to the customer and the proposed visit,
 * the empty state, and the live refresh on `maintenance.plan_changed`.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api/auth';
import type { DueSoonMachine } from '../api/servicePlans';
import { portalUser } from '../components/customers/testFixtures';
import { PROPOSAL_ID, dueSoonExcavator, overdueLoader } from '../components/maintenance/testFixtures';
import { callsTo, jsonResponse, phoneViewport, renderPage, sampleUser, stubFetch } from '../test/utils';
import { DueSoonPage } from './DueSoonPage';
import { feeds } from '../test/realtimeStandIn';

vi.mock('../realtime/client', async () => (await import('../test/realtimeStandIn')).realtimeStandIn);

beforeEach(() => feeds.clear());

const DUE_SOON = '/api/v1/service-plans/due-soon';

function setup(user: User, answers: DueSoonMachine[][]) {
  let call = 0;
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, user),
    [`GET ${DUE_SOON}`]: () => jsonResponse(200, answers[Math.min(call++, answers.length - 1)]),
  });
  renderPage('/maintenance/due-soon', <DueSoonPage />);
  return fetchMock;
}

describe('DueSoonPage', () => {
  it('lists the machines due soon with customer, machine, meter, next service, reason, status and visit', async () => {
    setup(sampleUser, [[overdueLoader, dueSoonExcavator]]);
    expect(screen.getByRole('heading', { level: 1, name: 'Mantenimiento próximo' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Equipos con mantenimiento próximo' });
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    const loader = rows[1];
    expect(within(loader).getByRole('link', { name: 'Minera El Callao S.A.' }).getAttribute('href')).toBe(
      `/customers/${overdueLoader.customer_id}`,
    );
    expect(within(loader).getByText('Komatsu WA470 K470-9')).toBeTruthy();
    expect(within(loader).getByText('5120 h')).toBeTruthy();
    expect(within(loader).getByText('30 nov 2026')).toBeTruthy();
    expect(within(loader).getByText('Por calendario')).toBeTruthy();
    expect(within(loader).getByText('Vencido')).toBeTruthy();
    expect(within(loader).getByText('Sin visita propuesta')).toBeTruthy();
    const excavator = rows[2];
    expect(within(excavator).getByText('21 dic 2026')).toBeTruthy();
    expect(within(excavator).getByText('Por horas (a las 350 h)')).toBeTruthy();
    expect(within(excavator).getByText('Próximo')).toBeTruthy();
    expect(within(excavator).getByText('Propuesta')).toBeTruthy();
    expect(within(excavator).getByRole('link', { name: /^Visita del/ }).getAttribute('href')).toBe(`/appointments/${PROPOSAL_ID}`);
  });

  it('refreshes live when a plan changes (office)', async () => {
    const fetchMock = setup(sampleUser, [[], [dueSoonExcavator]]);
    expect(await screen.findByText('Ningún equipo tiene mantenimiento próximo.')).toBeTruthy();
    await waitFor(() => expect(feeds.has('staff:maintenance')).toBe(true));
    act(() =>
      feeds.get('staff:maintenance')?.({
        type: 'maintenance.plan_changed',
        equipment_id: dueSoonExcavator.plan.equipment_id,
        customer_id: dueSoonExcavator.customer_id,
        due_on: '2026-12-21',
        status: 'due_soon',
        proposal_id: PROPOSAL_ID,
        by: null,
      }),
    );
    expect(await screen.findByText('Constructora Los Andes C.A.')).toBeTruthy();
    expect(callsTo(fetchMock, 'GET', DUE_SOON)).toHaveLength(2);
  });

  it('shows a customer their machines as cards on a phone, without links to the directory', async () => {
    phoneViewport();
    setup(portalUser, [[dueSoonExcavator]]);
    const list = await screen.findByRole('list', { name: 'Equipos con mantenimiento próximo' });
    const card = within(list).getByTestId(`due-${dueSoonExcavator.plan.equipment_id}`);
    expect(within(card).getByText('Constructora Los Andes C.A.')).toBeTruthy();
    expect(within(card).queryByRole('link', { name: 'Constructora Los Andes C.A.' })).toBeNull();
    expect(within(card).getByText(/21 dic 2026 · Por horas \(a las 350 h\)/)).toBeTruthy();
    expect(within(card).getByRole('link', { name: /^Visita del/ })).toBeTruthy();
    // The server refuses the office channel to customers: the page does not ask.
    expect(feeds.has('staff:maintenance')).toBe(false);
  });
});
