/**
 * What a publication means for the cached tickets, shared by the ticket
 * page (`ticket:<id>`) and the office's list (`staff:tickets`):
 *
 * - every `ticket.*` event carries the ticket as it is now, which replaces
 *   the cached one (state, priority, assignee, SLA due and breach times);
 * - a chat message by staff may be the first response, which the server
 *   records on the ticket without publishing a ticket event, so the ticket
 *   is refetched (while it has no first response yet).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Ticket, TicketPage } from '../api/tickets';
import { type ChannelEvent, asChannelEvent, assertNever } from './events';

export type TicketEffect = { kind: 'ticket'; ticket: Ticket } | { kind: 'staffChat' } | null;

/** The effect of one event on the cached tickets. */
export function ticketEffect(event: ChannelEvent): TicketEffect {
  switch (event.type) {
    case 'ticket.created':
    case 'ticket.state_changed':
    case 'ticket.assigned':
    case 'ticket.priority_changed':
    case 'ticket.sla_breached':
      return { kind: 'ticket', ticket: event.ticket };
    case 'chat.message':
      return event.author.role === 'customer' ? null : { kind: 'staffChat' };
    case 'order.created':
    case 'order.updated':
    case 'order.technicians_changed':
    case 'order.deactivated':
    case 'order.reactivated':
    case 'order.event_added':
    case 'order.event_edited':
    case 'order.event_deleted':
    case 'order.part_added':
    case 'order.part_updated':
    case 'order.part_removed':
    case 'payment.registered':
    case 'payment.deleted':
    case 'order.closed':
    case 'order.reopened':
    case 'order.qr_rotated':
    case 'order.balance_changed':
    case 'order.link_revoked':
    case 'maintenance.request_created':
    case 'maintenance.plan_changed':
    case 'quote.saved':
    case 'quote.sent':
    case 'quote.approved':
    case 'quote.rejected':
    case 'quote.changes_requested':
    case 'quote.expired':
    case 'opportunity.created':
    case 'opportunity.moved':
    case 'opportunity.updated':
    case 'interaction.recorded':
    case 'customer.risk_changed':
    case 'customer.onboarding_changed':
    case 'stock.changed':
    case 'stock.reorder_changed':
    case 'typing':
    case 'read':
    case 'notification':
    case 'purchase_order.changed':
    case 'purchase_order.received':
    case 'supplier.changed':
    case 'billing.invoice_issued':
    case 'billing.invoice_settlement_changed':
    case 'billing.invoice_voided':
    case 'billing.credit_note_issued':
    case 'billing.statement_changed':
      return null;
    default:
      assertNever(event);
      return null;
  }
}

/** Puts `ticket` in the page's cache and in every cached list page that holds it. */
export function applyTicketUpdate(queryClient: QueryClient, ticket: Ticket) {
  if (queryClient.getQueryData(['ticket', ticket.id]) !== undefined) queryClient.setQueryData(['ticket', ticket.id], ticket);
  queryClient.setQueriesData<TicketPage>({ queryKey: ['tickets'] }, (page) =>
    page && Array.isArray(page.items) && page.items.some((tk) => tk.id === ticket.id)
      ? { ...page, items: page.items.map((tk) => (tk.id === ticket.id ? ticket : tk)) }
      : page,
  );
}

/**
 * Applies a publication on `ticket:<ticketId>` to the caches: a ticket event
 * replaces the ticket; a staff message refetches it while it still waits
 * for its first response.
 */
export function applyTicketPublication(queryClient: QueryClient, ticketId: string, data: unknown) {
  const event = asChannelEvent(data);
  if (!event) return;
  const effect = ticketEffect(event);
  if (!effect) return;
  if (effect.kind === 'ticket') {
    if (effect.ticket.id === ticketId) applyTicketUpdate(queryClient, effect.ticket);
    return;
  }
  const cached = queryClient.getQueryData<Ticket>(['ticket', ticketId]);
  if (!cached || !cached.first_response_at) void queryClient.invalidateQueries({ queryKey: ['ticket', ticketId] });
}
