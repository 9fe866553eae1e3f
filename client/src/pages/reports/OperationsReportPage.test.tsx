/**
 * Tests for /reports/operations, "Informe de operaciones" (issue 17): the
 * headline figures, the periods (chart and table), the orders by status and
 * the technicians' table from a fixed response, in Spanish; every figure a
 * link to its records (figure, period, group and the report's filters);
 * the filters sent to the API and the export links; what a seller and a
 * technician see; who may open it.
 *
 * The chart is the real one (see RevenueReportPage.test.tsx): boxes are
 * given a size so its bars are drawn and can be clicked.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/auth';
import { createQueryClient } from '../../api/queryClient';
import type { OperationsReport } from '../../api/reports';
import { AppProviders } from '../../components/AppProviders';
import { RequireAuth } from '../../components/RequireAuth';
import {
  CUSTOMER_ID,
  andes,
  companySettings,
  master,
  portalUser,
  problemWithField,
  seller,
  technician,
  urlsCalled,
} from '../../components/customers/testFixtures';
import { jsonResponse, stubFetch } from '../../test/utils';
import { OperationsReportPage } from './OperationsReportPage';

const realRect = HTMLElement.prototype.getBoundingClientRect;
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    if (!this.classList.contains('recharts-responsive-container')) return realRect.call(this);
    return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 320, width: 800, height: 320, toJSON: () => ({}) } as DOMRect;
  });
});

const REPORT = '/api/v1/reports/operations';
const TECH_ID = '44444444-4444-4444-8444-444444444444';
const OTHER_TECH = '55555555-5555-4555-8555-555555555555';

const report: OperationsReport = {
  from: '2026-11-30',
  to: '2026-12-13',
  granularity: 'week',
  opened: 5,
  closed: 3,
  average_cycle_hours: 30.5,
  periods: [
    { start: '2026-11-30', end: '2026-12-06', opened: 4, closed: 2, average_cycle_hours: 24 },
    { start: '2026-12-07', end: '2026-12-13', opened: 1, closed: 0, average_cycle_hours: null },
  ],
  by_status: [
    { status: null, closed: false, orders: 1 },
    { status: 'En taller', closed: false, orders: 1 },
    { status: null, closed: true, orders: 3 },
  ],
  technicians: [
    { user_id: TECH_ID, name: 'Tomás Técnico', assigned: 4, closed: 2, average_close_hours: 20.5, parts_used: 3, tasks: 7, surveys: 2, nps: 9.5, csat: 4.5 },
    { user_id: OTHER_TECH, name: 'Úrsula Urrutia', assigned: 1, closed: 0, average_close_hours: null, parts_used: 0, tasks: 1, surveys: 0, nps: null, csat: null },
  ],
};

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

type Routes = Parameters<typeof stubFetch>[0];

function setup(me: User, url = '/reports/operations', routes: Routes = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    [`GET ${REPORT}`]: () => jsonResponse(200, report),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: TECH_ID, name: 'Tomás Técnico' },
        { id: OTHER_TECH, name: 'Úrsula Urrutia' },
      ]),
    'GET /api/v1/customers': () => jsonResponse(200, { items: [andes], next_cursor: null }),
    [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
    ...routes,
  });
  const page = (element: ReactElement) => (
    <>
      <RequireAuth>{element}</RequireAuth>
      <LocationProbe />
    </>
  );
  render(
    <AppProviders queryClient={createQueryClient()}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/reports/operations" element={page(<OperationsReportPage />)} />
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return fetchMock;
}

const reportCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u.startsWith(REPORT));
const location = () => screen.getByTestId('location').textContent ?? '';
const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll('td, th'), (c) => c.textContent));
/** A link's path and its query as an object. */
const target = (href: string | null) => {
  const url = new URL(href ?? '', 'http://localhost');
  return { path: url.pathname, query: Object.fromEntries(url.searchParams) };
};
const RECORDS = '/reports/operations/records';
const RANGE = { from: '2026-11-30', to: '2026-12-13' };

