/**
 * Service orders: types and requests for /api/v1/orders (create, edit,
 * technicians, activation, QR rotation, timeline events, parts), the status
 * catalogs, and the public QR page. Field names follow the server's
 * `OrderInput`/`OrderUpdate`/`PartInput` (src/services/orders.rs); money and
 * quantities travel as decimal strings.
 */
import { ApiError, api, apiFetch } from './client';

export interface PhotoLinks {
  id: string;
  url: string;
  thumb_url: string;
}
export interface Balance {
  service_value: string;
  parts_total: string;
  paid: string;
  balance: string;
}
export interface PublicEvent {
  id: string;
  label: string;
  comment: string;
  created_at: string;
  edited_at?: string | null;
  photos: PhotoLinks[];
}
export interface PublicPart {
  id: string;
  description: string;
  quantity: string;
  unit_price: string;
  total: string;
  warranty_days: number;
  warranty_until?: string | null;
  created_at: string;
}
export interface PublicOrder {
  number: string;
  customer_name: string;
  reason: string;
  state: 'open' | 'closed';
  status?: string | null;
  received_at: string;
  promised_at?: string | null;
  closed_at?: string | null;
  equipment?: { brand: string; model: string; serial: string } | null;
  timeline: PublicEvent[];
  /** The parts shown to the customer: the only ones billed, so their totals add up to `balance.parts_total`. */
  parts: PublicPart[];
  balance: Balance;
  currency: string;
  channel: string;
}
export interface OrderEvent extends PublicEvent {
  order_id: string;
  visibility: 'public' | 'internal';
  author_name: string;
  author_role: string;
  author_id?: string;
  edited_by_name?: string | null;
  deleted_at?: string | null;
  deleted_by_name?: string | null;
}
export interface OrderPart {
  id: string;
  description: string;
  quantity: string;
  unit_price: string;
  total?: string;
  warranty_days?: number;
  warranty_until?: string | null;
  shown_to_customer?: boolean;
  added_by?: string;
  added_by_name?: string;
  created_at?: string;
  /** Staff only: who last edited or deleted the line (a deleted part no longer counts). */
  edited_at?: string | null;
  edited_by_name?: string | null;
  deleted_at?: string | null;
  deleted_by_name?: string | null;
  /** A part from the catalog (free-text parts: none) and where it stands with the stock. */
  item_id?: string | null;
  stock_status?: 'reserved' | 'consumed' | 'to_order' | 'released' | null;
}
export interface Order {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  reason: string;
  service_value: string;
  qr_token: string;
  /** `deactivated` for an order taken out of service ("desincorporada"). */
  state: OrderState;
  active: boolean;
  received_at: string;
  promised_at?: string | null;
  closed_at?: string | null;
  created_at?: string;
  equipment_id?: string | null;
  equipment_brand?: string | null;
  equipment_model?: string | null;
  equipment_serial?: string | null;
  internal_status_id?: string | null;
  internal_status?: string | null;
  public_status_id?: string | null;
  public_status?: string | null;
  technicians: { id: string; name: string }[];
}
export interface OrderDetail extends Order {
  timeline: OrderEvent[];
  parts: OrderPart[];
  balance: Balance;
  channels: string[];
}

