/**
 * The office's administration API: staff users and roles (`/api/v1/users`),
 * the order status catalogs (`/api/v1/order-statuses`), the payment methods
 * catalog (`/api/v1/payment-methods`) and the failed notification deliveries
 * ("dead letters", `/api/v1/notifications/dead`).
 *
 * Field names follow the server's handlers exactly (src/http/users.rs,
 * orders.rs, payments.rs, notifications.rs). Mutations invalidate the query
 * keys the rest of the client reads, so e.g. a renamed status shows up in
 * the order page's status picker too.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiFetch, problemField } from './client';
import type { Role } from './auth';

// --- helpers -----------------------------------------------------------------

/** Roles a master may give to staff users (customers are invited from their company's contacts). */
export const STAFF_ROLES = ['master', 'admin', 'technician', 'operator', 'seller'] as const satisfies readonly Role[];
export type StaffRole = (typeof STAFF_ROLES)[number];

export { problemField } from './client';

/** True when `error` is the server refusing `field` (so the form can show it on that input). */
export function isFieldError(error: unknown, field: string): boolean {
  return problemField(error) === field;
}

/** The problem `code` of an error, or null for anything that is not an {@link ApiError}. */
export function problemCode(error: unknown): string | null {
  return error instanceof ApiError ? error.code : null;
}

const put = <T>(path: string, body: unknown) => apiFetch<T>(path, { method: 'PUT', body });
const patch = <T>(path: string, body: unknown) => apiFetch<T>(path, { method: 'PATCH', body });
const del = (path: string) => apiFetch<void>(path, { method: 'DELETE' });

// --- staff users -------------------------------------------------------------

/** A user as `/api/v1/users` returns it (store::accounts::User). */
export interface StaffUser {
  id: string;
  email: string;
  name: string;
  phone: string;
  role: Role;
  active: boolean;
  customer_id: string | null;
  /** False until an invited user sets a password. */
  has_password: boolean;
  created_at: string;
  updated_at: string;
}

export interface UserFilter {
  role?: Role | null;
  active?: boolean | null;
}

export interface NewStaffUser {
  name: string;
  email: string;
  phone: string;
  role: StaffRole;
}

export interface UserChanges {
  name?: string;
  phone?: string;
  role?: StaffRole;
}

export const usersQueryKey = ['users'] as const;

export function usersUrl(filter: UserFilter = {}): string {
  const params = new URLSearchParams();
  if (filter.role) params.set('role', filter.role);
  if (filter.active !== undefined && filter.active !== null) params.set('active', String(filter.active));
  const qs = params.toString();
  return `/api/v1/users${qs ? `?${qs}` : ''}`;
}

export function useStaffUsers(filter: UserFilter = {}, enabled = true) {
  const url = usersUrl(filter);
  return useQuery({
    queryKey: [...usersQueryKey, url],
    queryFn: ({ signal }) => api.get<StaffUser[]>(url, signal),
    enabled,
  });
}

export function useCreateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: NewStaffUser) => api.post<StaffUser>('/api/v1/users', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UserChanges }) => patch<StaffUser>(`/api/v1/users/${id}`, changes),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

/** Activates or deactivates a user; deactivation signs them out everywhere. */
export function useSetUserActive() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, active }: { id: string; active: boolean }) => put<StaffUser>(`/api/v1/users/${id}/active`, { active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: usersQueryKey }),
  });
}

// --- order status catalogs ---------------------------------------------------

export type Visibility = 'public' | 'internal';
export const VISIBILITIES = ['public', 'internal'] as const satisfies readonly Visibility[];

/** A label of a status catalog (store::orders::OrderStatus). */
export interface OrderStatus {
  id: string;
  visibility: Visibility;
  label: string;
  /** Order within its catalog (1, 2, 3, …). */
  position: number;
  active: boolean;
  created_at: string;
}

/** Shared prefix with the order pages' own `['order-statuses']` query, so they refresh too. */
export const orderStatusesQueryKey = ['order-statuses'] as const;
const allStatusesKey = [...orderStatusesQueryKey, 'all'] as const;

/** Both catalogs, active and inactive labels, by position. */
export function useAllOrderStatuses(enabled = true) {
  return useQuery({
    queryKey: allStatusesKey,
    queryFn: ({ signal }) => api.get<OrderStatus[]>('/api/v1/order-statuses?include_inactive=true', signal),
    enabled,
  });
}

