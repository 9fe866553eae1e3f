/**
 * The real-time contract on the client: every publication is a
 * {@link ChannelEvent}, the union generated from the server's Rust enum
 * (src/domain/events.rs → src/api/generated/, refreshed with
 * `FAENA_UPDATE_TS=1 cargo test --lib generated_typescript`).
 *
 * Handle events with an exhaustive `switch (event.type)` whose `default`
 * calls {@link assertNever}: a variant added on the server and not handled
 * here then fails `tsc`.
 */
import type { ChannelEvent } from '../api/generated';

export type { ChannelEvent };

/** The wire names (`type`) of every publication. */
export type ChannelEventType = ChannelEvent['type'];

/** The events of one wire name. */
export type EventOf<T extends ChannelEventType> = Extract<ChannelEvent, { type: T }>;

/**
 * Publication data as a channel event; `null` when it has no `type` (the
 * server publishes nothing else, so this only guards against bad input).
 */
export function asChannelEvent(data: unknown): ChannelEvent | null {
  if (data === null || typeof data !== 'object') return null;
  return typeof (data as { type?: unknown }).type === 'string' ? (data as ChannelEvent) : null;
}

/**
 * The `default` of an exhaustive switch: fails `tsc` when a variant is not
 * handled. At run time (a newer server) the event is only logged.
 */
export function assertNever(event: never): void {
  console.warn('unhandled real-time event', event);
}
