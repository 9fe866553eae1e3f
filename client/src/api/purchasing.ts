/**
 * Purchasing (issue 15): suppliers, purchase orders, receiving and supplier
 * performance — types and TanStack Query hooks for `/api/v1/suppliers`,
 * `/api/v1/purchase-orders` and `/api/v1/purchasing/*`. Office roles only
 * (master, admin, operator); the server refuses everyone else.
 *
 * Quantities and money travel as decimal strings; rates are fractions in
 * [0, 1] as decimal strings, `null` when there is nothing to rate.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import type { Role } from './auth';
import { api, apiFetch } from './client';
import type { TaxIdCountry } from './customers';
import type { PurchaseOrderState } from './generated/PurchaseOrderState';

export type { PurchaseOrderState };

export const PURCHASE_ORDER_STATES: readonly PurchaseOrderState[] = [
  'draft',
  'sent',
  'partially_received',
  'received',
  'closed_short',
  'cancelled',
];

/** Who may use the purchasing pages (server: ManagePurchasing). */
export const canManagePurchasing = (role: Role | undefined) =>
  role === 'master' || role === 'admin' || role === 'operator';

export interface Supplier {
  id: string;
  name: string;
  tax_id: string;
  tax_id_country: TaxIdCountry;
  email: string | null;
  phone: string;
  address: string;
  payment_terms: string;
  lead_time_days: number;
  notes: string;
  active: boolean;
  created_at: string;
  updated_at: string;
}

export interface SupplierInput {
  name: string;
  tax_id: string;
  tax_id_country?: TaxIdCountry | null;
  email?: string | null;
  phone: string;
  address: string;
  payment_terms: string;
  lead_time_days: number;
  notes: string;
}

export interface SupplierContact {
  id: string;
  supplier_id: string;
  name: string;
  email: string | null;
  phone: string;
  position: string;
  created_at: string;
}

export interface SupplierContactInput {
  name: string;
  email?: string | null;
  phone: string;
  position: string;
}

export interface SupplierDetail {
  supplier: Supplier;
  contacts: SupplierContact[];
}

export interface Page<T> {
  items: T[];
  next_cursor?: string | null;
}

export interface PurchaseOrder {
  id: string;
  number: string;
  supplier_id: string;
  supplier_name: string;
  state: PurchaseOrderState;
  notes: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  sent_at: string | null;
  finished_at: string | null;
}

export type StockUnit = 'piece' | 'pair' | 'kit' | 'box' | 'litre' | 'gallon' | 'kilogram' | 'metre';

export interface PurchaseLine {
  id: string;
  item_id: string;
  sku: string;
  description: string;
  unit: StockUnit;
  position: number;
  quantity: string;
  received: string;
  outstanding: string;
  unit_cost: string;
  amount: string;
  promised_on: string | null;
  fully_received_at: string | null;
}

export interface Receipt {
  id: string;
  line_id: string;
  item_id: string;
  quantity: string;
  unit_cost: string;
  average_cost_before: string;
  over_receipt: boolean;
  received_by: string;
  received_at: string;
}

export interface PurchaseOrderDetail {
  order: PurchaseOrder;
  supplier_email: string | null;
  lines: PurchaseLine[];
  receipts: Receipt[];
  total: string;
  currency: string;
}

export interface PurchaseLineInput {
  item_id: string;
  quantity: string;
  unit_cost?: string | null;
  promised_on?: string | null;
}

export interface PickItem {
  id: string;
  sku: string;
  description: string;
  unit: StockUnit;
  average_cost: string;
  on_hand: string;
  on_order: string;
  preferred_supplier_id: string | null;
}

export interface PerformanceFigures {
  lines_rated: number;
  lines_on_time: number;
  on_time_rate: string | null;
  lines_received: number;
  average_lead_time_days: string | null;
  lines_finished: number;
  fill_rate: string | null;
  receipts_priced: number;
  price_variance: string | null;
  score: string | null;
}

export interface SupplierPerformanceReport {
  supplier_id: string;
  supplier_name: string;
  from: string;
  to: string;
  totals: PerformanceFigures;
  months: { month: string; figures: PerformanceFigures }[];
}

export interface RankedSupplier {
  rank: number;
  supplier_id: string;
  supplier_name: string;
  active: boolean;
  figures: PerformanceFigures;
}

export interface PerformanceRanking {
  from: string;
  to: string;
  suppliers: RankedSupplier[];
}

/** Every purchasing query lives under this key: one invalidation reloads them all. */
export const purchasingKeys = {
  all: ['purchasing'] as const,
  suppliers: (filters: object) => ['purchasing', 'suppliers', filters] as const,
  supplier: (id: string) => ['purchasing', 'supplier', id] as const,
  orders: (filters: object) => ['purchasing', 'orders', filters] as const,
  order: (id: string) => ['purchasing', 'order', id] as const,
  performance: (id: string) => ['purchasing', 'performance', id] as const,
  ranking: ['purchasing', 'ranking'] as const,
  items: (q: string) => ['purchasing', 'items', q] as const,
};

