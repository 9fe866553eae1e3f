/**
 * Tests for /reports/revenue, "Informe de ingresos" (issue 17): the figures
 * of a report in Spanish format (totals, periods, customers, sellers,
 * service types, aging), the filters kept in the URL and sent to the API,
 * a 422 shown on its field, the drill-down from a bar or a figure to the
 * invoices (or payments) behind it, the export links, what a seller sees,
 * who may open it, and its nav entry.
 *
 * The chart is the real one (Mantine's BarChart over recharts): boxes are
 * given a size so its responsive container draws the bars, which are then
 * clicked as a person would.
 */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/auth';
import { createQueryClient } from '../../api/queryClient';
import type { RevenueFigures, RevenueReport } from '../../api/reports';
import { AppProviders } from '../../components/AppProviders';
import { RequireAuth } from '../../components/RequireAuth';
import {
  CUSTOMER_ID,
  SELLER_ID,
  andes,
  companySettings,
  master,
  operator,
  portalUser,
  problemWithField,
  seller,
  technician,
  urlsCalled,
} from '../../components/customers/testFixtures';
import { navItemsFor } from '../../components/nav';
import { jsonResponse, problemResponse, stubFetch } from '../../test/utils';
import { RevenueReportPage } from './RevenueReportPage';

// jsdom lays nothing out: give the chart's responsive container a desk-sized
// box so the real chart draws its bars.
const realRect = HTMLElement.prototype.getBoundingClientRect;
beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    if (!this.classList.contains('recharts-responsive-container')) return realRect.call(this);
    return { x: 0, y: 0, top: 0, left: 0, right: 800, bottom: 320, width: 800, height: 320, toJSON: () => ({}) } as DOMRect;
  });
});

const REPORT = '/api/v1/reports/revenue';

const figures = (over: Partial<RevenueFigures> = {}): RevenueFigures => ({
  invoiced: '0.00',
  credited: '0.00',
  net: '0.00',
  collected: '0.00',
  invoices: 0,
  payments: 0,
  ...over,
});

const report: RevenueReport = {
  from: '2026-11-30',
  to: '2026-12-13',
  granularity: 'week',
  currency: 'USD',
  totals: figures({ invoiced: '1500.00', credited: '100.00', net: '1400.00', collected: '350.00', invoices: 3, payments: 1 }),
  periods: [
    {
      start: '2026-11-30',
      end: '2026-12-06',
      figures: figures({ invoiced: '1500.00', credited: '100.00', net: '1400.00', collected: '350.00', invoices: 3, payments: 1 }),
    },
    { start: '2026-12-07', end: '2026-12-13', figures: figures() },
  ],
  by_customer: [
    {
      customer_id: CUSTOMER_ID,
      name: 'Constructora Los Andes C.A.',
      figures: figures({ invoiced: '1500.00', credited: '100.00', net: '1400.00', collected: '350.00', invoices: 3, payments: 1 }),
    },
  ],
  by_seller: [
    { seller_id: SELLER_ID, name: 'Sara Vendedora', figures: figures({ invoiced: '1000.00', net: '1000.00', invoices: 2 }) },
    { seller_id: null, name: null, figures: figures({ invoiced: '500.00', credited: '100.00', net: '400.00', collected: '350.00', invoices: 1, payments: 1 }) },
  ],
  by_service_type: [
    { kind: 'part', invoiced: '500.00' },
    { kind: 'service', invoiced: '1000.00' },
  ],
  aging: { current: '200.00', days_1_30: '100.00', days_31_60: '0.00', days_61_90: '0.00', over_90: '50.00', total: '350.00' },
};

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

type Routes = Parameters<typeof stubFetch>[0];

/** The page behind RequireAuth at `url`; any other route shows where the app went. */
function setup(me: User, url = '/reports/revenue', routes: Routes = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    [`GET ${REPORT}`]: () => jsonResponse(200, report),
    'GET /api/v1/users': () => jsonResponse(200, [seller]),
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
          <Route path="/reports/revenue" element={page(<RevenueReportPage />)} />
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  return fetchMock;
}

const reportCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u.startsWith(REPORT));
const location = () => screen.getByTestId('location').textContent;
const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll('td, th'), (c) => c.textContent));

