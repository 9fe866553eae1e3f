/**
 * Live stock: while a stock screen is open, staff (not customers) follow
 * `staff:stock` and the given queries reload on every `stock.changed` or
 * `stock.reorder_changed`, so the catalog, an item's page, the reorder list
 * and a technician's part picker never show a figure the ledger no longer has.
 */
import { type QueryKey, useQueryClient } from '@tanstack/react-query';
import { STOCK_CHANNEL, readsStock } from '../../api/stock';
import { useCentrifuge, useSubscription } from '../../realtime/client';

export function useStockFeed(role: string | undefined, keys: QueryKey[]) {
  const queryClient = useQueryClient();
  const allowed = readsStock(role);
  const client = useCentrifuge('session', allowed);
  useSubscription(client, allowed ? STOCK_CHANNEL : null, {
    onPublication: () => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
  });
}