export const ORDER_STATES = ['open', 'closed', 'deactivated'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface OrderPage {
  items: Order[];
  next_cursor?: string | null;
}

/** A label of the public or internal status catalog. */
export interface OrderStatus {
  id: string;
  visibility: 'public' | 'internal';
  label: string;
  position: number;
  active: boolean;
}

/** A new customer created together with the order (validated like POST /customers). */
export interface NewCustomerInput {
  name: string;
  tax_id: string;
  email?: string | null;
  phone?: string;
  address?: string;
}

/** A new machine of the order's customer. */
export interface NewEquipmentInput {
  brand: string;
  model: string;
  serial?: string;
  year?: number | null;
}

/** `POST /api/v1/orders` (`CreateOrderInput`): give `customer_id` or `customer`, and `equipment_id` or `equipment` (or neither). */
export interface OrderInput {
  customer_id?: string;
  customer?: NewCustomerInput;
  equipment_id?: string;
  equipment?: NewEquipmentInput;
  reason: string;
  technician_ids: string[];
  service_value?: string;
  promised_at?: string | null;
  /**
   * The first public status (an active public label), recorded by the server
   * as the order's first public timeline event in the same transaction.
   * Only for roles that may post timeline events.
   */
  status_id?: string;
}

/** `PUT /api/v1/orders/{id}`: every editable field (technicians optional). */
export interface OrderUpdate {
  equipment_id: string | null;
  reason: string;
  service_value: string;
  promised_at: string | null;
  technician_ids?: string[];
}

export interface PartInput {
  /** Required for free text; a catalog part defaults to the item's. */
  description?: string;
  quantity: string;
  /** Required for free text; a catalog part defaults to the item's sale price. */
  unit_price?: string;
  warranty_days?: number;
  shown_to_customer?: boolean;
  /** A catalog part: adding it reserves it (409 `insufficient_stock` when not enough is available). */
  item_id?: string;
  /** With `item_id`: add it anyway as a backorder when not enough is available. */
  to_order?: boolean;
}

export const createOrder = (input: OrderInput) => api.post<Order>('/api/v1/orders', input);

export const updateOrder = (id: string, input: OrderUpdate) =>
  apiFetch<Order>(`/api/v1/orders/${id}`, { method: 'PUT', body: input });

export const setOrderTechnicians = (id: string, technicianIds: string[]) =>
  apiFetch<Order>(`/api/v1/orders/${id}/technicians`, { method: 'PUT', body: { technician_ids: technicianIds } });

export const setOrderActive = (id: string, active: boolean) =>
  apiFetch<Order>(`/api/v1/orders/${id}/active`, { method: 'PUT', body: { active } });

export const rotateOrderQr = (id: string) => api.post<Order>(`/api/v1/orders/${id}/qr/rotate`);

export const addOrderPart = (id: string, input: PartInput) => api.post<OrderPart>(`/api/v1/orders/${id}/parts`, input);

/** Posts a timeline event as a multipart form (so it may carry a camera photo). */
export async function postOrderEvent(
  id: string,
  input: { visibility: 'public' | 'internal'; comment: string; status_id?: string | null; photos?: File[] },
): Promise<void> {
  const form = new FormData();
  form.append('visibility', input.visibility);
  form.append('comment', input.comment);
  if (input.status_id) form.append('status_id', input.status_id);
  for (const photo of input.photos ?? []) form.append('photos', photo, photo.name || 'photo.jpg');
  let response: Response;
  try {
    response = await fetch(`/api/v1/orders/${id}/events`, { method: 'POST', body: form, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, 'network_error', null, err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
}

/** The active labels of both status catalogs (staff). */
export const fetchOrderStatuses = (signal?: AbortSignal) => api.get<OrderStatus[]>('/api/v1/order-statuses', signal);

/** A staff user as listed by GET /api/v1/users (master, admin, operator may list). */
export interface StaffUser {
  id: string;
  name: string;
  email: string;
  role: string;
  active: boolean;
}

/** Active technicians, to assign to an order. */
export const fetchTechnicians = (signal?: AbortSignal) =>
  api.get<StaffUser[]>('/api/v1/users?role=technician&active=true', signal);

/** A machine of a customer (GET /api/v1/customers/{id}/equipment). */
export interface Equipment {
  id: string;
  customer_id: string;
  brand: string;
  model: string;
  serial: string;
  year?: number | null;
}

export const fetchCustomerEquipment = (customerId: string, signal?: AbortSignal) =>
  api.get<Equipment[]>(`/api/v1/customers/${customerId}/equipment`, signal);

export const fetchPublicOrder = (token: string, signal?: AbortSignal) =>
  api.get<PublicOrder>(`/api/v1/public/orders/${encodeURIComponent(token)}`, signal);

export function equipmentText(e: { brand?: string | null; model?: string | null; serial?: string | null }): string {
  return [e.brand, e.model, e.serial ? `(${e.serial})` : null].filter(Boolean).join(' ');
}

export { formatDateTime, formatMoney } from '../lib/format';
