/**
 * Customer interactions (issue 16, seed 004 "interacciones_cliente"): every
 * contact with a customer, newest first. Types come from the Rust server
 * (api/generated); this file holds the query keys and TanStack Query hooks for
 *
 * - `GET /api/v1/customers/{id}/interactions[?cursor=]` → `InteractionPage`
 *   (50 a page, `next_cursor` for older ones). The office (master, admin,
 *   operator) and the customer's seller (404 for anyone else's customer);
 *   technicians and customer contacts get 403, so they never see it;
 * - `POST /api/v1/customers/{id}/interactions` → 201 `Interaction`; a refused
 *   body is a `validation_failed` problem naming its `field`.
 *
 * Interactions the product records itself (a ticket opened in the portal, a
 * survey answered, a visit done) come back with `automatic: true`; the
 * timeline refreshes live on `interaction.recorded` (see
 * `realtime/useInteractionFeed.ts`).
 */
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from './client';
import type { Role } from './auth';
import type { Direction, Initiative, Interaction, InteractionChannel, InteractionPage, InteractionSubject } from './generated';

export type { Direction, Initiative, Interaction, InteractionChannel, InteractionPage, InteractionSubject };

/** The channels in the order the form offers them. */
export const INTERACTION_CHANNELS = ['phone', 'email', 'portal', 'visit', 'social'] as const satisfies readonly InteractionChannel[];
export const DIRECTIONS = ['outbound', 'inbound'] as const satisfies readonly Direction[];
export const INITIATIVES = ['reactive', 'proactive'] as const satisfies readonly Initiative[];

/** The server's bounds. */
export const MAX_REASON_LENGTH = 300;
export const MAX_OUTCOME_LENGTH = 2000;

/** Body of `POST /api/v1/customers/{id}/interactions`. */
export interface InteractionInput {
  channel: InteractionChannel;
  direction: Direction;
  initiative: Initiative;
  /** One line, 1–300 characters. */
  reason: string;
  /** Up to 2000 characters. */
  outcome?: string;
  /** RFC 3339, not in the future (default: now). */
  occurred_at?: string;
  /** The record it belongs to, if any. */
  subject?: { type: InteractionSubject; id: string };
}

/** The input fields an interaction problem may name (`field` of the problem document). */
export const INTERACTION_FIELDS = ['reason', 'outcome', 'occurred_at', 'subject.id'] as const;
export type InteractionField = (typeof INTERACTION_FIELDS)[number];

// --- roles ------------------------------------------------------------------

/** Read and record a customer's interactions: the office and sellers (their own customers). */
export const seesInteractions = (role: Role) =>
  role === 'master' || role === 'admin' || role === 'operator' || role === 'seller';

// --- links ------------------------------------------------------------------

/** Where a linked record lives in the app; `null` when it has no page (surveys). */
export function subjectPath(type: InteractionSubject, id: string | null): string | null {
  const ref = id ? encodeURIComponent(id) : null;
  switch (type) {
    case 'ticket':
      return ref && `/tickets/${ref}`;
    case 'appointment':
      return ref && `/appointments/${ref}`;
    case 'order':
      return ref && `/orders/${ref}`;
    case 'opportunity':
      return ref && `/crm/opportunities/${ref}`;
    case 'maintenance_request':
      return '/maintenance-requests';
    case 'survey':
      return null;
  }
}

// --- query keys -------------------------------------------------------------

export const interactionKeys = {
  all: ['interactions'] as const,
  customer: (customerId: string) => ['interactions', 'customer', customerId] as const,
};

// --- requests ---------------------------------------------------------------

const interactionsUrl = (customerId: string) => `/api/v1/customers/${encodeURIComponent(customerId)}/interactions`;

export const fetchInteractions = (customerId: string, cursor: string | null, signal?: AbortSignal) =>
  api.get<InteractionPage>(
    cursor ? `${interactionsUrl(customerId)}?cursor=${encodeURIComponent(cursor)}` : interactionsUrl(customerId),
    signal,
  );
export const recordInteraction = (customerId: string, input: InteractionInput) =>
  api.post<Interaction>(interactionsUrl(customerId), input);

// --- hooks ------------------------------------------------------------------

/** A customer's timeline, newest first, one page of 50 at a time ("Ver más"). */
export function useInteractions(customerId: string, enabled = true) {
  return useInfiniteQuery({
    queryKey: interactionKeys.customer(customerId),
    queryFn: ({ pageParam, signal }) => fetchInteractions(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled: enabled && !!customerId,
  });
}

/** Records an interaction with the customer; refreshes the timeline. */
export function useRecordInteraction(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InteractionInput) => recordInteraction(customerId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: interactionKeys.customer(customerId) });
    },
  });
}
