// Shared helpers for the SDK tests: REST calls to the running server, SDK
// clients that record their WebSocket instances, and waits that never hang.

import { Centrifuge } from 'centrifuge';
import WebSocket from 'ws';

export const BASE = process.env.FAENA_URL ?? 'http://127.0.0.1:8080';
export const WS_URL = BASE.replace(/^http/, 'ws') + '/connection/websocket';

export const CUSTOMER = { email: 'cliente@faena.demo', password: 'cliente2023' };
export const OPERATOR = { email: 'operador@faena.demo', password: 'operador2023' };

/** Default timeout of every wait, in milliseconds. */
export const WAIT_MS = 5000;

/** A REST call; throws with the body on an unexpected status. */
export async function api(path, { method = 'GET', token, body, expect = 200 } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(BASE + path, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(WAIT_MS),
  });
  const text = await res.text();
  if (res.status !== expect) {
    throw new Error(`${method} ${path}: expected ${expect}, got ${res.status}: ${text}`);
  }
  return text ? JSON.parse(text) : null;
}

/** Signs in; returns { token, user }. */
export async function login({ email, password }) {
  const body = await api('/api/v1/auth/login', { method: 'POST', body: { email, password } });
  return { token: body.token, user: body.user };
}

/** A ticket opened by the customer contact; returns its channel `ticket:<id>`. */
export async function openTicket(customer, subject = 'La excavadora no arranca') {
  const ticket = await api('/api/v1/tickets', {
    method: 'POST',
    token: customer.token,
    body: { type: 'technical_support', subject, description: 'Prueba del SDK en tiempo real' },
    expect: 201,
  });
  return `ticket:${ticket.id}`;
}

/** Rejects after `ms` with a message naming what was awaited. */
export function withTimeout(promise, label, ms = WAIT_MS) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${label}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The next `event` from `emitter` (matching `filter`), within `ms`. */
export function nextEvent(emitter, event, { filter = () => true, ms = WAIT_MS } = {}) {
  let handler;
  const got = new Promise((resolve) => {
    handler = (ctx) => {
      if (filter(ctx)) resolve(ctx);
    };
    emitter.on(event, handler);
  });
  return withTimeout(got, `'${event}'`, ms).finally(() => emitter.off(event, handler));
}

/** Polls `check` until it returns true, within `ms`. */
export async function until(check, label, ms = WAIT_MS) {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${label}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Where a client "offline" connects: a closed port, refused at once. */
const OFFLINE_URL = 'ws://127.0.0.1:1/connection/websocket';

/**
 * An SDK client for a signed-in user. Connection tokens come from
 * POST /api/v1/realtime/token through the SDK's `getToken` callback. The
 * WebSocket class is `ws`, wrapped so that every socket the SDK opens is
 * recorded (`sockets`), every frame is kept (`frames`, for assertions and
 * failure reports), and the client can be taken "offline" (`offline = true`:
 * new sockets go to a closed port, so reconnect attempts fail).
 */
export function sdkClient(session, options = {}) {
  const handle = {
    sockets: [],
    /** { dir: '>' sent | '<' received | 'x' closed, text, at } */
    frames: [],
    /** Every answer of POST /api/v1/realtime/token handed to the SDK. */
    tokens: [],
    disconnects: [],
    errors: [],
    offline: false,
  };
  const record = (dir, text) => handle.frames.push({ dir, text: String(text), at: Date.now() });
  class RecordingWebSocket extends WebSocket {
    constructor(url, ...rest) {
      super(handle.offline ? OFFLINE_URL : url, ...rest);
      handle.sockets.push(this);
      this.on('message', (data) => record('<', data));
      this.on('close', (code, reason) => record('x', `close ${code} ${reason}`));
      const send = this.send.bind(this);
      this.send = (data, ...args) => {
        record('>', data);
        return send(data, ...args);
      };
    }
  }
  const client = new Centrifuge(WS_URL, {
    websocket: RecordingWebSocket,
    name: 'faena-sdk-tests',
    timeout: WAIT_MS,
    minReconnectDelay: 100,
    maxReconnectDelay: 1000,
    getToken: async () => {
      const body = await api('/api/v1/realtime/token', {
        method: 'POST',
        token: session.token,
        body: {},
      });
      handle.tokens.push(body);
      return body.token;
    },
    ...options,
  });
  client.on('disconnected', (ctx) => handle.disconnects.push(ctx));
  client.on('error', (ctx) => handle.errors.push(ctx));
  return Object.assign(handle, {
    client,
    /** Connects and waits for the `connected` event. */
    async connect() {
      const connected = nextEvent(client, 'connected');
      client.connect();
      return connected;
    },
    /** The JSON messages sent ('>') or received ('<'), one per line of each frame. */
    messages(dir) {
      return handle.frames
        .filter((f) => f.dir === dir)
        .flatMap((f) => f.text.split('\n').filter((l) => l.trim() !== ''))
        .map((l) => JSON.parse(l));
    },
    /** The frames seen so far, for assertion messages. */
    dump(last = 60) {
      return handle.frames
        .slice(-last)
        .map((f) => `${f.dir} ${f.text.slice(0, 500)}`)
        .join('\n');
    },
  });
}

/** Subscribes and waits for `subscribed`; returns [subscription, ctx]. */
export async function subscribe(client, channel, options = {}) {
  const sub = client.newSubscription(channel, options);
  const subscribed = nextEvent(sub, 'subscribed');
  sub.subscribe();
  return [sub, await subscribed];
}

/** A chat message as the server accepts it. */
export function chat(text, clientMsgId) {
  return { text, client_msg_id: clientMsgId };
}

/** Disconnects every client, waiting (bounded) for each to be disconnected. */
export async function closeAll(...handles) {
  await Promise.all(
    handles
      .filter(Boolean)
      .map(async (h) => {
        const c = h.client ?? h;
        if (c.state === 'disconnected') return;
        const done = nextEvent(c, 'disconnected', { ms: 2000 }).catch(() => {});
        c.disconnect();
        await done;
      }),
  );
}