export function useCreateOrderStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { visibility: Visibility; label: string }) => api.post<OrderStatus>('/api/v1/order-statuses', input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: orderStatusesQueryKey }),
  });
}

export function useUpdateOrderStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: string; label?: string; active?: boolean }) =>
      put<OrderStatus>(`/api/v1/order-statuses/${id}`, changes),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: orderStatusesQueryKey }),
  });
}

/** Moves `id` one place up (-1) or down (+1) within `catalog` (already sorted by position). */
export function moveId(catalog: readonly { id: string }[], id: string, delta: -1 | 1): string[] {
  const ids = catalog.map((s) => s.id);
  const from = ids.indexOf(id);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= ids.length) return ids;
  [ids[from], ids[to]] = [ids[to], ids[from]];
  return ids;
}

/** Reorders a whole catalog: `ids` lists every label of it (inactive ones too), first to last. */
export function useReorderOrderStatuses() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { visibility: Visibility; ids: string[] }) =>
      put<OrderStatus[]>('/api/v1/order-statuses/positions', input),
    onSuccess: (updated, input) => {
      // Show the new order at once; the refetch below confirms it.
      queryClient.setQueryData<OrderStatus[]>(allStatusesKey, (old) =>
        old ? [...old.filter((s) => s.visibility !== input.visibility), ...updated] : old,
      );
      void queryClient.invalidateQueries({ queryKey: orderStatusesQueryKey });
    },
  });
}

// --- payment methods ---------------------------------------------------------

/** A payment method (store::payments::PaymentMethod). */
export interface PaymentMethod {
  id: string;
  name: string;
  active: boolean;
  /** Payments use it: it can only be deactivated, not deleted. */
  in_use: boolean;
  created_at: string;
}

/** Shared prefix with the order page's `['payment-methods']` query. */
export const paymentMethodsQueryKey = ['payment-methods'] as const;
const allMethodsKey = [...paymentMethodsQueryKey, 'all'] as const;

export function useAllPaymentMethods(enabled = true) {
  return useQuery({
    queryKey: allMethodsKey,
    queryFn: ({ signal }) => api.get<PaymentMethod[]>('/api/v1/payment-methods?include_inactive=true', signal),
    enabled,
  });
}

export function useCreatePaymentMethod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => api.post<PaymentMethod>('/api/v1/payment-methods', { name }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: paymentMethodsQueryKey }),
  });
}

export function useUpdatePaymentMethod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...changes }: { id: string; name?: string; active?: boolean }) =>
      put<PaymentMethod>(`/api/v1/payment-methods/${id}`, changes),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: paymentMethodsQueryKey }),
  });
}

/** Deletes an unused method; the server answers 409 `method_in_use` when payments refer to it. */
export function useDeletePaymentMethod() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => del(`/api/v1/payment-methods/${id}`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: paymentMethodsQueryKey }),
  });
}

// --- dead letters --------------------------------------------------------------

export type DeliveryChannel = 'email' | 'push' | 'in_app';

/** One row of the notification outbox (store::outbox::Delivery). */
export interface Delivery {
  id: string;
  /** The event, e.g. `invitation`, `order_update`, `payment_receipt`. */
  kind: string;
  channel: DeliveryChannel;
  recipient_user_id: string | null;
  /** E-mail address, push endpoint or in-app channel. */
  recipient_address: string;
  status: 'pending' | 'sending' | 'sent' | 'dead';
  attempts: number;
  next_attempt_at: string;
  last_error: string;
  subject_type: string;
  subject_id: string;
  created_at: string;
  sent_at: string | null;
}

export const deadLettersQueryKey = ['notifications', 'dead'] as const;

export function useDeadLetters(enabled = true) {
  return useQuery({
    queryKey: deadLettersQueryKey,
    queryFn: ({ signal }) => api.get<Delivery[]>('/api/v1/notifications/dead', signal),
    enabled,
  });
}

/** The newest deliveries of every kind (the delivery log), newest first. */
export function useRecentDeliveries(enabled = true) {
  return useQuery({
    queryKey: ['notifications', 'recent'],
    queryFn: ({ signal }) => api.get<Delivery[]>('/api/v1/notifications/deliveries?limit=200', signal),
    enabled,
  });
}

/** Queues a dead letter again with a fresh set of attempts. */
export function useRetryDeadLetter() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post(`/api/v1/notifications/dead/${id}/retry`),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: deadLettersQueryKey }),
  });
}
