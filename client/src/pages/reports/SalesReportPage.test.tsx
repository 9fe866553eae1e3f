/**
 * Tests for /reports/sales, "Informe de ventas" (issue 17): the headline,
 * the periods (chart and table), the funnel and the sellers from a fixed
 * response, in Spanish with the report's currency and rates with one
 * decimal; every figure a link to the opportunities behind it (figure,
 * period, seller or stage, and the report's filters); the filters sent and
 * the export links; what a seller sees; who may open it.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/auth';
import type { SalesFigures, SalesReport } from '../../api/reports';
import { CUSTOMER_ID, SELLER_ID, master, portalUser, seller, technician } from '../../components/customers/testFixtures';
import { callsTo, linkTarget, location, renderReport, rowTexts, sizeCharts, target } from './reportTestUtils';
import { SalesReportPage } from './SalesReportPage';

sizeCharts();

const API = '/api/v1/reports/sales';
const RECORDS = '/reports/sales/records';
const RANGE = { from: '2026-10-01', to: '2026-11-30' };
const ADMIN_ID = '66666666-6666-4666-8666-666666666666';

const figures = (over: Partial<SalesFigures>): SalesFigures => ({
  created: 0,
  open: 0,
  won: 0,
  lost: 0,
  win_rate_pct: null,
  conversion_pct: null,
  won_value: '0.00',
  pipeline_value: '0.00',
  weighted_value: '0.00',
  ...over,
});

const report: SalesReport = {
  ...RANGE,
  granularity: 'month',
  currency: 'USD',
  totals: figures({
    created: 4,
    open: 2,
    won: 1,
    lost: 1,
    win_rate_pct: 50,
    conversion_pct: 25,
    won_value: '18500.00',
    pipeline_value: '91300.00',
    weighted_value: '22825.00',
  }),
  funnel: [
    { stage: 'prospect', reached: 4, from_previous_pct: null },
    { stage: 'qualified', reached: 3, from_previous_pct: 75 },
    { stage: 'proposal', reached: 2, from_previous_pct: 66.7 },
    { stage: 'negotiation', reached: 1, from_previous_pct: 50 },
    { stage: 'won', reached: 0, from_previous_pct: 0 },
  ],
  periods: [
    {
      start: '2026-10-01',
      end: '2026-10-31',
      figures: figures({ created: 3, open: 1, won: 1, lost: 1, win_rate_pct: 50, conversion_pct: 33.3, won_value: '18500.00', pipeline_value: '27300.00', weighted_value: '13650.00' }),
    },
    {
      start: '2026-11-01',
      end: '2026-11-30',
      figures: figures({ created: 1, open: 1, conversion_pct: 0, pipeline_value: '64000.00', weighted_value: '9175.00' }),
    },
  ],
  by_seller: [
    {
      seller_id: SELLER_ID,
      name: 'Víctor Vendedor',
      figures: figures({ created: 3, open: 1, won: 1, lost: 1, win_rate_pct: 50, conversion_pct: 33.3, won_value: '18500.00', pipeline_value: '27300.00', weighted_value: '13650.00' }),
    },
    {
      seller_id: ADMIN_ID,
      name: 'Ana Administradora',
      figures: figures({ created: 1, open: 1, conversion_pct: 0, pipeline_value: '64000.00', weighted_value: '9175.00' }),
    },
  ],
};

const setup = (me: User, url = '/reports/sales') => renderReport(me, '/reports/sales', <SalesReportPage />, url, API, report);
const usd = (v: string) => `${v}\u00a0US$`;

describe('SalesReportPage', () => {
  it('shows the headline, periods, funnel and sellers in Spanish', async () => {
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Informe de ventas' })).toBeTruthy();
    expect((await screen.findByTestId('sales-period')).textContent).toBe('Del 1 oct 2026 al 30 nov 2026 · por mes');
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(within(totals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Creadas4',
      'Abiertas2',
      'Ganadas1',
      'Perdidas1',
      'Tasa de cierre50 %Ganadas ÷ (ganadas + perdidas)',
      'Conversión25 %Ganadas ÷ creadas',
      `Valor ganado${usd('18.500,00')}`,
      `Valor en cartera${usd('91.300,00')}De las que siguen abiertas`,
      `Valor ponderado${usd('22.825,00')}Cartera × probabilidad`,
    ]);

    const byPeriod = screen.getByRole('table', { name: 'Ventas por periodo' });
    expect(within(byPeriod).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Periodo',
      'Creadas',
      'Abiertas',
      'Ganadas',
      'Perdidas',
      'Tasa de cierre',
      'Conversión',
      'Valor ganado',
      'Valor en cartera',
      'Valor ponderado',
    ]);
    expect(rowTexts(byPeriod)).toEqual([
      ['oct 2026', '3', '1', '1', '1', '50 %', '33,3 %', usd('18.500,00'), usd('27.300,00'), usd('13.650,00')],
      ['nov 2026', '1', '1', '0', '0', '—', '0 %', usd('0,00'), usd('64.000,00'), usd('9175,00')],
      ['Total', '4', '2', '1', '1', '50 %', '25 %', usd('18.500,00'), usd('91.300,00'), usd('22.825,00')],
    ]);

    expect(rowTexts(screen.getByRole('table', { name: 'Embudo de ventas' }))).toEqual([
      ['Prospecto', '4', '—'],
      ['Calificado', '3', '75 %'],
      ['Propuesta', '2', '66,7 %'],
      ['Negociación', '1', '50 %'],
      ['Ganada', '0', '0 %'],
    ]);
    expect(screen.getByRole('img', { name: 'Gráfico del embudo de ventas' })).toBeTruthy();

    expect(rowTexts(screen.getByRole('table', { name: 'Ventas por vendedor' }))).toEqual([
      ['Víctor Vendedor', '3', '1', '1', '1', '50 %', '33,3 %', usd('18.500,00'), usd('27.300,00'), usd('13.650,00')],
      ['Ana Administradora', '1', '1', '0', '0', '—', '0 %', usd('0,00'), usd('64.000,00'), usd('9175,00')],
    ]);

    expect(screen.getByRole('img', { name: 'Gráfico de oportunidades creadas, ganadas y perdidas por periodo' })).toBeTruthy();
    expect(screen.getByTestId('sales-bar-created-2026-10-01')).toBeTruthy();
    expect(screen.getByTestId('sales-bar-won-2026-10-01')).toBeTruthy();
    expect(screen.getByTestId('sales-bar-lost-2026-10-01')).toBeTruthy();

    expect(callsTo(fetchMock, API)).toEqual([API]);
    expect(screen.getByRole('link', { name: 'Descargar XLSX' }).getAttribute('href')).toBe(`${API}/export?format=xlsx`);
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/reportsArea|crm\.|undefined|NaN/);
  });

  it('every figure links to its opportunities, with its period, seller or stage and the report filters', async () => {
    const url = `/reports/sales?granularity=month&customer_id=${CUSTOMER_ID}&seller_id=${SELLER_ID}&technician_id=t1&category=VIP`;
    const fetchMock = setup(master, url);
    await screen.findByTestId('sales-period');
    // No technician: the sales report does not take one.
    const sent = `granularity=month&customer_id=${CUSTOMER_ID}&seller_id=${SELLER_ID}&category=VIP`;
    expect(callsTo(fetchMock, API)).toEqual([`${API}?${sent}`]);
    const filters = { ...RANGE, granularity: 'month', customer_id: CUSTOMER_ID, seller_id: SELLER_ID, category: 'VIP' };
    const records = (query: Record<string, string>) => ({ path: RECORDS, query: { ...query, ...filters } });

    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(linkTarget('Creadas, todo el periodo: 4', totals)).toEqual(records({ figure: 'created' }));
    expect(linkTarget('Abiertas, todo el periodo: 2', totals)).toEqual(records({ figure: 'open' }));
    expect(linkTarget('Ganadas, todo el periodo: 1', totals)).toEqual(records({ figure: 'won' }));
    expect(linkTarget('Perdidas, todo el periodo: 1', totals)).toEqual(records({ figure: 'lost' }));
    expect(linkTarget('Tasa de cierre, todo el periodo: 50 %', totals)).toEqual(records({ figure: 'won' }));
    expect(linkTarget('Conversión, todo el periodo: 25 %', totals)).toEqual(records({ figure: 'created' }));
    expect(linkTarget(`Valor ganado, todo el periodo: ${usd('18.500,00')}`, totals)).toEqual(records({ figure: 'won' }));
    expect(linkTarget(`Valor en cartera, todo el periodo: ${usd('91.300,00')}`, totals)).toEqual(records({ figure: 'open' }));

    const october = { start: '2026-10-01', end: '2026-10-31' };
    expect(linkTarget('Creadas, oct 2026: 3')).toEqual(records({ figure: 'created', ...october }));
    expect(linkTarget('Perdidas, oct 2026: 1')).toEqual(records({ figure: 'lost', ...october }));
    // Nothing won or lost in November: nothing to open (nor its value or win rate).
    expect(screen.getByTestId('sales-period-2026-11-01-won').tagName).toBe('SPAN');
    expect(screen.getByTestId('sales-period-2026-11-01-won_value').tagName).toBe('SPAN');
    expect(screen.getByTestId('sales-period-2026-11-01-win_rate_pct').tagName).toBe('SPAN');
    // A conversion of 0 % still stands on the opportunities created.
    expect(linkTarget('Conversión, nov 2026: 0 %')).toEqual(records({ figure: 'created', start: '2026-11-01', end: '2026-11-30' }));

    // A seller's figures: key = the seller's user id.
    const victor = (figure: string) => records({ figure, key: SELLER_ID, label: 'Víctor Vendedor' });
    expect(linkTarget('Creadas, Víctor Vendedor: 3')).toEqual(victor('created'));
    expect(linkTarget(`Valor ganado, Víctor Vendedor: ${usd('18.500,00')}`)).toEqual(victor('won'));
    expect(linkTarget(`Valor en cartera, Ana Administradora: ${usd('64.000,00')}`)).toEqual(
      records({ figure: 'open', key: ADMIN_ID, label: 'Ana Administradora' }),
    );

    // A funnel step: key = the stage; nobody reached "won".
    expect(linkTarget('Alcanzaron, Propuesta: 2')).toEqual(records({ figure: 'reached', key: 'proposal', label: 'Propuesta' }));
    expect(screen.getByTestId('sales-funnel-won-reached').tagName).toBe('SPAN');

    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe(`${API}/export?format=csv&${sent}`);

    fireEvent.click(screen.getByRole('link', { name: 'Alcanzaron, Propuesta: 2' }));
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'reached', key: 'proposal', label: 'Propuesta', ...filters });
  });

  it('clicking a bar opens the opportunities created, won or lost in its period', async () => {
    setup(master);
    const bar = await screen.findByTestId('sales-bar-won-2026-10-01');
    expect(bar.getAttribute('cursor')).toBe('pointer');
    fireEvent.click(bar);
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'won', start: '2026-10-01', end: '2026-10-31', ...RANGE });
  });

  it('a seller sees their own: no seller filter, and a seller in the URL is not sent', async () => {
    const fetchMock = setup(seller, '/reports/sales?seller_id=someone-else&category=VIP');
    await screen.findByTestId('sales-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(within(filters).queryByRole('textbox', { name: 'Técnico' })).toBeNull();
    expect(within(filters).getByRole('textbox', { name: 'Cliente' })).toBeTruthy();
    expect(screen.getByText(/Solo ves tus oportunidades y las de tus clientes\./)).toBeTruthy();
    expect(callsTo(fetchMock, API)).toEqual([`${API}?category=VIP`]);
    expect(target(screen.getByTestId('sales-total-created').getAttribute('href')).query).toEqual({ figure: 'created', ...RANGE, category: 'VIP' });
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('refuses %s and asks nothing', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('search')).toBeNull();
    expect(callsTo(fetchMock, API)).toHaveLength(0);
  });
});