describe('OperationsReportPage', () => {
  it('shows the headline, periods, statuses and technicians in Spanish', async () => {
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Informe de operaciones' })).toBeTruthy();
    expect((await screen.findByTestId('operations-period')).textContent).toBe('Del 30 nov 2026 al 13 dic 2026 · por semana');
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(within(totals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Abiertas5',
      'Cerradas3',
      'Tiempo medio de ciclo30,5 hDe la recepción al cierre, en horas',
    ]);

    const byPeriod = screen.getByRole('table', { name: 'Órdenes por periodo' });
    expect(within(byPeriod).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Periodo',
      'Abiertas',
      'Cerradas',
      'Tiempo medio de ciclo',
    ]);
    expect(rowTexts(byPeriod)).toEqual([
      ['Sem. 30 nov 2026', '4', '2', '24 h'],
      ['Sem. 7 dic 2026', '1', '0', '—'],
      ['Total', '5', '3', '30,5 h'],
    ]);

    expect(rowTexts(screen.getByRole('table', { name: 'Órdenes por estado' }))).toEqual([
      ['Sin estado', '1'],
      ['En taller', '1'],
      ['Cerrada', '3'],
    ]);

    const techs = screen.getByRole('table', { name: 'Carga y productividad por técnico' });
    expect(within(techs).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Técnico',
      'Asignadas',
      'Cerradas',
      'Horas medias de cierre',
      'Repuestos usados',
      'Tareas',
      'Encuestas',
      'NPS',
      'CSAT',
    ]);
    expect(rowTexts(techs)).toEqual([
      ['Tomás Técnico', '4', '2', '20,5 h', '3', '7', '2', '9,5', '4,5'],
      ['Úrsula Urrutia', '1', '0', '—', '0', '1', '0', '—', '—'],
    ]);

    expect(screen.getByRole('img', { name: 'Gráfico de órdenes abiertas y cerradas por periodo' })).toBeTruthy();
    expect(screen.getByTestId('operations-bar-opened-2026-11-30')).toBeTruthy();
    expect(screen.getByTestId('operations-bar-closed-2026-11-30')).toBeTruthy();
    // A period without closed orders draws no bar.
    expect(screen.queryByTestId('operations-bar-closed-2026-12-07')).toBeNull();

    expect(reportCalls(fetchMock)).toEqual([REPORT]);
    expect(screen.getByRole('link', { name: 'Descargar XLSX' }).getAttribute('href')).toBe(`${REPORT}/export?format=xlsx`);
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/reportsArea|undefined|NaN/);
  });

  it('every figure links to its records, with its period or group and the report filters', async () => {
    const url = `/reports/operations?granularity=week&customer_id=${CUSTOMER_ID}&technician_id=${TECH_ID}&category=VIP&other=1`;
    const fetchMock = setup(master, url);
    await screen.findByTestId('operations-period');
    const sent = `granularity=week&customer_id=${CUSTOMER_ID}&technician_id=${TECH_ID}&category=VIP`;
    expect(reportCalls(fetchMock)).toEqual([`${REPORT}?${sent}`]);
    // The report's filters, with the range the server resolved pinned.
    const filters = { ...RANGE, granularity: 'week', customer_id: CUSTOMER_ID, technician_id: TECH_ID, category: 'VIP' };
    const link = (name: string) => target(screen.getByRole('link', { name }).getAttribute('href'));

    // The headline, and the total row of the periods: the whole range.
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    const byPeriod = screen.getByRole('table', { name: 'Órdenes por periodo' });
    for (const where of [totals, byPeriod]) {
      const whole = (name: string) => target(within(where).getByRole('link', { name }).getAttribute('href'));
      expect(whole('Abiertas, todo el periodo: 5')).toEqual({ path: RECORDS, query: { figure: 'opened', ...filters } });
      expect(whole('Cerradas, todo el periodo: 3')).toEqual({ path: RECORDS, query: { figure: 'closed', ...filters } });
      expect(whole('Tiempo medio de ciclo, todo el periodo: 30,5 h')).toEqual({ path: RECORDS, query: { figure: 'closed', ...filters } });
    }

    // A period's cells: its days.
    const week = { start: '2026-11-30', end: '2026-12-06' };
    expect(link('Abiertas, Sem. 30 nov 2026: 4')).toEqual({ path: RECORDS, query: { figure: 'opened', ...week, ...filters } });
    expect(link('Cerradas, Sem. 30 nov 2026: 2')).toEqual({ path: RECORDS, query: { figure: 'closed', ...week, ...filters } });
    expect(link('Tiempo medio de ciclo, Sem. 30 nov 2026: 24 h')).toEqual({ path: RECORDS, query: { figure: 'closed', ...week, ...filters } });
    // Nothing closed in the second week, so nothing to open.
    expect(screen.getByTestId('operations-period-2026-12-07-closed').tagName).toBe('SPAN');
    expect(screen.getByTestId('operations-period-2026-12-07-cycle').tagName).toBe('SPAN');

    // The statuses: key = label, `none` for no status, `closed` for the closed ones.
    const statuses = screen.getByRole('table', { name: 'Órdenes por estado' });
    const statusLink = (name: string) => target(within(statuses).getByRole('link', { name }).getAttribute('href'));
    expect(statusLink('Órdenes, Sin estado: 1').query).toEqual({ figure: 'status', key: 'none', label: 'Sin estado', ...filters });
    expect(statusLink('Órdenes, En taller: 1').query).toEqual({ figure: 'status', key: 'label:En taller', label: 'En taller', ...filters });
    expect(statusLink('Órdenes, Cerrada: 3').query).toEqual({ figure: 'status', key: 'closed', label: 'Cerrada', ...filters });

    // A technician's figures: key = their user id.
    const tech = (figure: string) => ({ figure, key: TECH_ID, label: 'Tomás Técnico', ...filters });
    expect(link('Asignadas, Tomás Técnico: 4').query).toEqual(tech('technician_assigned'));
    expect(link('Cerradas, Tomás Técnico: 2').query).toEqual(tech('technician_closed'));
    expect(link('Horas medias de cierre, Tomás Técnico: 20,5 h').query).toEqual(tech('technician_closed'));
    expect(link('Repuestos usados, Tomás Técnico: 3').query).toEqual(tech('technician_parts'));
    expect(link('Tareas, Tomás Técnico: 7').query).toEqual(tech('technician_tasks'));
    expect(link('Encuestas, Tomás Técnico: 2').query).toEqual(tech('technician_surveys'));
    expect(link('NPS, Tomás Técnico: 9,5').query).toEqual(tech('technician_surveys'));
    expect(link('CSAT, Tomás Técnico: 4,5').query).toEqual(tech('technician_surveys'));
    expect(link('Tareas, Úrsula Urrutia: 1').query).toEqual({ ...tech('technician_tasks'), key: OTHER_TECH, label: 'Úrsula Urrutia' });
    expect(screen.getByTestId(`operations-technician-${OTHER_TECH}-closed`).tagName).toBe('SPAN');

    // The downloads carry the filters.
    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe(`${REPORT}/export?format=csv&${sent}`);

    fireEvent.click(screen.getByRole('link', { name: 'Tareas, Tomás Técnico: 7' }));
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual(tech('technician_tasks'));
  });

  it('clicking a bar opens the orders opened or closed in its period', async () => {
    setup(master);
    const bar = await screen.findByTestId('operations-bar-closed-2026-11-30');
    expect(bar.getAttribute('cursor')).toBe('pointer');
    fireEvent.click(bar);
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'closed', start: '2026-11-30', end: '2026-12-06', ...RANGE });
  });

  it('sends the filters chosen and shows a 422 on its field', async () => {
    const fetchMock = setup(master, '/reports/operations?from=2026-01-01&to=2026-03-31', {
      // The day grouping is refused (too many periods); the handler sees the URL last asked.
      [`GET ${REPORT}`]: () => {
        const last = String(fetchMock.mock.calls.at(-1)?.[0]);
        return last.includes('granularity=day') ? problemWithField(422, 'validation_failed', 'granularity') : jsonResponse(200, report);
      },
    });
    const filters = await screen.findByRole('search', { name: 'Filtros del informe' });
    await screen.findByTestId('operations-period');

    const techField = within(filters).getByRole('textbox', { name: 'Técnico' });
    fireEvent.click(techField);
    // The technician's own list (the seller's draws from the same stubbed users).
    await waitFor(() => expect(document.getElementById(techField.getAttribute('aria-controls') ?? '')).toBeTruthy());
    const techOptions = document.getElementById(techField.getAttribute('aria-controls') ?? '') as HTMLElement;
    fireEvent.click(await within(techOptions).findByRole('option', { name: 'Tomás Técnico', hidden: true }));
    await waitFor(() => expect(reportCalls(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-03-31&technician_id=${TECH_ID}`));
    expect(new URLSearchParams(location().split('?')[1]).get('technician_id')).toBe(TECH_ID);

    fireEvent.click(within(filters).getByRole('textbox', { name: 'Agrupar por' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Día', hidden: true }));
    expect(await within(filters).findByText('Demasiados periodos para esta agrupación (más de 400): elige una más amplia.')).toBeTruthy();
    expect(screen.getByText('Corrige el filtro marcado para ver el informe.')).toBeTruthy();
  });

  it('a technician sees only their own figures: no technician, seller or customer filter', async () => {
    const fetchMock = setup(technician, `/reports/operations?technician_id=${OTHER_TECH}&seller_id=x&customer_id=${CUSTOMER_ID}&category=VIP`);
    await screen.findByTestId('operations-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).queryByRole('textbox', { name: 'Técnico' })).toBeNull();
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(within(filters).queryByRole('textbox', { name: 'Cliente' })).toBeNull();
    expect(within(filters).getByLabelText('Desde')).toBeTruthy();
    expect(screen.getByText(/Solo ves tus propias cifras\./)).toBeTruthy();
    // The server forces the technician; the page sends only what they may choose.
    expect(reportCalls(fetchMock)).toEqual([`${REPORT}?category=VIP`]);
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/users') || u.startsWith('/api/v1/customers'))).toBe(false);
    expect(target(screen.getByTestId('operations-total-opened').getAttribute('href')).query).toEqual({
      figure: 'opened',
      ...RANGE,
      category: 'VIP',
    });
  });

  it('a seller chooses a technician but not a seller', async () => {
    const fetchMock = setup(seller, '/reports/operations?seller_id=someone-else');
    await screen.findByTestId('operations-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(within(filters).getByRole('textbox', { name: 'Técnico' })).toBeTruthy();
    expect(within(filters).getByRole('textbox', { name: 'Cliente' })).toBeTruthy();
    expect(screen.getByText(/Solo ves las órdenes de tus clientes\./)).toBeTruthy();
    expect(reportCalls(fetchMock)).toEqual([REPORT]);
  });

  it('a customer contact is refused and nothing is asked', async () => {
    const fetchMock = setup(portalUser);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('search')).toBeNull();
    expect(reportCalls(fetchMock)).toHaveLength(0);
  });
});
