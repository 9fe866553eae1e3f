/**
 * Customers & equipment (capability 2): types and TanStack Query hooks for
 * `/api/v1/customers`, `/api/v1/contacts` and `/api/v1/equipment`.
 *
 * The server scopes every read and write (a seller sees only the customers
 * they own, a portal contact only their own company), so these hooks never
 * filter by role themselves. Money (`credit_limit`) travels as a decimal
 * string; tax ids are sent as typed and come back normalized by the server.
 */
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch, problemField as sharedProblemField } from './client';
import type { Role, User } from './auth';
import type { Order } from './orders';

/** ISO country of a tax id: Venezuela (RIF), Chile (RUT), Colombia (NIT). */
export const TAX_ID_COUNTRIES = ['VE', 'CL', 'CO'] as const;
export type TaxIdCountry = (typeof TAX_ID_COUNTRIES)[number];

export interface Customer {
  id: string;
  /** Human number, e.g. `CLI-000042`. */
  number: string;
  name: string;
  /** Canonical tax id (e.g. `J-12345678-4`). */
  tax_id: string;
  tax_id_country: TaxIdCountry;
  category: string;
  /** The seller who owns this customer. */
  owner_id: string | null;
  /** Decimal string in the company currency. */
  credit_limit: string;
  email: string | null;
  phone: string;
  address: string;
  city: string;
  notes: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

/** Body of `POST /api/v1/customers` and `PUT /api/v1/customers/{id}`. */
export interface CustomerInput {
  name: string;
  tax_id: string;
  tax_id_country?: TaxIdCountry | null;
  category: string;
  owner_id?: string | null;
  credit_limit?: string | null;
  email?: string | null;
  phone: string;
  address: string;
  city?: string;
  notes: string;
}

export interface CustomerPage {
  items: Customer[];
  /** Absent (or null) on the last page. */
  next_cursor?: string | null;
}

export interface Contact {
  id: string;
  customer_id: string;
  name: string;
  email: string | null;
  phone: string;
  position: string;
  /** The contact's portal account, once invited. */
  user_id: string | null;
  created_at: string;
}

export interface ContactInput {
  name: string;
  email?: string | null;
  phone: string;
  position: string;
}

export interface Equipment {
  id: string;
  customer_id: string;
  brand: string;
  model: string;
  serial: string;
  year: number | null;
  /** The latest engine-hour reading. */
  engine_hours: number;
  /** `YYYY-MM-DD`. */
  warranty_ends_on: string | null;
  notes: string;
  created_at: string;
}

export interface EquipmentInput {
  brand: string;
  model: string;
  serial: string;
  year?: number | null;
  /** Initial reading; only used when creating. */
  engine_hours?: number | null;
  warranty_ends_on?: string | null;
  notes: string;
}

export interface EngineHourReading {
  id: string;
  equipment_id: string;
  hours: number;
  read_at: string;
  recorded_by: string | null;
}

export interface CustomerFilters {
  q?: string;
  category?: string;
  owner_id?: string;
  active?: 'true' | 'false';
  /** The city, whole, any case. */
  city?: string;
  has_open_orders?: 'true' | 'false';
  /** A decimal string: customers whose account balance is above it. */
  balance_above?: string;
}

/** The directory's filters as they travel in the page URL and the API. */
export const CUSTOMER_FILTER_KEYS = [
  'q',
  'category',
  'owner_id',
  'active',
  'city',
  'has_open_orders',
  'balance_above',
] as const;

/** The query string of a directory search (empty filters left out). */
export function customerFilterParams(filters: CustomerFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of CUSTOMER_FILTER_KEYS) {
    const value = filters[key];
    const v = typeof value === 'string' ? value.trim() : '';
    if (v) params.set(key, v);
  }
  return params;
}

/** Page size of the directory. */
export const CUSTOMER_PAGE_SIZE = 50;

/** The URL of one directory page. Empty filters are left out. */
export function customersUrl(filters: CustomerFilters, cursor?: string | null, limit = CUSTOMER_PAGE_SIZE): string {
  const params = customerFilterParams(filters);
  if (cursor) params.set('cursor', cursor);
  params.set('limit', String(limit));
  return `/api/v1/customers?${params.toString()}`;
}

// --- roles -----------------------------------------------------------------

/** Roles with the customer directory (server: ReadCustomers minus the portal). */
export const DIRECTORY_ROLES: readonly Role[] = ['master', 'admin', 'operator', 'seller'];
/** Activate/deactivate a customer and move it to another seller (AdministerCustomers). */
export const canAdministerCustomers = (role: Role) => role === 'master' || role === 'admin';
/** Give contacts portal access (InviteContacts). */
export const canInviteContacts = (role: Role) => DIRECTORY_ROLES.includes(role);
/** List users, hence pick or name sellers (ReadUsers). */
export const canReadUsers = (role: Role) => role === 'master' || role === 'admin' || role === 'operator';
/** Only the office sets a customer's credit limit (the server refuses a seller with 403). */
export const canSetCreditLimits = (role: Role) => role === 'master' || role === 'admin' || role === 'operator';

// --- errors ----------------------------------------------------------------

/** The input field a problem points at, if any (`undefined` when none). */
export function problemField(error: unknown): string | undefined {
  return sharedProblemField(error) ?? undefined;
}

// --- query keys ------------------------------------------------------------

