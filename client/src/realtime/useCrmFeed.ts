/**
 * The pipeline board, live: while a CRM page is open, an office user
 * follows `staff:crm` (every opportunity) and a seller `crm:<their id>`
 * (their own and their customers'); each `opportunity.*` publication
 * reloads the CRM views, so a card moved by someone else moves here
 * without a reload. The server refuses every other role these channels.
 */
import { useQueryClient } from '@tanstack/react-query';
import { crmKeys, isOffice } from '../api/crm';
import type { Role } from '../api/generated/Role';
import { asChannelEvent, assertNever } from './events';
import { useCentrifuge, useSubscription } from './client';

export function crmChannel(role: Role | undefined, userId: string): string | null {
  if (isOffice(role)) return 'staff:crm';
  if (role === 'seller') return `crm:${userId}`;
  return null;
}

/** Reloads the CRM queries on every opportunity change in the caller's scope. */
export function useCrmFeed(role: Role | undefined, userId: string) {
  const queryClient = useQueryClient();
  const channel = crmChannel(role, userId);
  const client = useCentrifuge('session', channel !== null);
  useSubscription(client, channel, {
    onPublication: (data) => {
      const event = asChannelEvent(data);
      if (!event) return;
      switch (event.type) {
        case 'opportunity.created':
        case 'opportunity.moved':
        case 'opportunity.updated':
          void queryClient.invalidateQueries({ queryKey: crmKeys.all });
          return;
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
        case 'ticket.created':
        case 'ticket.state_changed':
        case 'ticket.assigned':
        case 'ticket.priority_changed':
        case 'ticket.sla_breached':
        case 'maintenance.request_created':
        case 'chat.message':
        case 'typing':
        case 'read':
        case 'notification':
        case 'maintenance.plan_changed':
        // The customer page's timeline follows these itself (useInteractionFeed).
        case 'interaction.recorded':
        // The customer page and the at-risk list follow this one themselves (useInteractionFeed, useAtRiskFeed).
        case 'customer.risk_changed':
        // The customer page's onboarding checklist follows this one itself (useInteractionFeed).
        case 'customer.onboarding_changed':
        case 'quote.saved':
        case 'quote.sent':
        case 'quote.approved':
        case 'quote.rejected':
        case 'quote.changes_requested':
        case 'quote.expired':
        case 'stock.changed':
        case 'stock.reorder_changed':
        case 'purchase_order.changed':
        case 'purchase_order.received':
        case 'supplier.changed':
        case 'billing.invoice_issued':
        case 'billing.invoice_settlement_changed':
        case 'billing.invoice_voided':
        case 'billing.credit_note_issued':
        case 'billing.statement_changed':
          return;
        default:
          assertNever(event);
      }
    },
  });
}
