/**
 * Live quotes: the office follows `staff:quotes` (every change, drafts
 * included); anyone who may see an order follows its room `order:<id>`,
 * where sent versions and answers are published. Either reloads the quote
 * queries, so a page shows an approval the moment it happens.
 */
import { useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../api/generated/Role';
import { useCentrifuge, useSubscription } from '../../realtime/client';
import { followsStaffFeeds } from '../../realtime/useStaffFeed';

export function useQuotesLive(role: Role | undefined, orderId?: string | null) {
  const queryClient = useQueryClient();
  const client = useCentrifuge('session', role !== undefined);
  const refresh = (data: unknown) => {
    const type = (data as { type?: unknown } | null)?.type;
    if (typeof type === 'string' && !type.startsWith('quote.')) return;
    void queryClient.invalidateQueries({ queryKey: ['quotes'] });
    void queryClient.invalidateQueries({ queryKey: ['quote'] });
  };
  useSubscription(client, followsStaffFeeds(role) ? 'staff:quotes' : null, { onPublication: refresh });
  useSubscription(client, orderId && role !== 'technician' ? `order:${orderId}` : null, { onPublication: refresh });
}
