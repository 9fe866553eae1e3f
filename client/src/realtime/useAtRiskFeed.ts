/**
 * The "Clientes en riesgo" page, live: an office user follows `staff:crm`,
 * a seller `crm:<their id>` (the CRM streams, shared through one
 * subscription, see `channels.ts`); every `customer.risk_changed` — a
 * recomputation, a contact or a complaint that moved a score — reloads the
 * at-risk list and the segments. Other events are left to the hooks that
 * care about them (the customer page's card follows its own customer through
 * `useInteractionFeed`).
 */
import { useQueryClient } from '@tanstack/react-query';
import { customerMetricsKeys } from '../api/customerMetrics';
import type { Role } from '../api/generated/Role';
import { asChannelEvent } from './events';
import { useCentrifuge, useSubscription } from './client';
import { crmChannel } from './useCrmFeed';

/** `role` undefined = follow nothing. */
export function useAtRiskFeed(role: Role | undefined, userId: string) {
  const queryClient = useQueryClient();
  const channel = crmChannel(role, userId);
  const client = useCentrifuge('session', channel !== null);
  useSubscription(client, channel, {
    onPublication: (data) => {
      if (asChannelEvent(data)?.type !== 'customer.risk_changed') return;
      void queryClient.invalidateQueries({ queryKey: customerMetricsKeys.atRisk });
      void queryClient.invalidateQueries({ queryKey: customerMetricsKeys.segmentsAll });
    },
  });
}
