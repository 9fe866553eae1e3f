/**
 * Real-time connections (Centrifuge protocol v2 over `/connection/websocket`,
 * see docs/realtime.md). `createCentrifuge('anonymous')` connects without a
 * token (public QR channels only); `createCentrifuge('session')` fetches a
 * short-lived token from POST /api/v1/realtime/token through `getToken`.
 *
 * Signed-in pages share one session connection: `SessionRealtimeProvider`
 * (mounted around the app shell) owns it, and `useCentrifuge('session')`
 * inside it returns that client instead of opening another socket. Outside
 * a provider (tests, isolated renders) each hook owns its own client.
 */
import { Centrifuge, type Subscription } from 'centrifuge';
import { createContext, createElement, type ReactNode, useContext, useEffect, useState } from 'react';
import { api } from '../api/client';
import { type ChannelConsumer, acquireChannel } from './channels';

export type ConnectionState = 'disconnected' | 'connecting' | 'connected';

export function websocketUrl(): string {
  const { protocol, host } = window.location;
  return `${protocol === 'https:' ? 'wss' : 'ws'}://${host}/connection/websocket`;
}

export function createCentrifuge(mode: 'anonymous' | 'session'): Centrifuge {
  if (mode === 'anonymous') return new Centrifuge(websocketUrl());
  return new Centrifuge(websocketUrl(), {
    getToken: async () => (await api.post<{ token: string }>('/api/v1/realtime/token')).token,
  });
}

/** The connection state of a client, kept in React state. */
export function useConnectionState(client: Centrifuge | null): ConnectionState {
  const [state, setState] = useState<ConnectionState>((client?.state as ConnectionState) ?? 'connecting');
  useEffect(() => {
    if (!client) return;
    setState(client.state as ConnectionState);
    const on = () => setState(client.state as ConnectionState);
    client.on('state', on);
    return () => {
      client.removeListener('state', on);
    };
  }, [client]);
  return state;
}

/** The shared session client: `undefined` = no provider, `{ client: null }` = connecting up. */
const SessionClientContext = createContext<{ client: Centrifuge | null } | undefined>(undefined);

/** Owns the one session connection of the signed-in app while mounted. */
export function SessionRealtimeProvider({ children }: { children: ReactNode }) {
  const client = useOwnCentrifuge('session', true);
  return createElement(SessionClientContext.Provider, { value: { client } }, children);
}

/**
 * A connected client: for `session`, the shared one when inside a
 * {@link SessionRealtimeProvider}, else one owned by this component.
 */
export function useCentrifuge(mode: 'anonymous' | 'session', enabled = true): Centrifuge | null {
  const shared = useContext(SessionClientContext);
  const useShared = mode === 'session' && shared !== undefined;
  const own = useOwnCentrifuge(mode, enabled && !useShared);
  if (useShared) return enabled ? shared.client : null;
  return own;
}

/** Creates and connects a client for the lifetime of the component. */
function useOwnCentrifuge(mode: 'anonymous' | 'session', enabled: boolean): Centrifuge | null {
  const [client, setClient] = useState<Centrifuge | null>(null);
  useEffect(() => {
    if (!enabled) return;
    const c = createCentrifuge(mode);
    setClient(c);
    c.connect();
    // Exposed for end-to-end tests that force a reconnect.
    (window as unknown as { __faenaCentrifuge?: Centrifuge[] }).__faenaCentrifuge = [
      ...((window as unknown as { __faenaCentrifuge?: Centrifuge[] }).__faenaCentrifuge ?? []),
      c,
    ];
    return () => {
      c.disconnect();
      const w = window as unknown as { __faenaCentrifuge?: Centrifuge[] };
      w.__faenaCentrifuge = (w.__faenaCentrifuge ?? []).filter((x) => x !== c);
      setClient(null);
    };
  }, [mode, enabled]);
  return client;
}

/**
 * Consumes `channel` while mounted: `onPublication` gets each data payload
 * with its offset; `onSubscribed` runs on every (re)subscribe, and at once
 * when the channel was already subscribed by another consumer. Several
 * components may consume one channel: they share one SDK subscription
 * (see `channels.ts`), which is what this returns, for `publish`/`history`.
 */
export function useSubscription(
  client: Centrifuge | null,
  channel: string | null,
  handlers: ChannelConsumer,
): Subscription | null {
  const [sub, setSub] = useState<Subscription | null>(null);
  const handlersRef = useLatest(handlers);
  useEffect(() => {
    if (!client || !channel) return;
    const { sub: s, release } = acquireChannel(client, channel, {
      onPublication: (data, offset, publisher) => handlersRef.current.onPublication?.(data, offset, publisher),
      onSubscribed: (shared) => handlersRef.current.onSubscribed?.(shared),
    });
    setSub(s);
    return () => {
      release();
      setSub(null);
    };
  }, [client, channel, handlersRef]);
  return sub;
}

function useLatest<T>(value: T): { current: T } {
  const [ref] = useState(() => ({ current: value }));
  ref.current = value;
  return ref;
}
