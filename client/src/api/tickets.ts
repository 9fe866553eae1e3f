/**
 * Support tickets: types and requests for /api/v1/tickets (list filters,
 * state, priority, assignee), attachments and unread counts. The allowed
 * state moves mirror `TicketState::can_move_to` in src/domain/ticket.rs.
 */
import type { Actor } from './generated';
import { ApiError, api, apiFetch } from './client';

export const TICKET_TYPES = ['billing', 'technical_support', 'general_information', 'complaint', 'suggestion'] as const;
export const TICKET_PRIORITIES = ['high', 'medium', 'low'] as const;
export const TICKET_STATES = ['open', 'in_progress', 'pending', 'closed'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketState = (typeof TICKET_STATES)[number];

/**
 * Where a ticket may go from `state` (same table as the server): open →
 * in_progress | pending | closed; in_progress ↔ pending; either → closed;
 * closed → open (reopen, office roles only: `canReopen`).
 */
export function nextTicketStates(state: TicketState, canReopen: boolean): TicketState[] {
  switch (state) {
    case 'open':
      return ['in_progress', 'pending', 'closed'];
    case 'in_progress':
      return ['pending', 'closed'];
    case 'pending':
      return ['in_progress', 'closed'];
    case 'closed':
      return canReopen ? ['open'] : [];
  }
}

export interface Ticket {
  id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  type: TicketType;
  priority: TicketPriority;
  state: TicketState;
  subject: string;
  description: string;
  assignee_id?: string | null;
  assignee_name?: string | null;
  created_at: string;
  first_response_at?: string | null;
  resolved_at?: string | null;
  /** SLA (issue 16): when the first response falls due while its clock runs; null while paused, once answered, or with no clock. */
  sla_response_due_at?: string | null;
  /** SLA: when the first-response target was missed (set once, never cleared). */
  sla_response_breached_at?: string | null;
  /** SLA: when the resolution falls due while its clock runs. */
  sla_resolution_due_at?: string | null;
  /** SLA: when the resolution target was missed (set once, never cleared). */
  sla_resolution_breached_at?: string | null;
  updated_at: string;
}

export interface TicketPage {
  items: Ticket[];
  next_cursor?: string | null;
}

/** The list filters a URL like /tickets?state=open&priority=high carries (also the API's query names). */
export const TICKET_FILTERS = ['state', 'priority', 'type', 'assignee_id', 'q'] as const;
export type TicketFilterName = (typeof TICKET_FILTERS)[number];

export const changeTicketState = (id: string, state: TicketState) =>
  apiFetch<Ticket>(`/api/v1/tickets/${id}/state`, { method: 'PUT', body: { state } });

export const changeTicketPriority = (id: string, priority: TicketPriority) =>
  apiFetch<Ticket>(`/api/v1/tickets/${id}/priority`, { method: 'PUT', body: { priority } });

/** `null` unassigns. */
export const assignTicket = (id: string, assigneeId: string | null) =>
  apiFetch<Ticket>(`/api/v1/tickets/${id}/assignee`, { method: 'PUT', body: { assignee_id: assigneeId } });

/** Active staff users a ticket can be assigned to (listing users needs master, admin or operator). */
export async function fetchAssignableUsers(signal?: AbortSignal): Promise<{ id: string; name: string; role: string }[]> {
  const users = await api.get<{ id: string; name: string; role: string; active: boolean }[]>('/api/v1/users?active=true', signal);
  return users.filter((u) => u.active !== false && u.role !== 'customer');
}

export interface TicketEvent {
  offset: number;
  data: Record<string, unknown>;
  created_at: string;
  user_id?: string | null;
}

export interface AttachmentInfo {
  id: string;
  channel: string;
  file_name: string;
  content_type: string;
  size_bytes: number;
  url: string;
}

/** Who wrote a message: the generated `Actor` shared by every event. */
export type ChatAuthor = Actor;

/** A chat message as published in a ticket or order channel. */
export interface ChatMessage {
  type: 'chat.message';
  author: ChatAuthor;
  text: string;
  attachments: (AttachmentInfo | string)[];
  client_msg_id?: string;
  sent_at: string;
}

export interface Unread {
  channel: string;
  last_read: number;
  last_offset: number;
  unread: number;
}

export function ticketsUrl(filters: Record<string, string | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) if (v) params.set(k, v);
  const qs = params.toString();
  return `/api/v1/tickets${qs ? `?${qs}` : ''}`;
}

export async function fetchAllTicketEvents(id: string, signal?: AbortSignal): Promise<TicketEvent[]> {
  const all: TicketEvent[] = [];
  let after: number | null | undefined = 0;
  for (let i = 0; i < 50 && after !== undefined && after !== null; i++) {
    const page: { items: TicketEvent[]; next_after?: number | null } = await api.get(
      `/api/v1/tickets/${id}/events?after=${after}&limit=200`,
      signal,
    );
    all.push(...page.items);
    after = page.next_after;
  }
  return all;
}

export async function uploadAttachment(channel: string, file: File): Promise<AttachmentInfo> {
  const form = new FormData();
  form.append('file', file, file.name || 'image.png');
  const response = await fetch(`/api/v1/attachments?channel=${encodeURIComponent(channel)}`, {
    method: 'POST',
    body: form,
    credentials: 'same-origin',
  });
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as AttachmentInfo;
}

export const fetchUnread = (signal?: AbortSignal) => api.get<Unread[]>('/api/v1/realtime/unread', signal);
