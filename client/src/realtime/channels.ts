/**
 * One SDK subscription per channel and client, shared by every component
 * that consumes the channel.
 *
 * Why: the server (like Centrifugo) allows one subscription per channel per
 * connection, and the SDK's registry throws on a second one. Pages nest
 * consumers of the same channel — the order page refreshes itself on
 * `order:<id>` while its chat panel publishes and reads typing/read events
 * on it — so a consumer must never remove another's subscription (that broke
 * the order chat: the panel was left holding a removed subscription and every
 * send was refused). Consumers are reference-counted: the first one creates
 * and subscribes, every one gets each publication and each (re)subscribed
 * event (a late joiner is told at once when the channel is already
 * subscribed, so it can load its history), and the last one to leave
 * unsubscribes and removes it.
 *
 * Every subscription of the app goes through here (`useSubscription`); do not
 * call `client.newSubscription` directly.
 */
import type { Centrifuge, Subscription } from 'centrifuge';

/** What one consumer wants to hear about its channel. */
export interface ChannelConsumer {
  /** `publisher`: the user id of the connection that published it, when the server says. */
  onPublication?: (data: unknown, offset: number | undefined, publisher?: string) => void;
  onSubscribed?: (sub: Subscription) => void;
}

interface SharedChannel {
  sub: Subscription;
  consumers: Set<ChannelConsumer>;
}

const shared = new WeakMap<Centrifuge, Map<string, SharedChannel>>();

/**
 * Joins `channel` on `client` as `consumer`; returns the shared subscription
 * and the function that leaves it (idempotent).
 */
export function acquireChannel(
  client: Centrifuge,
  channel: string,
  consumer: ChannelConsumer,
): { sub: Subscription; release: () => void } {
  let channels = shared.get(client);
  if (!channels) {
    channels = new Map();
    shared.set(client, channels);
  }
  let entry = channels.get(channel);
  const joinsSubscribed = entry?.sub.state === 'subscribed';
  if (!entry) {
    entry = open(client, channel);
    channels.set(channel, entry);
  }
  entry.consumers.add(consumer);
  if (joinsSubscribed) consumer.onSubscribed?.(entry.sub);

  const joined = entry;
  const byChannel = channels;
  let released = false;
  return {
    sub: joined.sub,
    release: () => {
      if (released) return;
      released = true;
      joined.consumers.delete(consumer);
      if (joined.consumers.size > 0) return;
      byChannel.delete(channel);
      // Its handlers stay attached but reach nobody: the consumer set is empty.
      client.removeSubscription(joined.sub);
    },
  };
}

/** How many consumers share `channel` on `client` now (for tests and debugging). */
export function channelConsumers(client: Centrifuge, channel: string): number {
  return shared.get(client)?.get(channel)?.consumers.size ?? 0;
}

function open(client: Centrifuge, channel: string): SharedChannel {
  // A subscription left in the SDK's registry by code outside this module is
  // adopted rather than removed (removing it is the bug this module fixes).
  const sub = client.getSubscription(channel) ?? client.newSubscription(channel);
  const consumers = new Set<ChannelConsumer>();
  // Copies: a handler may mount or unmount another consumer.
  sub.on('publication', (ctx) => {
    for (const c of [...consumers]) c.onPublication?.(ctx.data, ctx.offset, ctx.info?.user || undefined);
  });
  sub.on('subscribed', () => {
    for (const c of [...consumers]) c.onSubscribed?.(sub);
  });
  if (sub.state !== 'subscribed' && sub.state !== 'subscribing') sub.subscribe();
  return { sub, consumers };
}
