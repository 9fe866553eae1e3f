/**
 * The parts catalog and its stock (`/api/v1/stock/…`, src/http/stock.rs):
 * items with availability, the ledger of moves, the "to reorder" list and
 * its draft purchase orders. Quantities and money travel as decimal strings.
 * Live changes arrive on `staff:stock` (`stock.changed`,
 * `stock.reorder_changed`); screens reload what they show on each.
 */
import { api, apiFetch } from './client';

export type StockUnit = 'piece' | 'pair' | 'kit' | 'box' | 'litre' | 'gallon' | 'kilogram' | 'metre';
export const STOCK_UNITS: readonly StockUnit[] = ['piece', 'pair', 'kit', 'box', 'litre', 'gallon', 'kilogram', 'metre'];
export const WHOLE_UNITS: readonly StockUnit[] = ['piece', 'pair', 'kit', 'box'];

export type AdjustmentReason = 'physical_count' | 'damaged' | 'lost' | 'found' | 'expired' | 'other';
export const ADJUSTMENT_REASONS: readonly AdjustmentReason[] = ['physical_count', 'damaged', 'lost', 'found', 'expired', 'other'];

export type StockMoveKind = 'initial_count' | 'receipt' | 'reservation' | 'release' | 'consumption' | 'return' | 'adjustment';

export interface Availability {
  item_id: string;
  sku: string;
  unit: StockUnit;
  on_hand: string;
  reserved: string;
  available: string;
  on_order: string;
  /** Waiting on service orders as "to order" (counted in projected). */
  backordered: string;
  projected: string;
  minimum: string;
  below_minimum: boolean;
  suggested: string;
  reorder_since: string | null;
}

export interface Item {
  id: string;
  sku: string;
  description: string;
  brand: string;
  part_number: string;
  unit: StockUnit;
  /** Office roles only. */
  average_cost: string | null;
  sale_price: string;
  warranty_days: number;
  minimum: string;
  maximum: string;
  reorder_multiple: string;
  preferred_supplier_id: string | null;
  active: boolean;
  models: string[];
  created_at: string;
  updated_at: string;
  stock: Availability;
}

export interface ItemPage {
  items: Item[];
  next_cursor?: string | null;
}

export interface ItemInput {
  sku: string;
  description: string;
  brand?: string;
  part_number?: string;
  unit: StockUnit;
  sale_price: string;
  warranty_days?: number;
  minimum?: string;
  maximum?: string;
  reorder_multiple?: string;
  preferred_supplier_id?: string | null;
  models?: string[];
  average_cost?: string;
}

export interface StockMove {
  id: string;
  item_id: string;
  kind: StockMoveKind;
  quantity: string;
  on_hand_delta: string;
  reserved_delta: string;
  on_hand_after: string;
  reserved_after: string;
  reason: AdjustmentReason | null;
  note: string;
  order_id: string | null;
  order_part_id: string | null;
  purchase_line_id: string | null;
  unit_cost: string | null;
  created_by: string;
  created_by_name: string;
  created_at: string;
}

export interface MovePage {
  items: StockMove[];
  next_cursor?: string | null;
}

export interface MoveInput {
  kind: 'initial_count' | 'adjustment';
  quantity: string;
  reason?: AdjustmentReason;
  note?: string;
}

export interface ReorderEntry {
  item_id: string;
  sku: string;
  description: string;
  unit: StockUnit;
  average_cost: string;
  minimum: string;
  maximum: string;
  reorder_multiple: string;
  preferred_supplier_id: string | null;
  supplier_name: string | null;
  on_hand: string;
  reserved: string;
  available: string;
  on_order: string;
  backordered: string;
  projected: string;
  in_draft: string;
  suggested: string;
  backorders: number;
  reorder_since: string;
}

/** A catalog part waiting "to order" on a service order ("Por pedir"). */
export interface BackorderEntry {
  part_id: string;
  item_id: string;
  sku: string;
  description: string;
  unit: StockUnit;
  quantity: string;
  order_id: string;
  order_number: string;
  customer_id: string;
  customer_name: string;
  added_by: string;
  added_by_name: string;
  since: string;
}

export interface DraftedOrders {
  orders: { id: string; number: string; supplier_id: string; supplier_name: string | null; lines: number }[];
  without_supplier: string[];
}

/** The channel every stock screen follows (staff only). */
export const STOCK_CHANNEL = 'staff:stock';

export const fetchItems = (params: { q?: string; active?: boolean; limit?: number }, signal?: AbortSignal) => {
  const search = new URLSearchParams();
  if (params.q) search.set('q', params.q);
  if (params.active !== undefined) search.set('active', String(params.active));
  search.set('limit', String(params.limit ?? 100));
  return api.get<ItemPage>(`/api/v1/stock/items?${search}`, signal);
};
export const fetchItem = (id: string, signal?: AbortSignal) => api.get<Item>(`/api/v1/stock/items/${id}`, signal);
export const createItem = (input: ItemInput) => api.post<Item>('/api/v1/stock/items', input);
export const updateItem = (id: string, input: ItemInput) => apiFetch<Item>(`/api/v1/stock/items/${id}`, { method: 'PUT', body: input });
export const fetchMoves = (id: string, signal?: AbortSignal) => api.get<MovePage>(`/api/v1/stock/items/${id}/moves?limit=200`, signal);
export const recordMove = (id: string, input: MoveInput) =>
  api.post<{ move: StockMove; stock: Availability }>(`/api/v1/stock/items/${id}/moves`, input);
export const fetchReorder = (signal?: AbortSignal) => api.get<ReorderEntry[]>('/api/v1/stock/reorder', signal);
export const fetchBackorders = (signal?: AbortSignal) => api.get<BackorderEntry[]>('/api/v1/stock/backorders', signal);
export const draftPurchaseOrders = (itemIds?: string[]) =>
  api.post<DraftedOrders>('/api/v1/stock/reorder/draft-purchase-orders', itemIds ? { item_ids: itemIds } : {});
export const installPart = (orderId: string, partId: string) =>
  api.post<unknown>(`/api/v1/orders/${orderId}/parts/${partId}/install`, {});

/** Whether quantities of `unit` must be whole. */
export const isWholeUnit = (unit: StockUnit) => WHOLE_UNITS.includes(unit);

/** Whether the role may manage the catalog and stock (the office). */
export const managesStock = (role: string | undefined) => role === 'master' || role === 'admin' || role === 'operator';
/** Whether the role may see availability (staff, not customers). */
export const readsStock = (role: string | undefined) => role !== undefined && role !== 'customer';
