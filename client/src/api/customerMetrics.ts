/**
 * Customer metrics and the at-risk score (issue 16, seed 004 "alertas
 * tempranas de clientes en riesgo", "métricas de clientes", "reportes por
 * segmento"). Types come from the Rust server (api/generated); this file
 * holds the query keys, the TanStack Query hooks and the sentence of each
 * risk signal for
 *
 * - `GET /api/v1/customers/{id}/metrics` → `CustomerMetrics` (signals, score
 *   0–100, threshold, at_risk, reasons heaviest first, at_risk_since);
 * - `GET /api/v1/customer-metrics/at-risk` → `AtRiskCustomer[]`, riskiest first;
 * - `GET /api/v1/customer-metrics/segments?group=category|owner` → `SegmentMetrics[]`
 *   (`segment` '' = no category / no seller);
 * - `POST /api/v1/customer-metrics/recompute` → `RiskRun` (the office only).
 *
 * The office (master, admin, operator) sees every customer; a seller only the
 * customers they own (the server scopes the lists and answers 404 for anyone
 * else's customer). Technicians and customer contacts get 403, so the screens
 * never ask for them. Live: `customer.risk_changed` and `interaction.recorded`
 * on the CRM streams (see `realtime/useInteractionFeed.ts` and `realtime/useAtRiskFeed.ts`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney, formatNumber } from '../lib/format';
import { api } from './client';
import type { Role } from './auth';
import type { AtRiskCustomer, CustomerMetrics, CustomerSignals, RiskRun, RiskSignal, SegmentMetrics } from './generated';
import { useCompanySettings } from './settings';

export type { AtRiskCustomer, CustomerMetrics, CustomerSignals, RiskRun, RiskSignal, SegmentMetrics };

/** How the segment report groups customers. */
export const SEGMENT_GROUPS = ['category', 'owner'] as const;
export type SegmentGroup = (typeof SEGMENT_GROUPS)[number];

// --- roles ------------------------------------------------------------------

/** Read the metrics, the at-risk list and the segments: the office and sellers (their own customers). */
export const seesCustomerMetrics = (role: Role | undefined) =>
  role === 'master' || role === 'admin' || role === 'operator' || role === 'seller';

/** Recompute every score now: the office only (sellers get 403). */
export const canRecomputeRisk = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

// --- query keys -------------------------------------------------------------

export const customerMetricsKeys = {
  /** Prefix of every query below. */
  all: ['customer-metrics'] as const,
  customer: (customerId: string) => ['customer-metrics', 'customer', customerId] as const,
  atRisk: ['customer-metrics', 'at-risk'] as const,
  segmentsAll: ['customer-metrics', 'segments'] as const,
  segments: (group: SegmentGroup) => ['customer-metrics', 'segments', group] as const,
};

// --- requests ---------------------------------------------------------------

export const fetchCustomerMetrics = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerMetrics>(`/api/v1/customers/${encodeURIComponent(customerId)}/metrics`, signal);
export const fetchAtRisk = (signal?: AbortSignal) => api.get<AtRiskCustomer[]>('/api/v1/customer-metrics/at-risk', signal);
export const fetchSegments = (group: SegmentGroup, signal?: AbortSignal) =>
  api.get<SegmentMetrics[]>(`/api/v1/customer-metrics/segments?group=${group}`, signal);
export const recomputeRisk = () => api.post<RiskRun>('/api/v1/customer-metrics/recompute');

// --- hooks ------------------------------------------------------------------

/** One customer's metrics, score and reasons. */
export function useCustomerMetrics(customerId: string, enabled = true) {
  return useQuery({
    queryKey: customerMetricsKeys.customer(customerId),
    queryFn: ({ signal }) => fetchCustomerMetrics(customerId, signal),
    enabled: enabled && !!customerId,
  });
}

/** The customers at risk in the caller's scope, riskiest first. */
export function useAtRiskCustomers(enabled = true) {
  return useQuery({ queryKey: customerMetricsKeys.atRisk, queryFn: ({ signal }) => fetchAtRisk(signal), enabled });
}

/** The metrics of each category or seller's customers. */
export function useSegmentMetrics(group: SegmentGroup, enabled = true) {
  return useQuery({
    queryKey: customerMetricsKeys.segments(group),
    queryFn: ({ signal }) => fetchSegments(group, signal),
    enabled,
  });
}

/** Recomputes every customer's score (office); refreshes every metrics view. */
export function useRecomputeRisk() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: recomputeRisk,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: customerMetricsKeys.all }),
  });
}

// --- sentences ----------------------------------------------------------------

export interface SignalContext {
  t: TFunction;
  lang: string;
  /** The company's currency (overdue amounts are in it). */
  currency: string;
}

/** An average with one decimal ("4,0"). */
export const formatAverage = (value: number, lang: string) =>
  new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);

/** Hours with at most one decimal ("30", "2,5"). */
export const formatHours = (value: number, lang: string) => formatNumber(value, lang, 1);

/** The sentence of a signal, e.g. "Sin contacto hace 130 días" or "Saldo vencido de 1500,00 US$ (75 días)". */
export function riskSignalText(s: RiskSignal, { t, lang, currency }: SignalContext): string {
  switch (s.signal) {
    case 'no_recent_contact':
      return t('customerMetricsArea.signals.no_recent_contact', { count: s.days });
    case 'open_complaints':
      return t('customerMetricsArea.signals.open_complaints', { count: s.count });
    case 'low_nps':
      return t('customerMetricsArea.signals.low_nps', { nps: formatAverage(s.nps, lang) });
    case 'low_csat':
      return t('customerMetricsArea.signals.low_csat', { csat: formatAverage(s.csat, lang) });
    case 'overdue_balance':
      return t('customerMetricsArea.signals.overdue_balance', { count: s.days, amount: formatMoney(s.amount, currency, lang) });
    case 'falling_orders':
      return t('customerMetricsArea.signals.falling_orders', { before: s.before, now: s.now });
    case 'slow_first_response':
      return t('customerMetricsArea.signals.slow_first_response', { hours: formatHours(s.hours, lang) });
  }
}

/** "+25 pts". */
export const riskPointsText = (s: RiskSignal, t: TFunction) => t('customerMetricsArea.points', { points: s.points });

/** The sentence and points of signals in the current language and the company's currency. */
export function useRiskSignalText() {
  const { t, i18n } = useTranslation();
  const settings = useCompanySettings();
  const currency = settings.data?.currency || 'USD';
  const lang = i18n.language;
  const text = useCallback((s: RiskSignal) => riskSignalText(s, { t, lang, currency }), [t, lang, currency]);
  const points = useCallback((s: RiskSignal) => riskPointsText(s, t), [t]);
  return { text, points, currency };
}
