/**
 * System events of a conversation as sentences for people: "Ana Pérez
 * cambió el estado a En curso · 3 dic, 10:15" instead of the wire code
 * `ticket.state_changed` (issue 10, bug 9).
 *
 * One entry per publication type in {@link EVENT_TEXTS}: a function that
 * writes the sentence through the i18n catalogue (`chatArea.events.*`, type
 * checked, Spanish and English) and, optionally, where the payload says when
 * it happened. A new publication type is one more entry; an unknown type is
 * still a sentence ("Ana Pérez actualizó la conversación"), never a code.
 *
 * Who: the payload's `{id, name, role}` actor (the generated `Actor`, under
 * `by`; `actor`/`who` still accepted), else the publication's user id named
 * from `people`, else "Alguien".
 * When: the stored publication's time, else the payload's, else when it was
 * received; shown in the company's time zone.
 */
import type { TFunction } from 'i18next';
import { formatMoney, formatNumber, formatShortDateTime } from '../../lib/format';
import type { ChannelEventType } from '../../realtime/events';

type Payload = Record<string, unknown>;

export interface EventContext {
  t: TFunction;
  lang: string;
  /** The company's time zone (setting `time_zone`). */
  timeZone?: string;
  /** The company's currency, for amounts. */
  currency?: string;
  /** Who published it, when the payload names nobody (history `user_id`, client info). */
  userId?: string;
  /** Names of people known to the screen, by user id (at least the signed-in user). */
  people?: Record<string, string>;
  /** When the server stored the publication (history), the best time there is. */
  storedAt?: string;
  /** When this screen received it live, used when the payload carries no time. */
  receivedAt?: string;
}

interface EventText {
  /** The sentence; `who` is already resolved to a name. */
  text: (d: Payload, who: string, c: EventContext) => string;
  /** When it happened according to the payload. */
  at?: (d: Payload) => unknown;
}

const obj = (v: unknown): Payload => (typeof v === 'object' && v !== null ? (v as Payload) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

function money(amount: unknown, c: EventContext): string {
  const a = str(amount);
  return c.currency ? formatMoney(a, c.currency, c.lang) : formatNumber(a, c.lang);
}

function list(items: string[], lang: string): string {
  try {
    return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items);
  } catch {
    return items.join(', ');
  }
}

const ORDER_FIELDS = ['equipment_id', 'reason', 'service_value', 'promised_at', 'technicians', 'active'] as const;
type OrderField = (typeof ORDER_FIELDS)[number];
const isOrderField = (f: unknown): f is OrderField => (ORDER_FIELDS as readonly unknown[]).includes(f);

const TICKET_STATES = ['open', 'in_progress', 'pending', 'closed'] as const;
const TICKET_PRIORITIES = ['high', 'medium', 'low'] as const;
const oneOf = <T extends string>(values: readonly T[], v: unknown): v is T => (values as readonly unknown[]).includes(v);

const PO_STATES = ['draft', 'sent', 'partially_received', 'received', 'closed_short', 'cancelled'] as const;

const ticketAt = (d: Payload) => obj(d.ticket).updated_at;
const orderAt = (d: Payload) => obj(d.order).updated_at;

/** The publications written as sentences (everything but chat, signals and the inbox). */
// The pipeline board's events (staff:crm, crm:<user>) never reach a chat room.
export type SystemEventType = Exclude<
  ChannelEventType,
  | 'chat.message'
  | 'typing'
  | 'read'
  | 'notification'
  | 'opportunity.created'
  | 'opportunity.moved'
  | 'opportunity.updated'
  // Billing events travel on `account:<customer>` and `staff:billing`, never in a conversation.
  | 'billing.invoice_issued'
  | 'billing.invoice_settlement_changed'
  | 'billing.invoice_voided'
  | 'billing.credit_note_issued'
  | 'billing.statement_changed'
>;

/**
 * Wire names no longer published but still in stored histories: a part
 * removed from the staff channel was `order.part_deleted` until both order
 * channels used `order.part_removed`.
 */
type LegacyEventType = 'order.part_deleted';

/**
 * One entry per publication type (the wire `type`). Typed by the generated
 * union, so a new server event without a sentence fails `tsc`.
 */
