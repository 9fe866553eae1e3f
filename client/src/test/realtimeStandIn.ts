/**
 * A stand-in for `realtime/client` in page tests: every subscription's
 * publication handler is kept in {@link feeds} by channel, so a test
 * "publishes" with `feeds.get('staff:crm')?.(event)`. Use it as
 *
 * ```ts
 * vi.mock('../realtime/client', async () => (await import('../test/realtimeStandIn')).realtimeStandIn);
 * import { feeds } from '../test/realtimeStandIn';
 * beforeEach(() => feeds.clear());
 * ```
 *
 * (one handler per channel: the last subscriber wins).
 */
export const feeds = new Map<string, (data: unknown) => void>();

export const realtimeStandIn = {
  useCentrifuge: (_mode: string, enabled = true) => (enabled ? {} : null),
  useSubscription: (client: unknown, channel: string | null, handlers: { onPublication?: (data: unknown) => void }) => {
    if (client && channel) feeds.set(channel, (data) => handlers.onPublication?.(data));
    return null;
  },
  useConnectionState: () => 'connected',
};
