/**
 * Tests for /customers/at-risk (issue 16): the list (table, cards on a
 * phone, empty state), "Recalcular ahora" for the office only, the live
 * refresh on `customer.risk_changed`, the segments by category or seller
 * (table and chart), who may open the page, and its route and nav entry.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api/auth';
import type { AtRiskCustomer } from '../api/customerMetrics';
import { navItemsFor } from '../components/nav';
import {
  CALLAO_ID,
  andesAtRisk,
  callaoAtRisk,
  noCategorySegment,
  noSellerSegment,
  sellerSegment,
  vipSegment,
} from '../components/customerMetrics/testFixtures';
import {
  CUSTOMER_ID,
  SELLER_ID,
  master,
  operator,
  portalUser,
  renderAs,
  seller,
  technician,
  urlsCalled,
} from '../components/customers/testFixtures';
import { callsTo, jsonResponse, phoneViewport, problemResponse } from '../test/utils';
import { CustomersAtRiskPage } from './CustomersAtRiskPage';
import { feeds } from '../test/realtimeStandIn';

vi.mock('../realtime/client', async () => (await import('../test/realtimeStandIn')).realtimeStandIn);

beforeEach(() => feeds.clear());

const AT_RISK = '/api/v1/customer-metrics/at-risk';
const SEGMENTS = '/api/v1/customer-metrics/segments';
const RECOMPUTE = '/api/v1/customer-metrics/recompute';

type Routes = Parameters<typeof renderAs>[3];

/** The page; `answers` are the list's successive GET answers (the last one repeats). */
function setup(me: User, answers: AtRiskCustomer[][] = [[andesAtRisk, callaoAtRisk]], routes: Routes = {}) {
  let n = 0;
  return renderAs(me, '/customers/at-risk', <CustomersAtRiskPage />, {
    [`GET ${AT_RISK}`]: () => jsonResponse(200, answers[Math.min(n++, answers.length - 1)]),
    [`GET ${SEGMENTS}`]: () => jsonResponse(200, [vipSegment, noCategorySegment]),
    ...routes,
  }).fetchMock;
}

const listCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u === AT_RISK);
const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));

