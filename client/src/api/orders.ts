/** Service orders: types and query helpers for /api/v1/orders and the public QR page. */
import { api } from './client';

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
  parts: { description: string; quantity: string; unit_price?: string; total?: string }[];
  balance: Balance;
  currency: string;
  channel: string;
}
export interface OrderEvent extends PublicEvent {
  order_id: string;
  visibility: 'public' | 'internal';
  author_name: string;
  author_role: string;
  deleted_at?: string | null;
}
export interface OrderPart {
  id: string;
  description: string;
  quantity: string;
  unit_price: string;
  visible_to_customer?: boolean;
  [key: string]: unknown;
}
export interface Order {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  reason: string;
  service_value: string;
  qr_token: string;
  state: 'open' | 'closed';
  active: boolean;
  received_at: string;
  closed_at?: string | null;
  equipment_id?: string | null;
  equipment_brand?: string | null;
  equipment_model?: string | null;
  equipment_serial?: string | null;
  internal_status?: string | null;
  public_status?: string | null;
  technicians: { id: string; name: string }[];
}
export interface OrderDetail extends Order {
  timeline: OrderEvent[];
  parts: OrderPart[];
  balance: Balance;
  channels: string[];
}

export const fetchPublicOrder = (token: string, signal?: AbortSignal) =>
  api.get<PublicOrder>(`/api/v1/public/orders/${encodeURIComponent(token)}`, signal);

export function equipmentText(e: { brand?: string | null; model?: string | null; serial?: string | null }): string {
  return [e.brand, e.model, e.serial ? `(${e.serial})` : null].filter(Boolean).join(' ');
}

export { formatDateTime, formatMoney } from '../lib/format';
