/** Support tickets: types and requests for /api/v1/tickets, attachments and unread counts. */
import { ApiError, api } from './client';

export const TICKET_TYPES = ['billing', 'technical_support', 'general_information', 'complaint', 'suggestion'] as const;
export const TICKET_PRIORITIES = ['high', 'medium', 'low'] as const;
export const TICKET_STATES = ['open', 'in_progress', 'pending', 'closed'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketState = (typeof TICKET_STATES)[number];

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
  updated_at: string;
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

export interface ChatAuthor {
  id: string;
  name: string;
  role: string;
}

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
