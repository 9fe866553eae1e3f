/**
 * Report subscriptions (issue 17: "a user can subscribe to a report
 * (weekly or monthly, chosen filters): it is e-mailed through the outbox
 * with the XLSX attached").
 *
 * - `GET /api/v1/reports/subscriptions`: the caller's, oldest first.
 * - `POST /api/v1/reports/subscriptions` `{report, frequency, filters}`:
 *   the server runs the report once with the filters as the caller (403
 *   when they may not read it, 422 naming a bad filter) and keeps only the
 *   filters that report takes. Each Monday (the week before) or first of
 *   the month (the month before), 07:00 in the company's zone.
 * - `DELETE /api/v1/reports/subscriptions/{id}`: cancels one of theirs.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch } from './client';
import type { Frequency, ReportKind, ReportSubscription, SubscriptionFilters } from './generated';
import type { ReportFilters } from './reports';

export type { Frequency, ReportKind, ReportSubscription, SubscriptionFilters };

export const FREQUENCIES = ['weekly', 'monthly'] as const satisfies readonly Frequency[];

export const subscriptionKeys = { mine: ['reports', 'subscriptions'] as const };

/** The page's filters a subscription keeps: everything but the range and grouping. */
export function subscriptionFilters(filters: ReportFilters): SubscriptionFilters {
  const out: SubscriptionFilters = {};
  if (filters.customer_id) out.customer_id = filters.customer_id;
  if (filters.seller_id) out.seller_id = filters.seller_id;
  if (filters.technician_id) out.technician_id = filters.technician_id;
  if (filters.category) out.category = filters.category;
  return out;
}

export function useReportSubscriptions(enabled = true) {
  return useQuery({
    queryKey: subscriptionKeys.mine,
    queryFn: ({ signal }) => api.get<ReportSubscription[]>('/api/v1/reports/subscriptions', signal),
    enabled,
  });
}

export function useSubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { report: ReportKind; frequency: Frequency; filters: SubscriptionFilters }) =>
      apiFetch<ReportSubscription>('/api/v1/reports/subscriptions', { method: 'POST', body: input }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: subscriptionKeys.mine }),
  });
}

export function useUnsubscribe() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiFetch<void>(`/api/v1/reports/subscriptions/${id}`, { method: 'DELETE' }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: subscriptionKeys.mine }),
  });
}