describe('RevenueReportPage', () => {
  it('shows the totals, the periods, customers, sellers, service types and aging in Spanish', async () => {
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Informe de ingresos' })).toBeTruthy();
    expect((await screen.findByTestId('revenue-period')).textContent).toBe('Del 30 nov 2026 al 13 dic 2026 · por semana');
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(within(totals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Facturado1500,00\u00a0US$3 facturas',
      'Notas de crédito100,00\u00a0US$',
      'Neto1400,00\u00a0US$',
      'Cobrado350,00\u00a0US$1 pago',
    ]);

    const byPeriod = screen.getByRole('table', { name: 'Ingresos por periodo' });
    expect(within(byPeriod).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Periodo',
      'Facturado',
      'Notas de crédito',
      'Neto',
      'Cobrado',
      'Facturas',
      'Pagos',
    ]);
    expect(rowTexts(byPeriod)).toEqual([
      ['Sem. 30 nov 2026', '1500,00\u00a0US$', '100,00\u00a0US$', '1400,00\u00a0US$', '350,00\u00a0US$', '3', '1'],
      ['Sem. 7 dic 2026', '0,00\u00a0US$', '0,00\u00a0US$', '0,00\u00a0US$', '0,00\u00a0US$', '0', '0'],
      ['Total', '1500,00\u00a0US$', '100,00\u00a0US$', '1400,00\u00a0US$', '350,00\u00a0US$', '3', '1'],
    ]);

    const byCustomer = screen.getByRole('table', { name: 'Ingresos por cliente' });
    expect(rowTexts(byCustomer)).toEqual([
      ['Constructora Los Andes C.A.', '1500,00\u00a0US$', '100,00\u00a0US$', '1400,00\u00a0US$', '350,00\u00a0US$', '3', '1'],
    ]);
    expect(within(byCustomer).getByRole('link', { name: 'Constructora Los Andes C.A.' }).getAttribute('href')).toBe(
      `/billing/invoices?customer_id=${CUSTOMER_ID}&issued_from=2026-11-30&issued_to=2026-12-13`,
    );
    const bySeller = screen.getByRole('table', { name: 'Ingresos por vendedor' });
    expect(rowTexts(bySeller).map((r) => [r[0], r[3]])).toEqual([
      ['Sara Vendedora', '1000,00\u00a0US$'],
      ['Sin vendedor', '400,00\u00a0US$'],
    ]);
    // The office opens the report of one seller from their name.
    expect(within(bySeller).getByRole('link', { name: 'Sara Vendedora' }).getAttribute('href')).toBe(
      `/reports/revenue?seller_id=${SELLER_ID}`,
    );
    expect(rowTexts(screen.getByRole('table', { name: 'Facturado por tipo de servicio' }))).toEqual([
      ['Repuestos', '500,00\u00a0US$', '33,3 %'],
      ['Servicio', '1000,00\u00a0US$', '66,7 %'],
    ]);
    const aging = screen.getByRole('table', { name: 'Antigüedad de saldos' });
    expect(within(aging).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Al día',
      '1–30 días',
      '31–60 días',
      '61–90 días',
      'Más de 90 días',
      'Total',
    ]);
    expect(rowTexts(aging)).toEqual([['200,00\u00a0US$', '100,00\u00a0US$', '0,00\u00a0US$', '0,00\u00a0US$', '50,00\u00a0US$', '350,00\u00a0US$']]);
    expect(screen.getByRole('link', { name: 'Ver cuentas por cobrar' }).getAttribute('href')).toBe('/billing/receivables');

    expect(screen.getByRole('img', { name: 'Gráfico de ingresos por periodo' })).toBeTruthy();
    // The bars of the periods with figures, named by series and period.
    expect(screen.getByTestId('revenue-bar-net-2026-11-30')).toBeTruthy();
    expect(screen.getByTestId('revenue-bar-collected-2026-11-30')).toBeTruthy();
    // Without filters the server picks the last twelve months.
    expect(reportCalls(fetchMock)).toEqual([REPORT]);
    expect(document.body.textContent).not.toMatch(/reportsArea|undefined|NaN/);
  });

  it('says when the period has no figures, and still shows the aging', async () => {
    setup(operator, '/reports/revenue', {
      [`GET ${REPORT}`]: () =>
        jsonResponse(200, { ...report, totals: figures(), periods: [], by_customer: [], by_seller: [], by_service_type: [] }),
    });
    expect(await screen.findByText('Sin facturas, notas de crédito ni pagos en el periodo.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Ingresos por periodo' })).toBeNull();
    expect(screen.getByRole('table', { name: 'Antigüedad de saldos' })).toBeTruthy();
  });

  it('keeps the filters in the URL and sends them to the API', async () => {
    const fetchMock = setup(master, '/reports/revenue?from=2026-01-01&to=2026-03-31&granularity=bogus&other=1');
    await screen.findByTestId('revenue-period');
    expect(reportCalls(fetchMock)).toEqual([`${REPORT}?from=2026-01-01&to=2026-03-31`]);
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect((within(filters).getByLabelText('Desde') as HTMLInputElement).value).toBe('2026-01-01');
    expect((within(filters).getByRole('textbox', { name: 'Agrupar por' }) as HTMLInputElement).value).toBe('Automático');

    fireEvent.change(within(filters).getByLabelText('Hasta'), { target: { value: '2026-06-30' } });
    await waitFor(() => expect(reportCalls(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-06-30`));

    fireEvent.click(within(filters).getByRole('textbox', { name: 'Agrupar por' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Mes', hidden: true }));
    await waitFor(() => expect(reportCalls(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-06-30&granularity=month`));

    fireEvent.click(within(filters).getByRole('textbox', { name: 'Vendedor' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Sara Vendedora', hidden: true }));
    await waitFor(() =>
      expect(reportCalls(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-06-30&granularity=month&seller_id=${SELLER_ID}`),
    );

    fireEvent.click(within(filters).getByRole('textbox', { name: 'Cliente' }));
    fireEvent.click(await screen.findByRole('option', { name: /Constructora Los Andes/, hidden: true }));
    fireEvent.change(within(filters).getByLabelText('Segmento (categoría)'), { target: { value: 'VIP' } });
    const all = `from=2026-01-01&to=2026-06-30&granularity=month&customer_id=${CUSTOMER_ID}&seller_id=${SELLER_ID}&category=VIP`;
    await waitFor(() => expect(reportCalls(fetchMock)).toContain(`${REPORT}?${all}`));
    expect(new URLSearchParams(location()?.split('?')[1]).get('other')).toBe('1');
    expect(Object.fromEntries(new URLSearchParams(location()?.split('?')[1]))).toEqual({
      from: '2026-01-01',
      to: '2026-06-30',
      granularity: 'month',
      other: '1',
      seller_id: SELLER_ID,
      customer_id: CUSTOMER_ID,
      category: 'VIP',
    });

    // The downloads carry the same filters.
    const xlsx = screen.getByRole('link', { name: 'Descargar XLSX' });
    expect(xlsx.getAttribute('href')).toBe(`${REPORT}/export?format=xlsx&${all}`);
    expect(xlsx.hasAttribute('download')).toBe(true);
    const csv = screen.getByRole('link', { name: 'Descargar CSV' });
    expect(csv.getAttribute('href')).toBe(`${REPORT}/export?format=csv&${all}`);
    expect(csv.hasAttribute('download')).toBe(true);

    // "Automático" takes the grouping out again.
    fireEvent.click(within(filters).getByRole('textbox', { name: 'Agrupar por' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Automático', hidden: true }));
    await waitFor(() => expect(location()).not.toContain('granularity'));
  });

  it('names the customer of a URL filter and does not ask for a range that ends before it starts', async () => {
    const fetchMock = setup(master, `/reports/revenue?customer_id=${CUSTOMER_ID}&from=2026-05-01&to=2026-04-01`);
    const filters = await screen.findByRole('search', { name: 'Filtros del informe' });
    await waitFor(() =>
      expect((within(filters).getByRole('textbox', { name: 'Cliente' }) as HTMLInputElement).value).toBe(
        'Constructora Los Andes C.A. · J-12345678-4',
      ),
    );
    expect(within(filters).getByText('La fecha «hasta» debe ser igual o posterior a «desde».')).toBeTruthy();
    expect(screen.getByText('Corrige el filtro marcado para ver el informe.')).toBeTruthy();
    expect(reportCalls(fetchMock)).toEqual([]);
  });

  it.each([
    ['to', 'Hasta', 'Revisa el periodo: debe terminar el mismo día o después de empezar y abarcar como máximo 10 años.'],
    ['granularity', 'Agrupar por', 'Demasiados periodos para esta agrupación (más de 400): elige una más amplia.'],
  ])('shows a 422 naming %s on the field "%s"', async (field, label, message) => {
    setup(master, '/reports/revenue?from=2016-01-01&to=2026-12-31&granularity=day', {
      [`GET ${REPORT}`]: () => problemWithField(422, 'validation_failed', field),
    });
    const filters = await screen.findByRole('search', { name: 'Filtros del informe' });
    expect(await within(filters).findByText(message)).toBeTruthy();
    const input = within(filters).getByLabelText(label);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(input.getAttribute('aria-describedby')?.split(' ').find((id) => id.includes('error')) ?? '')?.textContent).toBe(
      message,
    );
    expect(screen.getByText('Corrige el filtro marcado para ver el informe.')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows other failures as an alert', async () => {
    setup(master, '/reports/revenue', { [`GET ${REPORT}`]: () => problemResponse(400, 'bad_request') });
    expect(await screen.findByRole('alert')).toBeTruthy();
  });

  it('clicking a "Facturado" bar opens the invoices issued in that period, for the customer filtered', async () => {
    setup(master, `/reports/revenue?customer_id=${CUSTOMER_ID}`);
    const bar = await screen.findByTestId('revenue-bar-net-2026-11-30');
    // recharts' own bar: <path class="recharts-rectangle" data-testid=… cursor="pointer">.
    expect(bar.tagName).toBe('path');
    expect(bar.classList.contains('recharts-rectangle')).toBe(true);
    expect(bar.getAttribute('cursor')).toBe('pointer');
    // A period without figures draws no bar.
    expect(screen.queryByTestId('revenue-bar-net-2026-12-07')).toBeNull();
    fireEvent.click(bar);
    await waitFor(() =>
      expect(location()).toBe(`/billing/invoices?customer_id=${CUSTOMER_ID}&issued_from=2026-11-30&issued_to=2026-12-06`),
    );
  });

  it('clicking a "Cobrado" bar opens the payments received in that period', async () => {
    setup(operator);
    fireEvent.click(await screen.findByTestId('revenue-bar-collected-2026-11-30'));
    await waitFor(() => expect(location()).toBe('/cash?from=2026-11-30&to=2026-12-06'));
  });

  it('every figure of the period table links to its records', async () => {
    setup(master);
    const table = await screen.findByRole('table', { name: 'Ingresos por periodo' });
    const href = (name: string) => within(table).getByRole('link', { name }).getAttribute('href');
    const invoices = '/billing/invoices?issued_from=2026-11-30&issued_to=2026-12-06';
    expect(href('Facturado, Sem. 30 nov 2026: 1500,00\u00a0US$')).toBe(invoices);
    expect(href('Notas de crédito, Sem. 30 nov 2026: 100,00\u00a0US$')).toBe(invoices);
    expect(href('Neto, Sem. 30 nov 2026: 1400,00\u00a0US$')).toBe(invoices);
    expect(href('Facturas, Sem. 30 nov 2026: 3')).toBe(invoices);
    expect(href('Cobrado, Sem. 30 nov 2026: 350,00\u00a0US$')).toBe('/cash?from=2026-11-30&to=2026-12-06');
    expect(href('Pagos, Sem. 30 nov 2026: 1')).toBe('/cash?from=2026-11-30&to=2026-12-06');
    expect(href('Facturado, todo el periodo: 1500,00\u00a0US$')).toBe('/billing/invoices?issued_from=2026-11-30&issued_to=2026-12-13');

    fireEvent.click(screen.getByTestId('revenue-period-2026-11-30-invoiced'));
    await waitFor(() => expect(location()).toBe(invoices));
  });

  it('a seller gets no seller filter, only their customers, and no link to the payment search', async () => {
    const fetchMock = setup(seller, `/reports/revenue?seller_id=someone-else`);
    await screen.findByTestId('revenue-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(screen.getByText(/Solo ves las cifras de tus clientes\./)).toBeTruthy();
    // The server forces the seller; the page does not send another one.
    expect(reportCalls(fetchMock)).toEqual([REPORT]);
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/users'))).toBe(false);
    expect(screen.getByRole('link', { name: 'Descargar XLSX' }).getAttribute('href')).toBe(`${REPORT}/export?format=xlsx`);

    const table = screen.getByRole('table', { name: 'Ingresos por periodo' });
    expect(within(table).queryByRole('link', { name: /^Cobrado/ })).toBeNull();
    expect(within(table).getByRole('link', { name: 'Facturado, Sem. 30 nov 2026: 1500,00\u00a0US$' })).toBeTruthy();
    expect(within(screen.getByRole('table', { name: 'Ingresos por vendedor' })).queryByRole('link')).toBeNull();

    const collected = screen.getByTestId('revenue-bar-collected-2026-11-30');
    expect(collected.getAttribute('cursor')).toBeNull();
    fireEvent.click(collected);
    expect(location()).toBe('/reports/revenue?seller_id=someone-else');
    fireEvent.click(screen.getByTestId('revenue-bar-net-2026-11-30'));
    await waitFor(() => expect(location()).toBe('/billing/invoices?issued_from=2026-11-30&issued_to=2026-12-06'));
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('%s is refused and nothing is asked', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('search')).toBeNull();
    expect(reportCalls(fetchMock)).toHaveLength(0);
  });

  it('has a nav entry "Informe de ingresos" for the office and sellers only', () => {
    for (const role of ['master', 'admin', 'operator', 'seller'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/reports/revenue' && i.labelKey === 'nav.revenueReport')).toBe(true);
    }
    for (const role of ['technician', 'customer'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/reports/revenue')).toBe(false);
    }
  });
});
