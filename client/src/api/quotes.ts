/**
 * Quotes (presupuestos): /api/v1/quotes for the office, sellers and the
 * portal, and /api/v1/public/quotes/{token} for the signed link of the quote
 * e-mail (no sign-in). Field names follow src/services/quotes/mod.rs; money,
 * quantities and percentages travel as decimal strings. Totals are computed
 * by the server only (`/api/v1/quotes/preview` for the editor's live totals).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch } from './client';

export type QuoteState = 'draft' | 'sent' | 'approved' | 'rejected' | 'changes_requested' | 'expired' | 'superseded';
export const QUOTE_STATES: readonly QuoteState[] = ['draft', 'sent', 'approved', 'rejected', 'changes_requested', 'expired', 'superseded'];
export type LineKind = 'service' | 'part';
export type QuoteAnswer = 'approve' | 'reject' | 'request_changes';

export interface QuoteLineInput {
  kind: LineKind;
  description: string;
  quantity: string;
  unit_price: string;
  discount_pct?: string;
  /** Absent: the company's rate. */
  tax_rate?: string;
  tax_exempt: boolean;
}

export interface QuoteLine {
  position: number;
  kind: LineKind;
  description: string;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_exempt: boolean;
  tax_rate: string;
  gross: string;
  discount: string;
  net: string;
  tax: string;
  total: string;
}

export interface QuoteSummary {
  id: string;
  number: string;
  version_id: string;
  version: number;
  version_number: string;
  state: QuoteState;
  customer_id: string;
  customer_name: string;
  order_id: string | null;
  order_number: string | null;
  /** The CRM opportunity it was made for (staff only). */
  opportunity_id?: string | null;
  currency: string;
  valid_until: string;
  total: string;
  sent_at: string | null;
  answered_at: string | null;
  created_by_name: string;
  created_at: string;
  updated_at: string;
}

export interface QuoteVersionInfo {
  id: string;
  version: number;
  number: string;
  state: QuoteState;
  valid_until: string;
  notes: string;
  terms: string;
  gross: string;
  discount: string;
  subtotal: string;
  tax: string;
  total: string;
  created_at: string;
  sent_at: string | null;
  answered_at: string | null;
  answered_in_app: boolean;
  answer_comment: string | null;
}

export interface QuoteDetail {
  quote: QuoteSummary;
  version: QuoteVersionInfo;
  lines: QuoteLine[];
  versions: QuoteVersionInfo[];
  can_answer: boolean;
  can_edit: boolean;
}

export interface QuotePage {
  items: QuoteSummary[];
  next_cursor: string | null;
}

export interface QuotePreview {
  currency: string;
  lines: { gross: string; discount: string; net: string; tax: string; total: string }[];
  gross: string;
  discount: string;
  subtotal: string;
  tax: string;
  total: string;
}

export interface QuoteInput {
  customer_id?: string;
  order_id?: string;
  /** The CRM's "create quote": an opportunity in proposal or negotiation. */
  opportunity_id?: string;
  valid_until?: string;
  notes: string;
  lines: QuoteLineInput[];
}

export interface QuoteFilter {
  q?: string;
  state?: QuoteState | '';
  customer_id?: string;
  order_id?: string;
  opportunity_id?: string;
}

const put = <T>(path: string, body: unknown) => apiFetch<T>(path, { method: 'PUT', body });

export function quotesQuery(filter: QuoteFilter): string {
  const params = new URLSearchParams();
  if (filter.q) params.set('q', filter.q);
  if (filter.state) params.set('state', filter.state);
  if (filter.customer_id) params.set('customer_id', filter.customer_id);
  if (filter.order_id) params.set('order_id', filter.order_id);
  if (filter.opportunity_id) params.set('opportunity_id', filter.opportunity_id);
  const qs = params.toString();
  return `/api/v1/quotes${qs ? `?${qs}` : ''}`;
}

export function useQuotes(filter: QuoteFilter, enabled = true) {
  return useQuery({
    queryKey: ['quotes', filter],
    queryFn: ({ signal }) => api.get<QuotePage>(quotesQuery(filter), signal),
    enabled,
  });
}

export function useQuote(id: string | undefined) {
  return useQuery({
    queryKey: ['quote', id],
    queryFn: ({ signal }) => api.get<QuoteDetail>(`/api/v1/quotes/${id}`, signal),
    enabled: !!id,
  });
}

export function usePublicQuote(token: string | undefined) {
  return useQuery({
    queryKey: ['public-quote', token],
    queryFn: ({ signal }) => api.get<QuoteDetail>(`/api/v1/public/quotes/${token}`, signal),
    enabled: !!token,
    retry: false,
  });
}

export const previewQuote = (lines: QuoteLineInput[]) => api.post<QuotePreview>('/api/v1/quotes/preview', { lines });

function useRefresh() {
  const qc = useQueryClient();
  return (detail: QuoteDetail) => {
    qc.setQueryData(['quote', detail.quote.id], detail);
    void qc.invalidateQueries({ queryKey: ['quotes'] });
  };
}

export function useCreateQuote() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: QuoteInput) => api.post<QuoteDetail>('/api/v1/quotes', input),
    onSuccess: refresh,
  });
}

export function useUpdateQuote(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (input: Omit<QuoteInput, 'customer_id' | 'order_id'>) => put<QuoteDetail>(`/api/v1/quotes/${id}`, input),
    onSuccess: refresh,
  });
}

export function useSendQuote(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: () => api.post<QuoteDetail>(`/api/v1/quotes/${id}/send`, {}),
    onSuccess: refresh,
  });
}

/** Answers as the signed-in customer, or through the signed link when `token` is given. */
export function useAnswerQuote(id: string | undefined, token?: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { answer: QuoteAnswer; comment: string }) =>
      token
        ? api.post<QuoteDetail>(`/api/v1/public/quotes/${token}/answer`, input)
        : api.post<QuoteDetail>(`/api/v1/quotes/${id}/answer`, input),
    onSuccess: (detail) => {
      if (token) qc.setQueryData(['public-quote', token], detail);
      else qc.setQueryData(['quote', detail.quote.id], detail);
      void qc.invalidateQueries({ queryKey: ['quotes'] });
    },
  });
}

export const quotePdfUrl = (id: string, version?: number) => `/api/v1/quotes/${id}/pdf${version ? `?version=${version}` : ''}`;
export const publicQuotePdfUrl = (token: string) => `/api/v1/public/quotes/${token}/pdf`;