export const customerKeys = {
  /** Every directory page and customer picker (other areas use `['customers', …]` too). */
  lists: ['customers'] as const,
  customer: (id: string) => ['customer', id] as const,
  contacts: (id: string) => ['customer', id, 'contacts'] as const,
  equipment: (id: string) => ['customer', id, 'equipment'] as const,
  orders: (id: string) => ['customer', id, 'orders'] as const,
  readings: (equipmentId: string) => ['equipment', equipmentId, 'readings'] as const,
  sellers: ['users', 'sellers'] as const,
};

// --- queries ---------------------------------------------------------------

/** The directory, one keyset page at a time ("load more"). */
export function useCustomerDirectory(filters: CustomerFilters, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: [...customerKeys.lists, 'directory', filters],
    queryFn: ({ pageParam, signal }) => api.get<CustomerPage>(customersUrl(filters, pageParam), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useCustomer(id: string | null | undefined, enabled = true) {
  return useQuery({
    queryKey: customerKeys.customer(id ?? ''),
    queryFn: ({ signal }) => api.get<Customer>(`/api/v1/customers/${id}`, signal),
    enabled: enabled && !!id,
  });
}

export function useContacts(customerId: string) {
  return useQuery({
    queryKey: customerKeys.contacts(customerId),
    queryFn: ({ signal }) => api.get<Contact[]>(`/api/v1/customers/${customerId}/contacts`, signal),
  });
}

export function useEquipmentList(customerId: string) {
  return useQuery({
    queryKey: customerKeys.equipment(customerId),
    queryFn: ({ signal }) => api.get<Equipment[]>(`/api/v1/customers/${customerId}/equipment`, signal),
  });
}

export function useReadings(equipmentId: string) {
  return useQuery({
    queryKey: customerKeys.readings(equipmentId),
    queryFn: ({ signal }) => api.get<EngineHourReading[]>(`/api/v1/equipment/${equipmentId}/readings`, signal),
  });
}

/** The customer's latest service orders (the orders list filters by `customer_id`). */
export function useCustomerOrders(customerId: string, enabled = true) {
  return useQuery({
    queryKey: customerKeys.orders(customerId),
    queryFn: ({ signal }) =>
      api.get<{ items: Order[]; next_cursor?: string | null }>(
        `/api/v1/orders?customer_id=${encodeURIComponent(customerId)}&limit=20`,
        signal,
      ),
    enabled,
  });
}

/** Active sellers, to pick or name a customer's owner. Only for roles that may list users. */
export function useSellers(enabled: boolean) {
  return useQuery({
    queryKey: customerKeys.sellers,
    queryFn: ({ signal }) => api.get<User[]>('/api/v1/users?role=seller', signal),
    enabled,
    staleTime: 5 * 60 * 1000,
  });
}

// --- mutations -------------------------------------------------------------

export const createCustomer = (input: CustomerInput) => api.post<Customer>('/api/v1/customers', input);
export const updateCustomer = (id: string, input: CustomerInput) =>
  apiFetch<Customer>(`/api/v1/customers/${id}`, { method: 'PUT', body: input });
export const setCustomerActive = (id: string, active: boolean) =>
  apiFetch<Customer>(`/api/v1/customers/${id}/active`, { method: 'PUT', body: { active } });
export const addContact = (customerId: string, input: ContactInput) =>
  api.post<Contact>(`/api/v1/customers/${customerId}/contacts`, input);
export const updateContact = (id: string, input: ContactInput) =>
  apiFetch<Contact>(`/api/v1/contacts/${id}`, { method: 'PUT', body: input });
export const inviteContact = (id: string) => api.post<Contact>(`/api/v1/contacts/${id}/invite`, {});
export const addEquipment = (customerId: string, input: EquipmentInput) =>
  api.post<Equipment>(`/api/v1/customers/${customerId}/equipment`, input);
export const updateEquipment = (id: string, input: EquipmentInput) =>
  apiFetch<Equipment>(`/api/v1/equipment/${id}`, { method: 'PUT', body: input });
export const addReading = (equipmentId: string, hours: number) =>
  api.post<Equipment>(`/api/v1/equipment/${equipmentId}/readings`, { hours });

/** The body that saves `customer` unchanged — the base for partial edits (PUT replaces every field). */
export function customerInputOf(customer: Customer): CustomerInput {
  return {
    name: customer.name,
    tax_id: customer.tax_id,
    tax_id_country: customer.tax_id_country,
    category: customer.category,
    owner_id: customer.owner_id,
    credit_limit: customer.credit_limit,
    email: customer.email,
    phone: customer.phone,
    address: customer.address,
    city: customer.city,
    notes: customer.notes,
  };
}

/** Writes a saved customer into the cache and refreshes the directory. */
export function useCustomerSaved() {
  const queryClient = useQueryClient();
  return (customer: Customer) => {
    queryClient.setQueryData(customerKeys.customer(customer.id), customer);
    void queryClient.invalidateQueries({ queryKey: customerKeys.lists });
  };
}

/** Changes a customer's active flag (master, admin). */
export function useSetCustomerActive(id: string) {
  const saved = useCustomerSaved();
  return useMutation({ mutationFn: (active: boolean) => setCustomerActive(id, active), onSuccess: saved });
}

/** Invites a contact to the portal and refreshes its customer's contacts. */
export function useInviteContact(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (contactId: string) => inviteContact(contactId),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: customerKeys.contacts(customerId) }),
  });
}
