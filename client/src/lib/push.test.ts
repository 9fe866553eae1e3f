/**
 * Tests for lib/push.ts (support detection, enabling and disabling Web Push
 * on this device) and for the service worker it registers (public/sw.js).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { callsTo, jsonResponse, problemResponse, stubFetch } from '../test/utils';
import {
  PushSetupError,
  deviceName,
  disablePush,
  enablePush,
  getPushState,
  isPushSupported,
  urlBase64ToUint8Array,
} from './push';
import swSource from '../../public/sw.js?raw';

// 65 bytes (an uncompressed P-256 point shape) as base64url, and a 16-byte secret.
const VAPID_KEY = 'BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-P0A';
const ENDPOINT = 'https://push.example.com/send/abc';

function fakeSubscription(key: Uint8Array | null = urlBase64ToUint8Array(VAPID_KEY)) {
  return {
    endpoint: ENDPOINT,
    options: { applicationServerKey: key ? key.buffer : null, userVisibleOnly: true },
    toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: 'p256dh-key', auth: 'auth-key' } }),
    unsubscribe: vi.fn(async () => true),
  };
}

type FakeSub = ReturnType<typeof fakeSubscription>;

/** Installs a fake browser: service worker container, PushManager and Notification. */
function fakeBrowser({
  permission = 'default' as NotificationPermission,
  answer = 'granted' as NotificationPermission,
  existing = null as FakeSub | null,
  registered = true,
  subscribeError = null as Error | null,
} = {}) {
  let current: FakeSub | null = existing;
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async () => {
      if (subscribeError) throw subscribeError;
      current = fakeSubscription();
      return current;
    }),
  };
  const registration = { pushManager };
  const serviceWorker = {
    getRegistration: vi.fn(async () => (registered ? registration : undefined)),
    register: vi.fn(async () => {
      registered = true;
      return registration;
    }),
    ready: Promise.resolve(registration),
  };
  const Notification = {
    permission,
    requestPermission: vi.fn(async () => {
      Notification.permission = answer;
      return answer;
    }),
  };
  vi.stubGlobal('navigator', { serviceWorker, userAgent: 'Mozilla/5.0 (Linux; Android 14) Chrome/130.0 Mobile Safari/537.36' });
  vi.stubGlobal('PushManager', function PushManager() {});
  vi.stubGlobal('Notification', Notification);
  vi.stubGlobal('isSecureContext', true);
  return { pushManager, serviceWorker, Notification, current: () => current };
}

