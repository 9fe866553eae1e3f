/**
 * A customer's interaction timeline, live: while the customer page is open,
 * an office user follows `staff:crm` and a seller `crm:<their id>` (the same
 * channels as the CRM board, shared through one subscription, see
 * `channels.ts`); each `interaction.recorded` for this customer — recorded
 * by a colleague or by the product (a ticket opened in the portal, a survey
 * answered, a visit done) — reloads the timeline. Other events are left to
 * the hooks that care about them (`useCrmFeed` for the board).
 */
import { useQueryClient } from '@tanstack/react-query';
import { interactionKeys } from '../api/interactions';
import type { Role } from '../api/generated/Role';
import { asChannelEvent } from './events';
import { useCentrifuge, useSubscription } from './client';
import { crmChannel } from './useCrmFeed';

/** Reloads `customerId`'s interactions when one is recorded; `role` undefined = follow nothing. */
export function useInteractionFeed(role: Role | undefined, userId: string, customerId: string) {
  const queryClient = useQueryClient();
  const channel = customerId ? crmChannel(role, userId) : null;
  const client = useCentrifuge('session', channel !== null);
  useSubscription(client, channel, {
    onPublication: (data) => {
      const event = asChannelEvent(data);
      if (event?.type !== 'interaction.recorded') return;
      if (event.interaction.customer_id !== customerId) return;
      void queryClient.invalidateQueries({ queryKey: interactionKeys.customer(customerId) });
    },
  });
}