describe('CustomersAtRiskPage', () => {
  it('lists the customers at risk, riskiest first, with link, category, seller, score, reasons and since', async () => {
    setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Clientes en riesgo' })).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Clientes en riesgo' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Cliente',
      'Categoría',
      'Vendedor',
      'Puntaje',
      'Por qué',
      'Desde',
    ]);
    expect(rowTexts(table)).toEqual([
      [
        'Constructora Los Andes C.A.',
        'VIP',
        'Sara Vendedora',
        '85',
        'Sin contacto hace 130 días · Saldo vencido de 1500,00\u00a0US$ (75 días) · NPS promedio 4,0 y 1 más',
        '3 mar 2026',
      ],
      ['Minera El Callao S.A.', 'Sin categoría', 'Sin vendedor', '55', '2 reclamos abiertos · Órdenes en baja: 4 → 1 en 90 días', '—'],
    ]);
    expect(within(table).getByRole('link', { name: 'Constructora Los Andes C.A.' }).getAttribute('href')).toBe(`/customers/${CUSTOMER_ID}`);
    expect(within(table).getByRole('link', { name: 'Minera El Callao S.A.' }).getAttribute('href')).toBe(`/customers/${CALLAO_ID}`);
  });

  it('says when no customer is at risk', async () => {
    setup(operator, [[]]);
    expect(await screen.findByText('Ningún cliente está en riesgo.')).toBeTruthy();
    expect(screen.queryByRole('table', { name: 'Clientes en riesgo' })).toBeNull();
  });

  it('shows cards on a phone', async () => {
    phoneViewport();
    setup(master);
    const list = await screen.findByRole('list', { name: 'Clientes en riesgo' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByRole('link', { name: 'Constructora Los Andes C.A.' })).toBeTruthy();
    expect(within(items[0]).getByText('85/100')).toBeTruthy();
    expect(within(items[1]).getByText('Sin categoría · Sin vendedor')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Recalcular ahora' }).getAttribute('data-block')).toBe('true');
  });

  it('"Recalcular ahora" POSTs the recomputation, says what it did and reloads the list', async () => {
    const fetchMock = setup(master, [[callaoAtRisk], [andesAtRisk, callaoAtRisk]], {
      [`POST ${RECOMPUTE}`]: () => jsonResponse(200, { customers: 40, at_risk: 2, crossed: 1, cleared: 0 }),
    });
    const table = await screen.findByRole('table', { name: 'Clientes en riesgo' });
    expect(within(table).getAllByRole('row')).toHaveLength(2);
    fireEvent.click(screen.getByRole('button', { name: 'Recalcular ahora' }));
    expect((await screen.findByRole('status')).textContent).toBe('Se evaluaron 40 clientes: 2 en riesgo.');
    expect(callsTo(fetchMock, 'POST', RECOMPUTE)).toHaveLength(1);
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
  });

  it('shows a refused recomputation', async () => {
    setup(operator, undefined, { [`POST ${RECOMPUTE}`]: () => problemResponse(403, 'forbidden') });
    fireEvent.click(await screen.findByRole('button', { name: 'Recalcular ahora' }));
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('a seller sees their customers, cannot recompute and follows their own CRM channel', async () => {
    const fetchMock = setup(seller, [[andesAtRisk], [andesAtRisk, callaoAtRisk]]);
    const table = await screen.findByRole('table', { name: 'Clientes en riesgo' });
    expect(screen.queryByRole('button', { name: 'Recalcular ahora' })).toBeNull();
    await waitFor(() => expect(feeds.has(`crm:${SELLER_ID}`)).toBe(true));
    expect(feeds.has('staff:crm')).toBe(false);
    // Other CRM news leaves the list alone.
    act(() => feeds.get(`crm:${SELLER_ID}`)?.({ type: 'opportunity.updated' }));
    expect(listCalls(fetchMock)).toHaveLength(1);
    act(() => feeds.get(`crm:${SELLER_ID}`)?.({ type: 'customer.risk_changed', customer_id: CALLAO_ID, score: 55, at_risk: true }));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(3));
    expect(listCalls(fetchMock)).toHaveLength(2);
  });

  it('the office follows staff:crm and refetches the list and the segments on a risk change', async () => {
    const fetchMock = setup(operator, [[andesAtRisk], []]);
    await screen.findByRole('table', { name: 'Clientes en riesgo' });
    await screen.findByRole('table', { name: 'Indicadores por segmento' });
    await waitFor(() => expect(feeds.has('staff:crm')).toBe(true));
    const segmentCalls = () => urlsCalled(fetchMock).filter((u) => u.startsWith(SEGMENTS)).length;
    expect(segmentCalls()).toBe(1);
    act(() => feeds.get('staff:crm')?.({ type: 'customer.risk_changed', customer_id: CUSTOMER_ID, score: 20, at_risk: false }));
    expect(await screen.findByText('Ningún cliente está en riesgo.')).toBeTruthy();
    await waitFor(() => expect(segmentCalls()).toBe(2));
  });

  it('shows the segments by category, then by seller, as a table and a labelled chart', async () => {
    const fetchMock = setup(master);
    // The stub routes by path only; answer the segments by their query string.
    fetchMock.mockImplementation(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url === AT_RISK) return jsonResponse(200, [andesAtRisk]);
      if (url === `${SEGMENTS}?group=category`) return jsonResponse(200, [vipSegment, noCategorySegment]);
      if (url === `${SEGMENTS}?group=owner`) return jsonResponse(200, [sellerSegment, noSellerSegment]);
      if (url === '/api/v1/auth/me') return jsonResponse(200, master);
      return problemResponse(404, 'not_found');
    });
    const section = (await screen.findByRole('heading', { level: 2, name: 'Indicadores por segmento' })).closest('section') as HTMLElement;
    const group = within(section).getByRole('radiogroup', { name: 'Agrupar por' });
    expect((within(group).getByRole('radio', { name: 'Categoría' }) as HTMLInputElement).checked).toBe(true);
    const table = await within(section).findByRole('table', { name: 'Indicadores por segmento' });
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Segmento',
      'Clientes',
      'En riesgo',
      'Puntaje medio',
      'NPS',
      'CSAT',
      '1.ª respuesta (h)',
      'Resolución (h)',
      'Resolución en primer contacto',
      '% proactivo',
      'Contactos 90 d',
      'Reclamos abiertos',
    ]);
    expect(rowTexts(table)).toEqual([
      ['VIP', '12', '3', '42,5', '7,3', '4,1', '6,5', '30', '80\u00a0%', '40\u00a0%', '25', '2'],
      ['Sin categoría', '5', '1', '20', '—', '—', '—', '—', '—', '—', '3', '0'],
    ]);
    expect(within(section).getByRole('img', { name: 'Gráfico de barras del puntaje medio por segmento' })).toBeTruthy();

    fireEvent.click(within(group).getByRole('radio', { name: 'Vendedor' }));
    await waitFor(() => expect(within(section).getByRole('table', { name: 'Indicadores por segmento' }).textContent).toContain('Sin vendedor'));
    const byOwner = rowTexts(within(section).getByRole('table', { name: 'Indicadores por segmento' }));
    expect(byOwner.map((r) => r.slice(0, 2))).toEqual([
      ['Sara Vendedora', '9'],
      ['Sin vendedor', '8'],
    ]);
    expect(urlsCalled(fetchMock)).toContain(`${SEGMENTS}?group=owner`);
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('%s is refused and nothing is asked', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith('/api/v1/customer-metrics'))).toHaveLength(0);
  });

  it('has a nav entry for the office and sellers only', () => {
    for (const role of ['master', 'admin', 'operator', 'seller'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/customers/at-risk' && i.labelKey === 'nav.customersAtRisk')).toBe(true);
    }
    for (const role of ['technician', 'customer'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/customers/at-risk')).toBe(false);
    }
  });
});
