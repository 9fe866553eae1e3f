/**
 * Tests for the customer-metrics API helpers: each risk signal as a sentence
 * (Spanish and English, the company's currency), who may read and recompute,
 * the requests and what a recomputation refreshes.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../components/AppProviders';
import { allSignals, andesAtRisk } from '../components/customerMetrics/testFixtures';
import i18n from '../i18n';
import { callsTo, jsonResponse, stubFetch } from '../test/utils';
import {
  canRecomputeRisk,
  customerMetricsKeys,
  riskPointsText,
  riskSignalText,
  seesCustomerMetrics,
  useAtRiskCustomers,
  useRecomputeRisk,
  useSegmentMetrics,
} from './customerMetrics';
import { createQueryClient } from './queryClient';

const ctx = (lang: 'es' | 'en', currency = 'USD') => ({ t: i18n.getFixedT(lang), lang, currency });

describe('riskSignalText', () => {
  it('writes every signal in Spanish, with its points', () => {
    expect(allSignals.map((s) => `${riskSignalText(s, ctx('es'))} ${riskPointsText(s, i18n.getFixedT('es'))}`)).toEqual([
      'Sin contacto hace 130 días +25 pts',
      'Saldo vencido de 1500,00\u00a0US$ (75 días) +25 pts',
      '3 reclamos abiertos +30 pts',
      'NPS promedio 4,0 +20 pts',
      'CSAT promedio 2,0 +15 pts',
      'Órdenes en baja: 4 → 1 en 90 días +15 pts',
      'Primera respuesta promedio de 30 h +10 pts',
    ]);
  });

  it('writes every signal in English', () => {
    expect(allSignals.map((s) => riskSignalText(s, ctx('en')))).toEqual([
      'No contact for 130 days',
      'Overdue balance of $1,500.00 (75 days)',
      '3 open complaints',
      'Average NPS 4.0',
      'Average CSAT 2.0',
      'Falling orders: 4 → 1 in 90 days',
      'Average first response of 30 h',
    ]);
  });

  it('uses the singular, the company currency and one decimal', () => {
    const t = ctx('es', 'EUR');
    expect(riskSignalText({ signal: 'no_recent_contact', days: 1, points: 15 }, t)).toBe('Sin contacto hace 1 día');
    expect(riskSignalText({ signal: 'open_complaints', count: 1, points: 15 }, t)).toBe('1 reclamo abierto');
    expect(riskSignalText({ signal: 'overdue_balance', amount: '12345.5', days: 1, points: 15 }, t)).toBe(
      'Saldo vencido de 12.345,50\u00a0€ (1 día)',
    );
    expect(riskSignalText({ signal: 'low_nps', nps: 6.75, points: 20 }, t)).toBe('NPS promedio 6,8');
    expect(riskSignalText({ signal: 'slow_first_response', hours: 26.25, points: 10 }, t)).toBe('Primera respuesta promedio de 26,3 h');
  });
});

describe('roles', () => {
  it('mirror the server: the office and sellers read, only the office recomputes', () => {
    for (const role of ['master', 'admin', 'operator', 'seller'] as const) expect(seesCustomerMetrics(role)).toBe(true);
    for (const role of ['technician', 'customer'] as const) expect(seesCustomerMetrics(role)).toBe(false);
    for (const role of ['master', 'admin', 'operator'] as const) expect(canRecomputeRisk(role)).toBe(true);
    for (const role of ['seller', 'technician', 'customer'] as const) expect(canRecomputeRisk(role)).toBe(false);
  });
});

function setup() {
  const queryClient = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <AppProviders queryClient={queryClient}>{children}</AppProviders>;
  return { queryClient, wrapper };
}

describe('hooks', () => {
  it('read the at-risk list and the segments by the chosen group', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/customer-metrics/at-risk': () => jsonResponse(200, [andesAtRisk]),
      'GET /api/v1/customer-metrics/segments': () => jsonResponse(200, []),
    });
    const { wrapper } = setup();
    const list = renderHook(() => useAtRiskCustomers(), { wrapper });
    await waitFor(() => expect(list.result.current.data).toEqual([andesAtRisk]));
    const segments = renderHook(() => useSegmentMetrics('owner'), { wrapper });
    await waitFor(() => expect(segments.result.current.data).toEqual([]));
    expect(fetchMock.mock.calls.map(([url]) => String(url))).toContain('/api/v1/customer-metrics/segments?group=owner');
  });

  it('recompute POSTs and refreshes every metrics view', async () => {
    const run = { customers: 40, at_risk: 6, crossed: 2, cleared: 1 };
    const fetchMock = stubFetch({ 'POST /api/v1/customer-metrics/recompute': () => jsonResponse(200, run) });
    const { queryClient, wrapper } = setup();
    queryClient.setQueryData(customerMetricsKeys.atRisk, []);
    queryClient.setQueryData(customerMetricsKeys.customer('c1'), null);
    const { result } = renderHook(() => useRecomputeRisk(), { wrapper });
    await act(async () => expect(await result.current.mutateAsync()).toEqual(run));
    expect(callsTo(fetchMock, 'POST', '/api/v1/customer-metrics/recompute')).toHaveLength(1);
    await waitFor(() => expect(queryClient.getQueryState(customerMetricsKeys.atRisk)?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(customerMetricsKeys.customer('c1'))?.isInvalidated).toBe(true);
  });
});