function stubServer(subscribed: string[] = []) {
  return stubFetch({
    'GET /api/v1/push/vapid-public-key': () => jsonResponse(200, { public_key: VAPID_KEY }),
    'GET /api/v1/push/subscriptions': () =>
      jsonResponse(200, subscribed.map((endpoint, i) => ({ id: `id-${i}`, endpoint, device: 'x' }))),
    'POST /api/v1/push/subscriptions': () => jsonResponse(201, { id: 'new', endpoint: ENDPOINT }),
    'DELETE /api/v1/push/subscriptions': () => new Response(null, { status: 204 }),
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('urlBase64ToUint8Array', () => {
  it('decodes base64url without padding', () => {
    const bytes = urlBase64ToUint8Array(VAPID_KEY);
    expect(bytes.length).toBe(65);
    expect(bytes[0]).toBe(4);
    expect(bytes[62]).toBe(62);
    expect(bytes[63]).toBe(63);
    expect(Array.from(urlBase64ToUint8Array('-_8'))).toEqual([0xfb, 0xff]);
  });
});

describe('deviceName', () => {
  it('names browser and system', () => {
    expect(deviceName('Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36')).toBe(
      'Chrome · Android',
    );
    expect(deviceName('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0')).toBe(
      'Firefox · Windows',
    );
    expect(deviceName('curl/8')).toBe('Browser');
  });
});

describe('isPushSupported', () => {
  it('is false without PushManager', () => {
    fakeBrowser();
    vi.stubGlobal('PushManager', undefined);
    expect(isPushSupported()).toBe(false);
  });

  it('is false outside a secure context', () => {
    fakeBrowser();
    vi.stubGlobal('isSecureContext', false);
    expect(isPushSupported()).toBe(false);
  });

  it('is true with everything present', () => {
    fakeBrowser();
    expect(isPushSupported()).toBe(true);
  });
});

describe('getPushState', () => {
  it('says unsupported when the browser lacks push', async () => {
    fakeBrowser();
    vi.stubGlobal('Notification', undefined);
    expect((await getPushState()).state).toBe('unsupported');
  });

  it('says denied when notifications are blocked', async () => {
    fakeBrowser({ permission: 'denied' });
    expect((await getPushState()).state).toBe('denied');
  });

  it('is enabled only when the server knows this browser', async () => {
    fakeBrowser({ permission: 'granted', existing: fakeSubscription() });
    stubServer([ENDPOINT]);
    expect(await getPushState()).toEqual({ state: 'enabled', endpoint: ENDPOINT });
  });

  it('is disabled when the server forgot the subscription', async () => {
    fakeBrowser({ permission: 'granted', existing: fakeSubscription() });
    stubServer(['https://push.example.com/other']);
    expect((await getPushState()).state).toBe('disabled');
  });

  it('is disabled without a service worker, without asking the server', async () => {
    fakeBrowser({ registered: false });
    const fetchMock = stubServer();
    expect((await getPushState()).state).toBe('disabled');
    expect(fetchMock).not.toHaveBeenCalled();
  });
});

describe('enablePush', () => {
  it('asks permission, subscribes with the VAPID key and registers the subscription', async () => {
    const browser = fakeBrowser({ registered: false });
    const fetchMock = stubServer();
    await expect(enablePush()).resolves.toEqual({ endpoint: ENDPOINT });
    expect(browser.Notification.requestPermission).toHaveBeenCalled();
    expect(browser.serviceWorker.register).toHaveBeenCalledWith('/sw.js');
    const options = browser.pushManager.subscribe.mock.calls[0] as unknown as [PushSubscriptionOptionsInit];
    expect(options[0].userVisibleOnly).toBe(true);
    expect(Array.from(options[0].applicationServerKey as Uint8Array)).toEqual(Array.from(urlBase64ToUint8Array(VAPID_KEY)));
    expect(callsTo(fetchMock, 'POST', '/api/v1/push/subscriptions')).toEqual([
      { endpoint: ENDPOINT, keys: { p256dh: 'p256dh-key', auth: 'auth-key' }, device: 'Chrome · Android' },
    ]);
  });

  it('re-sends an existing subscription made with the same key', async () => {
    const browser = fakeBrowser({ permission: 'granted', existing: fakeSubscription() });
    const fetchMock = stubServer();
    await enablePush('My phone');
    expect(browser.Notification.requestPermission).not.toHaveBeenCalled();
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
    expect(callsTo(fetchMock, 'POST', '/api/v1/push/subscriptions')[0].device).toBe('My phone');
  });

  it('replaces a subscription made with another server key', async () => {
    const old = fakeSubscription(new Uint8Array([1, 2, 3]));
    const browser = fakeBrowser({ permission: 'granted', existing: old });
    stubServer();
    await enablePush();
    expect(old.unsubscribe).toHaveBeenCalled();
    expect(browser.pushManager.subscribe).toHaveBeenCalled();
  });

  it('fails with "denied" when the user blocks notifications', async () => {
    const browser = fakeBrowser({ answer: 'denied' });
    const fetchMock = stubServer();
    const error = await enablePush().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PushSetupError);
    expect((error as PushSetupError).reason).toBe('denied');
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('fails with "dismissed" when the user closes the prompt', async () => {
    fakeBrowser({ answer: 'default' });
    stubServer();
    await expect(enablePush()).rejects.toMatchObject({ reason: 'dismissed' });
  });

  it('fails with "unsupported" on a browser without push', async () => {
    fakeBrowser();
    vi.stubGlobal('PushManager', undefined);
    await expect(enablePush()).rejects.toMatchObject({ reason: 'unsupported' });
  });

  it('drops a fresh browser subscription the server refused', async () => {
    const browser = fakeBrowser({ permission: 'granted' });
    stubFetch({
      'GET /api/v1/push/vapid-public-key': () => jsonResponse(200, { public_key: VAPID_KEY }),
      'POST /api/v1/push/subscriptions': () => problemResponse(422, 'validation_failed'),
    });
    await expect(enablePush()).rejects.toMatchObject({ status: 422, code: 'validation_failed' });
    expect(browser.current()?.unsubscribe).toHaveBeenCalled();
  });
});

describe('disablePush', () => {
  it('forgets the endpoint on the server, then unsubscribes', async () => {
    const sub = fakeSubscription();
    fakeBrowser({ permission: 'granted', existing: sub });
    const fetchMock = stubServer([ENDPOINT]);
    await disablePush();
    expect(callsTo(fetchMock, 'DELETE', '/api/v1/push/subscriptions')).toEqual([{ endpoint: ENDPOINT }]);
    expect(sub.unsubscribe).toHaveBeenCalled();
  });

  it('still unsubscribes when the server had already forgotten it', async () => {
    const sub = fakeSubscription();
    fakeBrowser({ permission: 'granted', existing: sub });
    stubFetch({ 'DELETE /api/v1/push/subscriptions': () => problemResponse(404, 'not_found') });
    await disablePush();
    expect(sub.unsubscribe).toHaveBeenCalled();
  });

  it('keeps the browser subscription when the server cannot be reached', async () => {
    const sub = fakeSubscription();
    fakeBrowser({ permission: 'granted', existing: sub });
    stubFetch({ 'DELETE /api/v1/push/subscriptions': () => problemResponse(500, 'internal') });
    await expect(disablePush()).rejects.toMatchObject({ status: 500 });
    expect(sub.unsubscribe).not.toHaveBeenCalled();
  });
});

// --- the service worker (public/sw.js) ------------------------------------------


type Listener = (event: Record<string, unknown>) => void;

/** Runs sw.js against a fake worker global; returns its listeners and the fakes. */
function loadServiceWorker() {
  const listeners: Record<string, Listener> = {};
  const shown: { title: string; options: Record<string, unknown> }[] = [];
  const windows: { url: string; focus: ReturnType<typeof vi.fn>; navigate: ReturnType<typeof vi.fn> }[] = [];
  const self = {
    location: { origin: 'https://faena.example.com' },
    addEventListener: (type: string, fn: Listener) => {
      listeners[type] = fn;
    },
    registration: {
      showNotification: vi.fn(async (title: string, options: Record<string, unknown>) => {
        shown.push({ title, options });
      }),
    },
    clients: {
      matchAll: vi.fn(async () => windows),
      openWindow: vi.fn(async (url: string) => ({ url })),
      claim: vi.fn(async () => undefined),
    },
    skipWaiting: vi.fn(async () => undefined),
  };
  const caches = { open: vi.fn(), match: vi.fn(), keys: vi.fn(async () => []), delete: vi.fn() };
  new Function('self', 'caches', swSource)(self, caches);
  /** Dispatches an event and waits for what it passed to `waitUntil`. */
  const dispatch = async (type: string, event: Record<string, unknown>) => {
    let pending: Promise<unknown> = Promise.resolve();
    listeners[type]({ ...event, waitUntil: (p: Promise<unknown>) => (pending = p) });
    await pending;
  };
  return { self, shown, windows, dispatch, listeners };
}

const pushEvent = (payload: unknown) => ({
  data: { json: () => payload, text: () => JSON.stringify(payload) },
});

describe('service worker', () => {
  it('shows the notification the server pushed, linked to its record', async () => {
    const sw = loadServiceWorker();
    await sw.dispatch(
      'push',
      pushEvent({
        kind: 'notification',
        notification: 'order_update',
        subject_type: 'order',
        subject_id: 'o-1',
        title: 'Novedad en OS-000001',
        body: 'Listo para retirar.',
      }),
    );
    expect(sw.shown).toHaveLength(1);
    expect(sw.shown[0].title).toBe('Novedad en OS-000001');
    expect(sw.shown[0].options).toMatchObject({
      body: 'Listo para retirar.',
      tag: 'order:o-1',
      data: { url: '/orders/o-1' },
      icon: '/icons/icon-192.png',
    });
  });

  it('still shows something for a payload that is not JSON', async () => {
    const sw = loadServiceWorker();
    await sw.dispatch('push', {
      data: {
        json: () => {
          throw new SyntaxError('no');
        },
        text: () => 'hola',
      },
    });
    expect(sw.shown[0]).toMatchObject({ title: 'Faena', options: { body: 'hola', data: { url: '/' } } });
  });

  it('opens the record in a new window when no tab is open', async () => {
    const sw = loadServiceWorker();
    const close = vi.fn();
    await sw.dispatch('notificationclick', { notification: { close, data: { url: '/appointments/a-1' } } });
    expect(close).toHaveBeenCalled();
    expect(sw.self.clients.openWindow).toHaveBeenCalledWith('https://faena.example.com/appointments/a-1');
  });

  it('focuses an open tab and moves it to the record', async () => {
    const sw = loadServiceWorker();
    const tab = {
      url: 'https://faena.example.com/tickets',
      focus: vi.fn(async () => tab),
      navigate: vi.fn(async (url: string) => ({ ...tab, url })),
    };
    sw.windows.push(tab);
    await sw.dispatch('notificationclick', { notification: { close: vi.fn(), data: { url: '/orders/o-2' } } });
    expect(tab.focus).toHaveBeenCalled();
    expect(tab.navigate).toHaveBeenCalledWith('https://faena.example.com/orders/o-2');
    expect(sw.self.clients.openWindow).not.toHaveBeenCalled();
  });

  it('leaves API requests to the network', () => {
    const sw = loadServiceWorker();
    const respondWith = vi.fn();
    sw.listeners.fetch({
      request: { method: 'GET', url: 'https://faena.example.com/api/v1/auth/me', mode: 'cors' },
      respondWith,
    });
    expect(respondWith).not.toHaveBeenCalled();
  });
});
