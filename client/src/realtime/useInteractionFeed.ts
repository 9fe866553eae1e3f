/**
 * A customer's interaction timeline and indicators, live: while the
 * customer page is open, an office user follows `staff:crm` and a seller
 * `crm:<their id>` (the same channels as the CRM board, shared through one
 * subscription, see `channels.ts`).
 *
 * - Each `interaction.recorded` for this customer — recorded by a colleague
 *   or by the product (a ticket opened in the portal, a survey answered, a
 *   visit done) — reloads the timeline and the customer's metrics (days
 *   without contact, contacts, complaints move with it).
 * - Each `customer.risk_changed` for this customer reloads its metrics (the
 *   stored score crossed or left the threshold, or moved).
 * - Each `customer.onboarding_changed` for this customer reloads its
 *   onboarding checklist (a colleague ticked, moved or reassigned a step, or
 *   started the checklist).
 *
 * Every consumer on the page (the timeline, "Indicadores del cliente" and
 * "Incorporación del cliente") uses this one hook, so any of them refreshes
 * all (the channel has one subscription). Other events are left to the
 * hooks that care about them (`useCrmFeed` for the board).
 */
import { useQueryClient } from '@tanstack/react-query';
import { customerMetricsKeys } from '../api/customerMetrics';
import { interactionKeys } from '../api/interactions';
import { onboardingKeys } from '../api/onboarding';
import type { Role } from '../api/generated/Role';
import { asChannelEvent } from './events';
import { useCentrifuge, useSubscription } from './client';
import { crmChannel } from './useCrmFeed';

/** Reloads `customerId`'s interactions, metrics and onboarding checklist when they change; `role` undefined = follow nothing. */
export function useInteractionFeed(role: Role | undefined, userId: string, customerId: string) {
  const queryClient = useQueryClient();
  const channel = customerId ? crmChannel(role, userId) : null;
  const client = useCentrifuge('session', channel !== null);
  useSubscription(client, channel, {
    onPublication: (data) => {
      const event = asChannelEvent(data);
      if (event?.type === 'interaction.recorded' && event.interaction.customer_id === customerId) {
        void queryClient.invalidateQueries({ queryKey: interactionKeys.customer(customerId) });
        void queryClient.invalidateQueries({ queryKey: customerMetricsKeys.customer(customerId) });
      } else if (event?.type === 'customer.risk_changed' && event.customer_id === customerId) {
        void queryClient.invalidateQueries({ queryKey: customerMetricsKeys.customer(customerId) });
      } else if (event?.type === 'customer.onboarding_changed' && event.customer_id === customerId) {
        void queryClient.invalidateQueries({ queryKey: onboardingKeys.customer(customerId) });
      }
    },
  });
}
