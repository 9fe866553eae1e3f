/**
 * The office's records of what was charged and used, as the seed's "Caja /
 * Cobranzas" and parts views need them:
 *
 * - payments across orders (`GET /api/v1/payments`): search by receipt,
 *   reference/account number, order and customer, a date range on the day the
 *   money was received, a payment method, and the totals per method of the
 *   whole search (not only of the page shown);
 * - reversing a payment (`DELETE /api/v1/payments/{id}` with a reason; master
 *   only): the amount returns to the order's balance and the receipt says so;
 * - the parts used across orders (`GET /api/v1/parts`) with their filters;
 * - editing and deleting a part or a timeline post, and the history the
 *   server keeps of each (`…/history`): staff see "editado por … el …",
 *   customers never do.
 */
import { api, apiFetch } from './client';
import type { Balance, OrderEvent, OrderPart, PartInput } from './orders';

// --- payments ----------------------------------------------------------------

export interface Payment {
  id: string;
  number: string;
  order_id: string;
  order_number: string;
  customer_id: string;
  customer_name: string;
  amount: string;
  method_id: string;
  method_name: string;
  reference: string;
  /** The day the money was received (YYYY-MM-DD). */
  paid_on: string;
  registered_by: string;
  registered_by_name: string;
  created_at: string;
  deleted_at?: string | null;
  deleted_by?: string | null;
  deleted_by_name?: string | null;
  /** Why master reversed it (required when reversing). */
  delete_reason?: string | null;
}

/** What one payment method brought in over a whole search (reversed payments excluded). */
export interface MethodTotal {
  method_id: string;
  method_name: string;
  count: number;
  total: string;
}

export interface PaymentTotals {
  by_method: MethodTotal[];
  count: number;
  total: string;
}

export interface PaymentPage {
  items: Payment[];
  next_cursor?: string | null;
  /** Totals of every payment the filters match, on all pages. */
  totals?: PaymentTotals | null;
}

export interface PaymentFilters {
  q?: string;
  /** Payments on this customer's orders. */
  customer_id?: string;
  /** Received on or after this day (YYYY-MM-DD). */
  from?: string;
  /** Received on or before this day (YYYY-MM-DD). */
  to?: string;
  method_id?: string;
  include_deleted?: boolean;
}

export function paymentsUrl(filters: PaymentFilters, cursor?: string | null): string {
  const qs = new URLSearchParams();
  if (filters.q?.trim()) qs.set('q', filters.q.trim());
  if (filters.customer_id) qs.set('customer_id', filters.customer_id);
  if (filters.from) qs.set('from', filters.from);
  if (filters.to) qs.set('to', filters.to);
  if (filters.method_id) qs.set('method_id', filters.method_id);
  if (filters.include_deleted) qs.set('include_deleted', 'true');
  if (cursor) qs.set('cursor', cursor);
  const s = qs.toString();
  return `/api/v1/payments${s ? `?${s}` : ''}`;
}

export const fetchPayments = (filters: PaymentFilters, cursor: string | null, signal?: AbortSignal) =>
  api.get<PaymentPage>(paymentsUrl(filters, cursor), signal);

/** The answer of a reversal: the payment, now marked, and the order's new balance. */
export interface PaymentWithBalance {
  payment: Payment;
  balance: Balance;
}

export const reversePayment = (id: string, reason: string) =>
  apiFetch<PaymentWithBalance>(`/api/v1/payments/${id}`, { method: 'DELETE', body: { reason } });

export const receiptUrl = (id: string) => `/api/v1/payments/${id}/receipt`;

export interface PaymentMethodOption {
  id: string;
  name: string;
  active: boolean;
}

export const fetchPaymentMethods = (signal?: AbortSignal) =>
  api.get<PaymentMethodOption[]>('/api/v1/payment-methods?include_inactive=true', signal);

// --- parts ----------------------------------------------------------------------

export interface PartRow extends OrderPart {
  order_id: string;
  order_number: string;
  customer_id: string;
  customer_name: string;
}

export interface PartPage {
  items: PartRow[];
  next_cursor?: string | null;
}

export interface PartFilters {
  from?: string;
  to?: string;
  order_id?: string;
  technician_id?: string;
  added_by?: string;
  q?: string;
}

export function partsUrl(filters: PartFilters, cursor?: string | null): string {
  const qs = new URLSearchParams();
  for (const key of ['from', 'to', 'order_id', 'technician_id', 'added_by', 'q'] as const) {
    const v = filters[key]?.trim();
    if (v) qs.set(key, v);
  }
  if (cursor) qs.set('cursor', cursor);
  const s = qs.toString();
  return `/api/v1/parts${s ? `?${s}` : ''}`;
}

export const fetchParts = (filters: PartFilters, cursor: string | null, signal?: AbortSignal) =>
  api.get<PartPage>(partsUrl(filters, cursor), signal);

export const updatePart = (orderId: string, partId: string, input: PartInput) =>
  apiFetch<OrderPart>(`/api/v1/orders/${orderId}/parts/${partId}`, { method: 'PUT', body: input });

export const deletePart = (orderId: string, partId: string) =>
  apiFetch<void>(`/api/v1/orders/${orderId}/parts/${partId}`, { method: 'DELETE' });

// --- timeline posts -----------------------------------------------------------------

export const editEvent = (orderId: string, eventId: string, comment: string) =>
  apiFetch<OrderEvent>(`/api/v1/orders/${orderId}/events/${eventId}`, { method: 'PATCH', body: { comment } });

export const deleteEvent = (orderId: string, eventId: string) =>
  apiFetch<void>(`/api/v1/orders/${orderId}/events/${eventId}`, { method: 'DELETE' });

// --- history ----------------------------------------------------------------------

/** One earlier version of a part or a post, as it was before `action`. */
export interface Revision {
  id: string;
  action: 'edited' | 'deleted';
  at: string;
  by_id: string;
  by_name: string;
  /** The fields as they were before the change (a part's or a post's). */
  previous: Record<string, unknown>;
}

export const fetchPartHistory = (orderId: string, partId: string, signal?: AbortSignal) =>
  api.get<Revision[]>(`/api/v1/orders/${orderId}/parts/${partId}/history`, signal);

export const fetchEventHistory = (orderId: string, eventId: string, signal?: AbortSignal) =>
  api.get<Revision[]>(`/api/v1/orders/${orderId}/events/${eventId}/history`, signal);
