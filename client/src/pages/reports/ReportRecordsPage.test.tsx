/**
 * Tests for /reports/:report/records, the records behind one figure
 * (issue 17's drill-down): what it asks the records endpoint (figure,
 * period, group and the report's filters, not the grouping nor the label),
 * the figure's name and the filters it came from, the records with their
 * links, dates in the company's zone and amounts, "Cargar más" with the
 * cursor, the way back to the report, and who may open it.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/auth';
import type { ReportRecord, ReportRecords } from '../../api/reports';
import { CUSTOMER_ID, andes, master, portalUser, renderAs, technician, urlsCalled } from '../../components/customers/testFixtures';
import { setCompanyTimeZone } from '../../lib/format';
import { jsonResponse } from '../../test/utils';
import { ReportRecordsPage } from './ReportRecordsPage';

const RECORDS_API = '/api/v1/reports/operations/records';
const TECH_ID = '44444444-4444-4444-8444-444444444444';

const record = (over: Partial<ReportRecord>): ReportRecord => ({
  kind: 'order',
  id: 'o-1',
  number: 'OS-000123',
  title: 'Cambio de filtros, excavadora CAT 320',
  at: '2026-12-03T10:18:00Z',
  amount: null,
  quantity: null,
  ...over,
});

const firstPage: ReportRecords = {
  items: [
    record({ kind: 'order', id: 'o-1', number: 'OS-000123', quantity: '2' }),
    record({ kind: 'item', id: 'i-1', number: 'FIL-001', title: 'Filtro de aceite', amount: '35.50', quantity: '1.5' }),
  ],
  next_cursor: 'c2',
  total: 3,
};
const secondPage: ReportRecords = {
  items: [record({ kind: 'order', id: 'o-2', number: 'OS-000124', title: 'Revisión de frenos', at: '2026-12-05T22:00:00Z' })],
  next_cursor: null,
  total: 3,
};

const PATH = '/reports/:report/records';
const drillUrl =
  `/reports/operations/records?figure=technician_parts&start=2026-11-30&end=2026-12-06&key=${TECH_ID}&label=Tom%C3%A1s+T%C3%A9cnico` +
  `&from=2026-11-30&to=2026-12-13&granularity=week&customer_id=${CUSTOMER_ID}&category=VIP`;

function setup(me: User, url = drillUrl, records: (url: string) => ReportRecords = (u) => (u.includes('cursor=c2') ? secondPage : firstPage)) {
  const { fetchMock } = renderAs(
    me,
    PATH,
    <ReportRecordsPage />,
    {
      [`GET ${RECORDS_API}`]: () => jsonResponse(200, records(String(fetchMock.mock.calls.at(-1)?.[0]))),
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
    },
    url,
  );
  return fetchMock;
}

const recordCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u.startsWith(RECORDS_API));
const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => Array.from(r.querySelectorAll('td'), (c) => c.textContent));

describe('ReportRecordsPage', () => {
  it('names the figure and its filters and lists its records, in the company zone', async () => {
    setCompanyTimeZone('America/Caracas');
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Repuestos usados en las órdenes del técnico' })).toBeTruthy();
    expect(screen.getByText('Informe de operaciones')).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Registros' });

    // The figure, its period and group, the filters; no grouping, no label, 50 at a time.
    expect(recordCalls(fetchMock)).toEqual([
      `${RECORDS_API}?figure=technician_parts&start=2026-11-30&end=2026-12-06&key=${TECH_ID}` +
        `&from=2026-11-30&to=2026-12-13&customer_id=${CUSTOMER_ID}&category=VIP&limit=50`,
    ]);

    const applied = screen.getByTestId('records-filters');
    await waitFor(() =>
      expect(Array.from(applied.querySelectorAll('dt, dd'), (e) => e.textContent)).toEqual([
        'Periodo',
        'Del 30 nov 2026 al 6 dic 2026',
        'Grupo',
        'Tomás Técnico',
        'Cliente',
        'Constructora Los Andes C.A.',
        'Segmento',
        'VIP',
      ]),
    );
    expect(screen.getByTestId('records-total').textContent).toBe('3 registros');

    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Número', 'Título', 'Fecha', 'Importe', 'Cantidad']);
    // 10:18 UTC is 6:18 in Caracas.
    expect(rowTexts(table)).toEqual([
      ['OS-000123', 'Cambio de filtros, excavadora CAT 320', '3 dic 2026, 6:18', '—', '2'],
      ['FIL-001', 'Filtro de aceite', '3 dic 2026, 6:18', '35,50\u00a0US$', '1,5'],
    ]);
    expect(within(table).getByRole('link', { name: 'OS-000123' }).getAttribute('href')).toBe('/orders/o-1');
    expect(within(table).getByRole('link', { name: 'FIL-001' }).getAttribute('href')).toBe('/stock/items/i-1');

    // Back to the report with its filters (and grouping), without the drill.
    expect(screen.getByRole('link', { name: /Volver al informe/ }).getAttribute('href')).toBe(
      `/reports/operations?from=2026-11-30&to=2026-12-13&granularity=week&customer_id=${CUSTOMER_ID}&category=VIP`,
    );
    expect(document.body.textContent).not.toMatch(/reportsArea|undefined|NaN/);
  });

  it('"Cargar más" asks the next page with the cursor and adds it', async () => {
    setCompanyTimeZone('America/Caracas');
    const fetchMock = setup(master);
    const table = await screen.findByRole('table', { name: 'Registros' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    fireEvent.click(screen.getByRole('button', { name: 'Cargar más' }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(recordCalls(fetchMock).at(-1)).toBe(
      `${RECORDS_API}?figure=technician_parts&start=2026-11-30&end=2026-12-06&key=${TECH_ID}` +
        `&from=2026-11-30&to=2026-12-13&customer_id=${CUSTOMER_ID}&category=VIP&limit=50&cursor=c2`,
    );
    // 22:00 UTC on the 5th is still the 5th in Caracas.
    expect(rowTexts(table)[2]).toEqual(['OS-000124', 'Revisión de frenos', '5 dic 2026, 18:00', '—', '—']);
    expect(screen.queryByRole('button', { name: 'Cargar más' })).toBeNull();
  });

  it('opens each kind of record on its page', async () => {
    const kinds: [ReportRecord['kind'], string][] = [
      ['order', '/orders/x1'],
      ['ticket', '/tickets/x2'],
      ['opportunity', '/crm/opportunities/x3'],
      ['item', '/stock/items/x4'],
      ['purchase_order', '/purchasing/orders/x5'],
      ['customer', '/customers/x6'],
    ];
    setup(master, '/reports/operations/records?figure=opened', () => ({
      items: kinds.map(([kind], i) => record({ kind, id: `x${i + 1}`, number: `N-${i + 1}` })),
      next_cursor: null,
      total: kinds.length,
    }));
    const table = await screen.findByRole('table', { name: 'Registros' });
    kinds.forEach(([, href], i) => expect(within(table).getByRole('link', { name: `N-${i + 1}` }).getAttribute('href')).toBe(href));
    // Neither amounts nor quantities: no such columns.
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['Número', 'Título', 'Fecha']);
    // Without dates the report took the last twelve months.
    expect(screen.getByTestId('records-filters').textContent).toBe('PeriodoLos últimos 12 meses');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Órdenes abiertas');
    expect(screen.getByRole('link', { name: /Volver al informe/ }).getAttribute('href')).toBe('/reports/operations');
  });

  it('names the status groups and says when no record makes the figure', async () => {
    setup(master, '/reports/operations/records?figure=status&key=none&from=2026-01-01&to=2026-01-31', () => ({
      items: [],
      next_cursor: null,
      total: 0,
    }));
    expect(await screen.findByText('Ningún registro forma esta cifra.')).toBeTruthy();
    expect(screen.getByTestId('records-filters').textContent).toBe('PeriodoDel 1 ene 2026 al 31 ene 2026GrupoSin estado');
    expect(screen.getByTestId('records-total').textContent).toBe('0 registros');
  });

  it('a technician gets their records without the filters they may not choose', async () => {
    const fetchMock = setup(technician, `/reports/operations/records?figure=opened&technician_id=${TECH_ID}&customer_id=${CUSTOMER_ID}&seller_id=s`);
    await screen.findByRole('table', { name: 'Registros' });
    expect(recordCalls(fetchMock)).toEqual([`${RECORDS_API}?figure=opened&limit=50`]);
  });

  it('names the figures of the other reports, today\'s stock and their groups; sends only the filters the report takes', async () => {
    const empty = () => ({ items: [], next_cursor: null, total: 0 });
    const fetchMock = setup(
      master,
      `/reports/parts/records?figure=stock_value&from=2026-11-30&to=2026-12-13&seller_id=s&technician_id=${TECH_ID}&category=VIP`,
      empty,
    );
    expect(await screen.findByRole('heading', { level: 1, name: 'Inventario valorizado' })).toBeTruthy();
    expect(screen.getByText('Informe de repuestos y proveedores')).toBeTruthy();
    // Today's stock, whatever the report's range.
    await waitFor(() => expect(screen.getByTestId('records-filters').textContent).toMatch(/^PeriodoHoy \(no depende del periodo del informe\)/));
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith('/api/v1/reports'))).toEqual([
      '/api/v1/reports/parts/records?figure=stock_value&from=2026-11-30&to=2026-12-13&category=VIP&limit=50',
    ]);
    expect(screen.getByRole('link', { name: /Volver al informe/ }).getAttribute('href')).toBe('/reports/parts?from=2026-11-30&to=2026-12-13&category=VIP');
  });

  it.each([
    ['/reports/parts/records?figure=model_consumption&key=none', 'Consumo de repuestos por modelo de máquina', 'Sin máquina'],
    ['/reports/sales/records?figure=reached&key=proposal', 'Oportunidades que alcanzaron la etapa', 'Propuesta'],
    ['/reports/quality/records?figure=surveys&key=segment%3AMiner%C3%ADa&label=Miner%C3%ADa', 'Encuestas respondidas', 'Minería'],
  ])('names the figure and group of %s', async (url, title, group) => {
    setup(master, url, () => ({ items: [], next_cursor: null, total: 0 }));
    expect(await screen.findByRole('heading', { level: 1, name: title })).toBeTruthy();
    expect(screen.getByTestId('records-filters').textContent).toBe(`PeriodoLos últimos 12 mesesGrupo${group}`);
  });

  it.each([
    ['an unknown figure', '/reports/operations/records?figure=bogus'],
    ['a report without records', '/reports/revenue/records?figure=opened'],
    ['an unknown report', '/reports/nothing/records?figure=opened'],
  ])('says so for %s and asks nothing', async (_what, url) => {
    const fetchMock = setup(master, url);
    expect((await screen.findByRole('alert')).textContent).toBe('Esta cifra no existe en el informe. Vuelve al informe y elige una cifra.');
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith('/api/v1/reports'))).toEqual([]);
  });

  it('refuses a customer contact and asks nothing', async () => {
    const fetchMock = setup(portalUser, '/reports/operations/records?figure=opened');
    expect((await screen.findByRole('alert')).textContent).toMatch(/permiso|autoriz/i);
    expect(recordCalls(fetchMock)).toEqual([]);
  });
});
