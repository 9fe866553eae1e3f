/**
 * The dashboard figures (`GET /api/v1/dashboard`), scoped by the server to
 * the caller: office and sellers see their open work, a technician what is
 * assigned to them, a customer contact their company's. The home page uses
 * them as entry points into the filtered lists.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { TicketPriority } from './tickets';

export interface StatusCount {
  status_id: string | null;
  /** `null` for open orders with no public status yet. */
  status_name: string | null;
  count: number;
}

export interface PriorityCount {
  priority: TicketPriority;
  count: number;
}

/** An appointment overlapping today (the server sends its full appointment row). */
export interface TodayAppointment {
  id: string;
  starts_at: string;
  ends_at: string;
  state: string;
  customer_name: string;
  equipment_brand?: string | null;
  equipment_model?: string | null;
  equipment_serial?: string | null;
  /** Pre-joined machine text, if the server sends it that way. */
  equipment?: string | null;
  technician_name?: string | null;
  place?: string | null;
}

export interface Dashboard {
  open_orders: number;
  /** By public status (what customers see), catalog order. */
  open_orders_by_status: StatusCount[];
  /** By internal status; staff only (absent or empty for customers). */
  open_orders_by_internal_status?: StatusCount[];
  open_tickets_by_priority: PriorityCount[];
  appointments_today: TodayAppointment[];
  unread_chats: number;
  pending_surveys: number;
}

export const dashboardQueryKey = ['dashboard'] as const;

export const fetchDashboard = (signal?: AbortSignal) => api.get<Dashboard>('/api/v1/dashboard', signal);

/** The caller's dashboard, refreshed every minute while the page is open. */
export function useDashboard() {
  return useQuery({
    queryKey: dashboardQueryKey,
    queryFn: ({ signal }) => fetchDashboard(signal),
    refetchInterval: 60_000,
    retry: false,
  });
}

/** Open tickets in all priorities. */
export function openTickets(d: Pick<Dashboard, 'open_tickets_by_priority'>): number {
  return d.open_tickets_by_priority.reduce((sum, p) => sum + p.count, 0);
}
