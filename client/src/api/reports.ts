/**
 * Management reports (issue 17, seed 000 "Módulo de Informes de Gestión").
 * The revenue report: `GET /api/v1/reports/revenue?from=&to=&granularity=
 * &customer_id=&seller_id=&category=` (every filter optional; without dates
 * the server takes the last twelve months to today and picks the grouping
 * from the range) and its export `GET /api/v1/reports/revenue/export?format=
 * csv|xlsx&…` with the same filters (a plain link: the browser downloads it
 * with the session cookie).
 *
 * Who: the office (master, admin, operator) sees everything; a seller only
 * their own customers (the server forces the seller filter to them);
 * technicians and customer contacts get 403.
 *
 * Every figure drills down to the records behind it: invoices by issue day
 * (`/billing/invoices?customer_id=&issued_from=&issued_to=`) and payments by
 * the day they were received (`/cash?customer_id=&from=&to=`, office only).
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Role } from './auth';
import type {
  Aging,
  Granularity,
  RevenueByCustomer,
  RevenueBySeller,
  RevenueByServiceType,
  RevenueFigures,
  RevenuePeriod,
  RevenueReport,
} from './generated';

export type {
  Aging,
  Granularity,
  RevenueByCustomer,
  RevenueBySeller,
  RevenueByServiceType,
  RevenueFigures,
  RevenuePeriod,
  RevenueReport,
};

export const GRANULARITIES = ['day', 'week', 'month'] as const satisfies readonly Granularity[];

/** The report's filters, as they travel in the page's URL and to the API. */
export interface RevenueFilters {
  from?: string;
  to?: string;
  granularity?: Granularity;
  customer_id?: string;
  seller_id?: string;
  category?: string;
}

/** The URL (and API) parameters of the report, in the order they are written. */
export const REVENUE_FILTER_KEYS = ['from', 'to', 'granularity', 'customer_id', 'seller_id', 'category'] as const;
export type RevenueFilterKey = (typeof REVENUE_FILTER_KEYS)[number];

/** Office roles and sellers read the report. */
export const seesRevenueReport = (role: Role | undefined) =>
  role === 'master' || role === 'admin' || role === 'operator' || role === 'seller';

/** Only the office chooses a seller (a seller always gets their own customers). */
export const filtersBySeller = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

/** Only the office may open the payment search ("Caja / Cobranzas"). */
export const searchesPayments = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

/** The filters as query parameters; empty ones are left out. */
export function revenueParams(filters: RevenueFilters, extra: Record<string, string> = {}): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  for (const key of REVENUE_FILTER_KEYS) {
    const v = filters[key]?.trim();
    if (v) params.set(key, v);
  }
  return params;
}

export function revenueUrl(filters: RevenueFilters): string {
  const qs = revenueParams(filters).toString();
  return `/api/v1/reports/revenue${qs ? `?${qs}` : ''}`;
}

/** The export's URL: `format` first, then the same filters as the report. */
export function revenueExportUrl(filters: RevenueFilters, format: 'csv' | 'xlsx'): string {
  return `/api/v1/reports/revenue/export?${revenueParams(filters, { format }).toString()}`;
}

export const reportKeys = {
  revenue: (filters: RevenueFilters) => ['reports', 'revenue', filters] as const,
};

export function useRevenueReport(filters: RevenueFilters, enabled = true) {
  return useQuery({
    queryKey: reportKeys.revenue(filters),
    queryFn: ({ signal }) => api.get<RevenueReport>(revenueUrl(filters), signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

// --- drill-down -----------------------------------------------------------------

/** The days (and customer) whose records a figure adds up. */
export interface DrillDown {
  from: string;
  to: string;
  customer_id?: string;
}

/** The invoice search for invoices issued on those days (`/billing/invoices`). */
export function invoicesLink({ from, to, customer_id }: DrillDown): string {
  const params = new URLSearchParams();
  if (customer_id) params.set('customer_id', customer_id);
  params.set('issued_from', from);
  params.set('issued_to', to);
  return `/billing/invoices?${params.toString()}`;
}

/** The payment search for payments received on those days (`/cash`, office only). */
export function paymentsLink({ from, to, customer_id }: DrillDown): string {
  const params = new URLSearchParams();
  if (customer_id) params.set('customer_id', customer_id);
  params.set('from', from);
  params.set('to', to);
  return `/cash?${params.toString()}`;
}
