/**
 * Tests for "Indicadores del cliente" on the customer page (issue 16): the
 * score with its badge and since when, the reasons ("Señales de riesgo"),
 * the signal figures, who sees the card, and the live refresh on
 * `customer.risk_changed` and `interaction.recorded` for this customer.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/auth';
import type { CustomerMetrics } from '../../api/customerMetrics';
import i18n from '../../i18n';
import { CustomerDetailPage } from '../../pages/CustomerDetailPage';
import { jsonResponse, phoneViewport } from '../../test/utils';
import {
  CUSTOMER_ID,
  SELLER_ID,
  andes,
  master,
  operator,
  portalUser,
  renderAs,
  seller,
  sellerUser,
  technician,
  urlsCalled,
} from '../customers/testFixtures';
import { call } from '../interactions/testFixtures';
import { andesCalm, andesMetrics } from './testFixtures';
import { feeds } from '../../test/realtimeStandIn';

vi.mock('../../realtime/client', async () => (await import('../../test/realtimeStandIn')).realtimeStandIn);

beforeEach(() => feeds.clear());

const METRICS = `/api/v1/customers/${CUSTOMER_ID}/metrics`;

/** The customer page; `answers` are the metrics' successive GET answers (the last one repeats). */
function setup(me: User, answers: CustomerMetrics[]) {
  let n = 0;
  return renderAs(
    me,
    '/customers/:id',
    <CustomerDetailPage />,
    {
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
      [`GET /api/v1/customers/${CUSTOMER_ID}/contacts`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, []),
      'GET /api/v1/orders': () => jsonResponse(200, { items: [], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
      [`GET /api/v1/customers/${CUSTOMER_ID}/interactions`]: () => jsonResponse(200, { items: [], next_cursor: null }),
      [`GET ${METRICS}`]: () => jsonResponse(200, answers[Math.min(n++, answers.length - 1)]),
    },
    `/customers/${CUSTOMER_ID}`,
  ).fetchMock;
}

const card = async () =>
  (await screen.findByRole('heading', { level: 2, name: 'Indicadores del cliente' })).closest('section') as HTMLElement;

const metricsCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u === METRICS);

describe('CustomerMetricsCard', () => {
  it('shows the score, "En riesgo" since when, the reasons with points and the signals', async () => {
    setup(master, [andesMetrics]);
    const section = await card();
    expect(await within(section).findByText('Riesgo: 65/100')).toBeTruthy();
    const badge = within(section).getByText('En riesgo');
    expect(badge.closest('.mantine-Badge-root')?.getAttribute('style')).toContain('red');
    expect(within(section).getByText('desde 3 mar 2026')).toBeTruthy();
    expect(within(section).getByText('Umbral: 50 puntos')).toBeTruthy();
    expect(within(section).getByRole('heading', { level: 3, name: 'Por qué' })).toBeTruthy();
    const reasons = within(section).getByRole('list', { name: 'Señales de riesgo' });
    expect(within(reasons).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Sin contacto hace 130 días +25 pts',
      'NPS promedio 4,0 +20 pts',
      '1 reclamo abierto +15 pts',
      'Órdenes en baja: 4 → 1 en 90 días +15 pts',
    ]);
    const figures = within(section).getByRole('list', { name: 'Cifras del cliente' });
    expect(within(figures).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Días sin contacto130',
      'Contactos (90 días)425\u00a0% proactivos',
      'Reclamos abiertos1',
      'NPS4,02 encuestas en 12 meses',
      'CSAT3,52 encuestas en 12 meses',
      'Primera respuesta (h)303 tickets en 90 días',
      'Resolución (h)52,5',
      'Resolución en primer contacto68\u00a0%',
      'Saldo vencido1500,00\u00a0US$75 días de atraso',
      'Órdenes (90 días vs 90 anteriores)1 vs 4',
    ]);
    // The formula, closed until asked for.
    expect(within(section).getByText('Cómo se calcula el puntaje')).toBeTruthy();
    expect(within(section).getByText(/en riesgo desde 50 puntos/)).toBeTruthy();
  });

  it('says "Sin riesgo" in green, without reasons, and dashes what cannot be measured', async () => {
    setup(operator, [andesCalm]);
    const section = await card();
    expect(await within(section).findByText('Riesgo: 0/100')).toBeTruthy();
    const badge = within(section).getByText('Sin riesgo');
    expect(badge.closest('.mantine-Badge-root')?.getAttribute('style')).toContain('green');
    expect(within(section).queryByText(/^desde/)).toBeNull();
    expect(within(section).queryByRole('list', { name: 'Señales de riesgo' })).toBeNull();
    expect(within(section).getByText('Ninguna señal suma puntos por ahora.')).toBeTruthy();
    const figures = within(section).getByRole('list', { name: 'Cifras del cliente' });
    const texts = within(figures).getAllByRole('listitem').map((li) => li.textContent);
    expect(texts).toContain('NPS—Sin encuestas en 12 meses');
    expect(texts).toContain('Primera respuesta (h)—Sin tickets en 90 días');
    expect(texts).toContain('Resolución en primer contacto—');
    expect(texts).toContain('Contactos (90 días)0');
    expect(texts).toContain('Saldo vencido0,00\u00a0US$');
  });

  it('reads in English', async () => {
    await i18n.changeLanguage('en');
    setup(master, [andesMetrics]);
    const section = (await screen.findByRole('heading', { level: 2, name: 'Customer indicators' })).closest('section') as HTMLElement;
    expect(await within(section).findByText('Risk: 65/100')).toBeTruthy();
    expect(within(section).getByText('At risk')).toBeTruthy();
    const reasons = within(section).getByRole('list', { name: 'Risk signals' });
    expect(within(reasons).getAllByRole('listitem')[0].textContent).toBe('No contact for 130 days +25 pts');
  });

  it('a seller sees their customer`s card, on a phone too', async () => {
    phoneViewport();
    const fetchMock = setup(seller, [andesMetrics]);
    const section = await card();
    expect(await within(section).findByText('Riesgo: 65/100')).toBeTruthy();
    expect(metricsCalls(fetchMock)).toHaveLength(1);
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('%s never sees it nor asks for it', async (_who, me) => {
    const fetchMock = setup(me, [andesMetrics]);
    await waitFor(() => expect(urlsCalled(fetchMock)).toContain('/api/v1/auth/me'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Indicadores del cliente' })).toBeNull();
    expect(metricsCalls(fetchMock)).toHaveLength(0);
  });

  it('refreshes live when the score of this customer changes or a contact is recorded', async () => {
    const fetchMock = setup(master, [andesMetrics, andesCalm, andesMetrics]);
    const section = await card();
    expect(await within(section).findByText('Riesgo: 65/100')).toBeTruthy();
    await waitFor(() => expect(feeds.has('staff:crm')).toBe(true));
    // Another customer's news changes nothing here.
    act(() => feeds.get('staff:crm')?.({ type: 'customer.risk_changed', customer_id: 'other', score: 90, at_risk: true }));
    act(() => feeds.get('staff:crm')?.({ type: 'interaction.recorded', interaction: { ...call, customer_id: 'other' } }));
    expect(metricsCalls(fetchMock)).toHaveLength(1);
    act(() => feeds.get('staff:crm')?.({ type: 'customer.risk_changed', customer_id: CUSTOMER_ID, score: 0, at_risk: false }));
    expect(await within(section).findByText('Riesgo: 0/100')).toBeTruthy();
    expect(within(section).getByText('Sin riesgo')).toBeTruthy();
    act(() => feeds.get('staff:crm')?.({ type: 'interaction.recorded', interaction: call }));
    expect(await within(section).findByText('Riesgo: 65/100')).toBeTruthy();
    expect(metricsCalls(fetchMock)).toHaveLength(3);
  });

  it("a seller follows their own CRM channel", async () => {
    setup(seller, [andesMetrics, andesCalm]);
    const section = await card();
    expect(await within(section).findByText('Riesgo: 65/100')).toBeTruthy();
    await waitFor(() => expect(feeds.has(`crm:${SELLER_ID}`)).toBe(true));
    expect(feeds.has('staff:crm')).toBe(false);
    act(() => feeds.get(`crm:${SELLER_ID}`)?.({ type: 'customer.risk_changed', customer_id: CUSTOMER_ID, score: 0, at_risk: false }));
    expect(await within(section).findByText('Riesgo: 0/100')).toBeTruthy();
  });
});