export const EVENT_TEXTS: Record<SystemEventType | LegacyEventType, EventText> = {
  'ticket.created': {
    text: (d, who, { t }) =>
      t('chatArea.events.ticket.created', { who, number: str(obj(d.ticket).number), subject: str(obj(d.ticket).subject) }),
    at: (d) => obj(d.ticket).created_at,
  },
  'ticket.state_changed': {
    text: (d, who, { t }) => {
      const state = obj(d.ticket).state;
      if (d.from === 'closed' && state !== 'closed') return t('chatArea.events.ticket.reopened', { who });
      return t('chatArea.events.ticket.stateChanged', {
        who,
        state: oneOf(TICKET_STATES, state) ? t(`tickets.states.${state}`) : str(state),
      });
    },
    at: ticketAt,
  },
  'ticket.assigned': {
    text: (d, who, c) => {
      const ticket = obj(d.ticket);
      const by = actorOf(d);
      if (!ticket.assignee_id) return c.t('chatArea.events.ticket.unassigned', { who });
      if (by && by.id === ticket.assignee_id) return c.t('chatArea.events.ticket.took', { who });
      const assignee = str(ticket.assignee_name) || c.people?.[str(ticket.assignee_id)] || c.t('chatArea.someone');
      return c.t('chatArea.events.ticket.assigned', { who, assignee });
    },
    at: ticketAt,
  },
  'ticket.priority_changed': {
    text: (d, who, { t }) => {
      const p = obj(d.ticket).priority;
      return t('chatArea.events.ticket.priorityChanged', {
        who,
        priority: oneOf(TICKET_PRIORITIES, p) ? t(`tickets.priorities.${p}`) : str(p),
      });
    },
    at: ticketAt,
  },
  // No one did it: the clock ran out. The payload's ticket says when it was marked.
  'ticket.sla_breached': {
    text: (d, _who, { t }) =>
      d.target === 'resolution' ? t('chatArea.events.ticket.slaBreachedResolution') : t('chatArea.events.ticket.slaBreachedResponse'),
    at: (d) =>
      d.target === 'resolution' ? obj(d.ticket).sla_resolution_breached_at : obj(d.ticket).sla_response_breached_at,
  },
  'order.created': {
    text: (d, who, { t }) => t('chatArea.events.order.created', { who, number: str(obj(d.order).number) }),
    at: (d) => obj(d.order).received_at,
  },
  'order.updated': {
    text: (d, who, { t, lang }) => {
      const fields = (Array.isArray(d.changed) ? d.changed : []).filter(isOrderField);
      if (fields.length === 0) return t('chatArea.events.order.updatedSome', { who });
      const names = fields.map((f) => t(`chatArea.events.order.fields.${f}`));
      return t('chatArea.events.order.updated', { who, fields: list(names, lang) });
    },
    at: orderAt,
  },
  'order.technicians_changed': {
    text: (d, who, { t, lang }) => {
      const techs = Array.isArray(obj(d.order).technicians) ? (obj(d.order).technicians as unknown[]) : [];
      const names = techs.map((x) => str(obj(x).name)).filter(Boolean);
      if (names.length === 0) return t('chatArea.events.order.techniciansRemoved', { who });
      return t('chatArea.events.order.techniciansChanged', { who, names: list(names, lang) });
    },
    at: orderAt,
  },
  'order.deactivated': { text: (_d, who, { t }) => t('chatArea.events.order.deactivated', { who }), at: orderAt },
  'order.reactivated': { text: (_d, who, { t }) => t('chatArea.events.order.reactivated', { who }), at: orderAt },
  'order.qr_rotated': { text: (_d, who, { t }) => t('chatArea.events.order.qrRotated', { who }) },
  'order.link_revoked': { text: (_d, _who, { t }) => t('chatArea.events.order.linkRevoked') },
  // Published on `staff:maintenance` only (never in a conversation); a sentence all the same.
  'maintenance.request_created': {
    text: (d, who, { t }) => t('chatArea.events.maintenance.requestCreated', { who, customer: str(obj(d.request).customer_name) }),
    at: (d) => obj(d.request).created_at,
  },
  // Published on the CRM streams only (never in a conversation); a sentence all the same.
  // Who is the interaction's user (the payload has no `by`); none: the customer wrote through the portal.
  'interaction.recorded': {
    text: (d, _who, { t }) => {
      const name = str(obj(d.interaction).user_name);
      return name
        ? t('chatArea.events.interaction.recorded', { who: name })
        : t('chatArea.events.interaction.recordedPlain');
    },
    at: (d) => obj(d.interaction).occurred_at,
  },
  // Published on the CRM streams only (never in a conversation); a sentence all the same.
  'customer.risk_changed': {
    text: (d, _who, { t }) =>
      t(d.at_risk === true ? 'chatArea.events.customer.riskChangedAtRisk' : 'chatArea.events.customer.riskChanged', {
        score: str(d.score),
      }),
  },
  // Published on the CRM streams only (never in a conversation); the payload names nobody.
  'customer.onboarding_changed': {
    text: (_d, who, { t }) => t('chatArea.events.customer.onboardingChanged', { who }),
  },
  'maintenance.plan_changed': {
    // `by` is null when Faena itself proposed the visit (the scheduler).
    text: (d, who, { t }) =>
      d.by ? t('chatArea.events.maintenance.planChanged', { who }) : t('chatArea.events.maintenance.planChangedPlain'),
  },
  // Published on `staff:stock` only (never in a conversation); sentences all the same.
  'stock.changed': { text: (d, who, { t }) => t('chatArea.events.stock.changed', { who, sku: str(d.sku) }) },
  'stock.reorder_changed': { text: (d, _who, { t }) => t('chatArea.events.stock.reorderChanged', { sku: str(d.sku) }) },
  // Published on `staff:purchasing` only (never in a conversation); sentences all the same.
  'purchase_order.changed': {
    text: (d, who, { t }) =>
      t('chatArea.events.purchasing.orderChanged', {
        who,
        number: str(d.number),
        state: t(`purchasingArea.orders.states.${oneOf(PO_STATES, d.state) ? d.state : 'draft'}`),
      }),
  },
  'purchase_order.received': {
    text: (d, who, { t }) => t('chatArea.events.purchasing.orderReceived', { who, number: str(d.number) }),
  },
  'supplier.changed': {
    text: (d, who, { t }) => t('chatArea.events.purchasing.supplierChanged', { who, name: str(d.name) }),
  },
  'order.event_added': {
    text: (d, who, { t }) => {
      const event = obj(d.event);
      const label = str(event.label) || str(event.comment);
      return label
        ? t('chatArea.events.order.eventAdded', { who, label })
        : t('chatArea.events.order.eventAddedPlain', { who });
    },
    at: (d) => obj(d.event).created_at,
  },
  'order.event_edited': {
    text: (_d, who, { t }) => t('chatArea.events.order.eventEdited', { who }),
    at: (d) => obj(d.event).edited_at,
  },
  'order.event_deleted': { text: (_d, who, { t }) => t('chatArea.events.order.eventDeleted', { who }) },
  'order.part_added': {
    text: (d, who, { t, lang }) => {
      const part = obj(d.part);
      return t('chatArea.events.order.partAdded', {
        who,
        quantity: formatNumber(str(part.quantity), lang, 3),
        description: str(part.description),
      });
    },
    at: (d) => obj(d.part).created_at,
  },
  'order.part_updated': {
    text: (d, who, { t }) => t('chatArea.events.order.partUpdated', { who, description: str(obj(d.part).description) }),
  },
  'order.part_removed': { text: (_d, who, { t }) => t('chatArea.events.order.partRemoved', { who }) },
  'order.part_deleted': { text: (_d, who, { t }) => t('chatArea.events.order.partRemoved', { who }) },
  'order.balance_changed': {
    text: (d, _who, c) => c.t('chatArea.events.order.balanceChanged', { balance: money(obj(d.balance).balance, c) }),
  },
  'order.closed': {
    text: (d, who, { t }) => t('chatArea.events.order.closed', { who, number: str(d.number) }),
    at: (d) => d.closed_at,
  },
  'order.reopened': {
    text: (d, who, { t }) => {
      const number = str(obj(d.order).number);
      return who && number ? t('chatArea.events.order.reopened', { who, number }) : t('chatArea.events.order.reopenedPlain');
    },
    at: orderAt,
  },
  'payment.registered': {
    text: (d, who, c) => {
      const p = obj(d.payment);
      return c.t('chatArea.events.payment.registered', { who, number: str(p.number), amount: money(p.amount, c) });
    },
    at: (d) => obj(d.payment).created_at,
  },
  'payment.deleted': {
    text: (d, who, c) => {
      const p = obj(d.payment);
      return c.t('chatArea.events.payment.deleted', { who, number: str(p.number), amount: money(p.amount, c) });
    },
    at: (d) => obj(d.payment).deleted_at,
  },
  // Quotes: sent versions and answers reach the order's room.
  'quote.saved': { text: (d, who, c) => c.t('chatArea.events.quote.saved', { who, number: str(d.number) }) },
  'quote.sent': { text: (d, who, c) => c.t('chatArea.events.quote.sent', { who, number: str(d.number), amount: money(d.total, c) }) },
  'quote.approved': {
    text: (d, who, c) => c.t('chatArea.events.quote.approved', { who: obj(d.by).name ? who : str(d.customer_name), number: str(d.number) }),
  },
  'quote.rejected': {
    text: (d, who, c) => c.t('chatArea.events.quote.rejected', { who: obj(d.by).name ? who : str(d.customer_name), number: str(d.number) }),
  },
  'quote.changes_requested': {
    text: (d, who, c) => c.t('chatArea.events.quote.changesRequested', { who: obj(d.by).name ? who : str(d.customer_name), number: str(d.number) }),
  },
  'quote.expired': { text: (d, _who, c) => c.t('chatArea.events.quote.expired', { number: str(d.number) }) },
};

/** The person who caused the event, as the payload names them. */
function actorOf(d: Payload): { id: string; name: string } | null {
  for (const key of ['by', 'actor', 'who']) {
    const a = obj(d[key]);
    if (str(a.name)) return { id: str(a.id), name: str(a.name) };
  }
  return null;
}

/** The sentence and the formatted time of a system event. */
export function describeSystemEvent(data: unknown, c: EventContext): { text: string; when: string | null } {
  const d = obj(data);
  const entry = (EVENT_TEXTS as Partial<Record<string, EventText>>)[str(d.type)];
  const who = actorOf(d)?.name || (c.userId && c.people?.[c.userId]) || c.t('chatArea.someone');
  const text = entry ? entry.text(d, who, c) : c.t('chatArea.events.unknown', { who });
  const at = c.storedAt || str(entry?.at?.(d)) || c.receivedAt;
  return { text, when: at ? formatShortDateTime(at, c.lang, c.timeZone) : null };
}
