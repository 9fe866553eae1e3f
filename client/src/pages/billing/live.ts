/**
 * Live billing screens: a page that shows a customer's invoices or
 * statement follows `account:<customer id>` (the office, the owning seller
 * and the customer's own contacts may) and reloads its queries on every
 * publication — a payment registered or applied, an invoice issued, a credit
 * note — so the running balance changes on screen without a reload.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useCentrifuge, useSubscription } from '../../realtime/client';

export function useAccountFeed(customerId: string | null | undefined, keys: QueryKey[]) {
  const queryClient = useQueryClient();
  const client = useCentrifuge('session', Boolean(customerId));
  useSubscription(client, customerId ? `account:${customerId}` : null, {
    onPublication: () => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
  });
}
