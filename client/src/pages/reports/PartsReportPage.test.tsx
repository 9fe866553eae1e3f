/**
 * Tests for /reports/parts, "Informe de repuestos y proveedores" (issue
 * 17): the headline, the consumption by period (chart and table), by item
 * and by machine model, today's items below minimum and the suppliers'
 * ranking from a fixed response, in Spanish with the report's currency;
 * every figure a link to its records (figure, period, group and the
 * report's filters); the filters it takes (no seller, no technician) and
 * the export links; who may open it (the office only).
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/auth';
import type { PartsReport } from '../../api/reports';
import { CUSTOMER_ID, master, operator, portalUser, seller, technician } from '../../components/customers/testFixtures';
import { PartsReportPage } from './PartsReportPage';
import { callsTo, linkTarget, location, renderReport, rowTexts, sizeCharts, target } from './reportTestUtils';

sizeCharts();

const API = '/api/v1/reports/parts';
const RECORDS = '/reports/parts/records';
const RANGE = { from: '2026-11-30', to: '2026-12-13' };
const FILTER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const OIL = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const SEALS = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const ANDES = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const CARIBE = 'eeeeeeee-eeee-4eee-8eee-eeeeeeeeeeee';

const report: PartsReport = {
  ...RANGE,
  granularity: 'week',
  currency: 'EUR',
  moves: 3,
  consumed_value: '145.50',
  items_consumed: 2,
  stock_value: '2480.00',
  periods: [
    { start: '2026-11-30', end: '2026-12-06', moves: 3, value: '145.50' },
    { start: '2026-12-07', end: '2026-12-13', moves: 0, value: '0.00' },
  ],
  by_item: [
    { item_id: OIL, sku: 'ACE-15W40', description: 'Aceite de motor 15W-40', unit: 'litre', quantity: '12.500', moves: 1, value: '88.50' },
    { item_id: FILTER, sku: 'FLT-1R0750', description: 'Filtro de combustible', unit: 'piece', quantity: '2.000', moves: 2, value: '57.00' },
  ],
  by_model: [
    { model: 'CAT 320D', moves: 2, value: '100.00' },
    { model: null, moves: 1, value: '45.50' },
  ],
  below_minimum: [{ item_id: SEALS, sku: 'KIT-SELLO-WA470', description: 'Kit de sellos del cilindro', unit: 'kit', projected: '0', minimum: '1' }],
  suppliers: [
    {
      rank: 1,
      supplier_id: ANDES,
      name: 'Repuestos Andes S.A.S.',
      on_time_pct: 92.5,
      average_lead_time_days: 6.25,
      fill_pct: 100,
      price_variance_pct: -1.2,
      lines: 8,
    },
    {
      rank: 2,
      supplier_id: CARIBE,
      name: 'Hidráulica del Caribe S.A.S.',
      on_time_pct: null,
      average_lead_time_days: null,
      fill_pct: null,
      price_variance_pct: null,
      lines: 0,
    },
  ],
};

const setup = (me: User, url = '/reports/parts') => renderReport(me, '/reports/parts', <PartsReportPage />, url, API, report);
const eur = (v: string) => `${v}\u00a0€`;

describe('PartsReportPage', () => {
  it('shows the headline, consumption, models, items below minimum and suppliers in Spanish', async () => {
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Informe de repuestos y proveedores' })).toBeTruthy();
    expect((await screen.findByTestId('parts-period')).textContent).toBe('Del 30 nov 2026 al 13 dic 2026 · por semana');
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(within(totals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      `Valor consumido${eur('145,50')}Al costo promedio de hoy`,
      'Consumos3',
      'Artículos consumidos2',
      `Valor del inventario${eur('2480,00')}Hoy, al costo promedio`,
      'Bajo el mínimo1Hoy, con lo pedido en camino',
    ]);

    expect(rowTexts(screen.getByRole('table', { name: 'Consumo de repuestos por periodo' }))).toEqual([
      ['Sem. 30 nov 2026', '3', eur('145,50')],
      ['Sem. 7 dic 2026', '0', eur('0,00')],
      ['Total', '3', eur('145,50')],
    ]);
    const items = screen.getByRole('table', { name: 'Consumo por artículo' });
    expect(within(items).getAllByRole('columnheader').map((h) => h.textContent)).toEqual(['SKU', 'Descripción', 'Cantidad', 'Unidad', 'Consumos', 'Valor']);
    expect(rowTexts(items)).toEqual([
      ['ACE-15W40', 'Aceite de motor 15W-40', '12,5', 'Litro', '1', eur('88,50')],
      ['FLT-1R0750', 'Filtro de combustible', '2', 'Unidad', '2', eur('57,00')],
    ]);
    expect(rowTexts(screen.getByRole('table', { name: 'Consumo por modelo de máquina' }))).toEqual([
      ['CAT 320D', '2', eur('100,00')],
      ['Sin máquina', '1', eur('45,50')],
    ]);
    expect(rowTexts(screen.getByRole('table', { name: 'Artículos bajo el mínimo' }))).toEqual([
      ['KIT-SELLO-WA470', 'Kit de sellos del cilindro', '0', '1', 'Kit'],
    ]);
    const suppliers = screen.getByRole('table', { name: 'Ranking de proveedores' });
    expect(within(suppliers).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Puesto',
      'Proveedor',
      'A tiempo',
      'Plazo medio',
      'Cumplimiento',
      'Variación de precio',
      'Líneas',
    ]);
    expect(rowTexts(suppliers)).toEqual([
      ['1', 'Repuestos Andes S.A.S.', '92,5 %', '6,3 días', '100 %', '-1,2 %', '8'],
      ['2', 'Hidráulica del Caribe S.A.S.', '—', '—', '—', '—', '0'],
    ]);

    expect(screen.getByRole('img', { name: 'Gráfico del valor consumido por periodo' })).toBeTruthy();
    expect(screen.getByTestId('parts-bar-value-2026-11-30')).toBeTruthy();

    expect(callsTo(fetchMock, API)).toEqual([API]);
    expect(screen.getByRole('link', { name: 'Descargar XLSX' }).getAttribute('href')).toBe(`${API}/export?format=xlsx`);
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/reportsArea|stockArea|undefined|NaN/);
  });

  it('every figure links to its records, with its period or group and the report filters', async () => {
    const url = `/reports/parts?granularity=week&customer_id=${CUSTOMER_ID}&seller_id=s1&technician_id=t1&category=VIP`;
    const fetchMock = setup(master, url);
    await screen.findByTestId('parts-period');
    // No seller, no technician: the parts report does not take them.
    const sent = `granularity=week&customer_id=${CUSTOMER_ID}&category=VIP`;
    expect(callsTo(fetchMock, API)).toEqual([`${API}?${sent}`]);
    const filters = { ...RANGE, granularity: 'week', customer_id: CUSTOMER_ID, category: 'VIP' };
    const records = (query: Record<string, string>) => ({ path: RECORDS, query: { ...query, ...filters } });

    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(linkTarget(`Valor consumido, todo el periodo: ${eur('145,50')}`, totals)).toEqual(records({ figure: 'consumption' }));
    expect(linkTarget('Consumos, todo el periodo: 3', totals)).toEqual(records({ figure: 'consumption' }));
    expect(linkTarget(`Valor del inventario, todo el periodo: ${eur('2480,00')}`, totals)).toEqual(records({ figure: 'stock_value' }));
    expect(linkTarget('Bajo el mínimo, todo el periodo: 1', totals)).toEqual(records({ figure: 'below_minimum' }));

    const week = { start: '2026-11-30', end: '2026-12-06' };
    expect(linkTarget(`Valor consumido, Sem. 30 nov 2026: ${eur('145,50')}`)).toEqual(records({ figure: 'consumption', ...week }));
    expect(linkTarget('Consumos, Sem. 30 nov 2026: 3')).toEqual(records({ figure: 'consumption', ...week }));
    // Nothing consumed in the second week: nothing to open.
    expect(screen.getByTestId('parts-period-2026-12-07-moves').tagName).toBe('SPAN');
    expect(screen.getByTestId('parts-period-2026-12-07-value').tagName).toBe('SPAN');

    // An item's figures: key = its id; its SKU opens the item.
    const oil = { figure: 'consumption', key: OIL, label: 'ACE-15W40 · Aceite de motor 15W-40' };
    expect(linkTarget('Cantidad, ACE-15W40: 12,5')).toEqual(records(oil));
    expect(linkTarget('Consumos, ACE-15W40: 1')).toEqual(records(oil));
    expect(linkTarget(`Valor, ACE-15W40: ${eur('88,50')}`)).toEqual(records(oil));
    expect(linkTarget('Ver el artículo ACE-15W40').path).toBe(`/stock/items/${OIL}`);

    // A model's: key = the model, `none` for no machine.
    const models = screen.getByRole('table', { name: 'Consumo por modelo de máquina' });
    expect(linkTarget('Consumos, CAT 320D: 2', models)).toEqual(records({ figure: 'model_consumption', key: 'CAT 320D', label: 'CAT 320D' }));
    expect(linkTarget(`Valor, Sin máquina: ${eur('45,50')}`, models)).toEqual(
      records({ figure: 'model_consumption', key: 'none', label: 'Sin máquina' }),
    );

    // Below minimum: the list's records, and each item's page.
    expect(target(screen.getByTestId('parts-below-minimum-records').getAttribute('href'))).toEqual(records({ figure: 'below_minimum' }));
    expect(linkTarget('Ver el artículo KIT-SELLO-WA470').path).toBe(`/stock/items/${SEALS}`);

    // A supplier's figures: its purchase orders; nothing rated, nothing to open.
    const andes = { figure: 'supplier', key: ANDES, label: 'Repuestos Andes S.A.S.' };
    expect(linkTarget('A tiempo, Repuestos Andes S.A.S.: 92,5 %')).toEqual(records(andes));
    expect(linkTarget('Plazo medio, Repuestos Andes S.A.S.: 6,3 días')).toEqual(records(andes));
    expect(linkTarget('Líneas, Repuestos Andes S.A.S.: 8')).toEqual(records(andes));
    expect(screen.getByTestId(`parts-supplier-${CARIBE}-lines`).tagName).toBe('SPAN');
    expect(screen.getByTestId(`parts-supplier-${CARIBE}-on_time_pct`).tagName).toBe('SPAN');
    expect(linkTarget('Repuestos Andes S.A.S.').path).toBe(`/purchasing/suppliers/${ANDES}`);

    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe(`${API}/export?format=csv&${sent}`);

    fireEvent.click(screen.getByRole('link', { name: `Valor, ACE-15W40: ${eur('88,50')}` }));
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ ...oil, ...filters });
  });

  it('clicking a bar opens the consumption of its period', async () => {
    setup(operator);
    const bar = await screen.findByTestId('parts-bar-value-2026-11-30');
    expect(bar.getAttribute('cursor')).toBe('pointer');
    fireEvent.click(bar);
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'consumption', start: '2026-11-30', end: '2026-12-06', ...RANGE });
  });

  it('offers the customer and segment filters, not seller nor technician', async () => {
    setup(master);
    await screen.findByTestId('parts-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).getByRole('textbox', { name: 'Cliente' })).toBeTruthy();
    expect(within(filters).getByRole('textbox', { name: 'Segmento (categoría)' })).toBeTruthy();
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(within(filters).queryByRole('textbox', { name: 'Técnico' })).toBeNull();
  });

  it.each([
    ['a seller', seller],
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('refuses %s and asks nothing', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Informe de repuestos y proveedores' })).toBeTruthy();
    expect(screen.queryByRole('search')).toBeNull();
    expect(callsTo(fetchMock, API)).toHaveLength(0);
  });
});