function query(params: Record<string, string | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

export function useSuppliers(filters: { q?: string; active?: string }, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: purchasingKeys.suppliers(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<Supplier>>(`/api/v1/suppliers${query({ ...filters, cursor: pageParam, limit: '50' })}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function useSupplier(id: string) {
  return useQuery({
    queryKey: purchasingKeys.supplier(id),
    queryFn: ({ signal }) => api.get<SupplierDetail>(`/api/v1/suppliers/${id}`, signal),
  });
}

export function usePurchaseOrders(filters: { supplier_id?: string; state?: string; q?: string }, enabled = true) {
  return useInfiniteQuery({
    enabled,
    queryKey: purchasingKeys.orders(filters),
    queryFn: ({ pageParam, signal }) =>
      api.get<Page<PurchaseOrder>>(`/api/v1/purchase-orders${query({ ...filters, cursor: pageParam, limit: '50' })}`, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
  });
}

export function usePurchaseOrder(id: string) {
  return useQuery({
    queryKey: purchasingKeys.order(id),
    queryFn: ({ signal }) => api.get<PurchaseOrderDetail>(`/api/v1/purchase-orders/${id}`, signal),
  });
}

export function useSupplierPerformance(id: string) {
  return useQuery({
    queryKey: purchasingKeys.performance(id),
    queryFn: ({ signal }) => api.get<SupplierPerformanceReport>(`/api/v1/suppliers/${id}/performance`, signal),
  });
}

export function usePerformanceRanking(enabled = true) {
  return useQuery({
    enabled,
    queryKey: purchasingKeys.ranking,
    queryFn: ({ signal }) => api.get<PerformanceRanking>('/api/v1/purchasing/performance', signal),
  });
}

export function usePickItems(q: string, enabled = true) {
  return useQuery({
    enabled,
    queryKey: purchasingKeys.items(q),
    queryFn: ({ signal }) => api.get<PickItem[]>(`/api/v1/purchasing/items${query({ q })}`, signal),
  });
}

/** Reloads every purchasing query (after a change made here). */
export function useReloadPurchasing() {
  const queryClient = useQueryClient();
  return useCallback(() => void queryClient.invalidateQueries({ queryKey: purchasingKeys.all }), [queryClient]);
}

// --- changes -------------------------------------------------------------------

export const createSupplier = (input: SupplierInput) => api.post<Supplier>('/api/v1/suppliers', input);
export const updateSupplier = (id: string, input: SupplierInput) =>
  apiFetch<Supplier>(`/api/v1/suppliers/${id}`, { method: 'PUT', body: input });
export const setSupplierActive = (id: string, active: boolean) =>
  apiFetch<Supplier>(`/api/v1/suppliers/${id}/active`, { method: 'PUT', body: { active } });
export const addSupplierContact = (id: string, input: SupplierContactInput) =>
  api.post<SupplierContact>(`/api/v1/suppliers/${id}/contacts`, input);
export const deleteSupplierContact = (id: string, contactId: string) =>
  apiFetch<void>(`/api/v1/suppliers/${id}/contacts/${contactId}`, { method: 'DELETE' });

export const createPurchaseOrder = (input: { supplier_id: string; notes?: string; lines?: PurchaseLineInput[] }) =>
  api.post<PurchaseOrderDetail>('/api/v1/purchase-orders', input);
export const addPurchaseLine = (id: string, input: PurchaseLineInput) =>
  api.post<PurchaseOrderDetail>(`/api/v1/purchase-orders/${id}/lines`, input);
export const deletePurchaseLine = (id: string, lineId: string) =>
  apiFetch<PurchaseOrderDetail>(`/api/v1/purchase-orders/${id}/lines/${lineId}`, { method: 'DELETE' });
export const purchaseOrderAction = (id: string, action: 'send' | 'cancel' | 'close-short') =>
  api.post<PurchaseOrderDetail>(`/api/v1/purchase-orders/${id}/${action}`, {});
export const receivePurchaseOrder = (
  id: string,
  lines: { line_id: string; quantity: string }[],
  confirmOverReceipt: boolean,
  note: string,
) =>
  api.post<PurchaseOrderDetail>(`/api/v1/purchase-orders/${id}/receive`, {
    lines,
    confirm_over_receipt: confirmOverReceipt,
    note,
  });

/** A rate (fraction string) as a whole percentage, `—` when absent. */
export function percent(rate: string | null | undefined, locale: string): string {
  if (rate === null || rate === undefined) return '—';
  return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(Number(rate));
}
