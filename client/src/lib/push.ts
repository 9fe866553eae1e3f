/**
 * Web Push on this device: registering the service worker (public/sw.js),
 * asking the browser for permission, subscribing with the server's VAPID key
 * and telling the server about it (or the reverse).
 *
 * The browser's subscription and the server's list can disagree (e.g. the
 * server dropped an expired endpoint, or someone else signed in on this
 * browser), so "enabled" means both: the browser has a subscription and the
 * signed-in user's list on the server has its endpoint. Enabling again simply
 * re-sends the browser's subscription.
 */
import {
  deletePushSubscription,
  fetchPushSubscriptions,
  fetchVapidPublicKey,
  registerPushSubscription,
} from '../api/account';

export const SERVICE_WORKER_URL = '/sw.js';

export type PushState = 'unsupported' | 'denied' | 'disabled' | 'enabled';

/** Why enabling failed for a reason that is not a request error. */
export type PushFailure = 'unsupported' | 'denied' | 'dismissed';

export class PushSetupError extends Error {
  readonly reason: PushFailure;
  constructor(reason: PushFailure) {
    super(`push setup failed: ${reason}`);
    this.name = 'PushSetupError';
    this.reason = reason;
  }
}

/** True when this browser can receive Web Push (secure context, service workers, PushManager, Notification). */
export function isPushSupported(): boolean {
  const g = globalThis as unknown as {
    navigator?: Navigator;
    PushManager?: unknown;
    Notification?: unknown;
    isSecureContext?: boolean;
  };
  return (
    g.isSecureContext !== false &&
    !!g.navigator &&
    'serviceWorker' in g.navigator &&
    !!g.navigator.serviceWorker &&
    typeof g.PushManager !== 'undefined' &&
    typeof g.Notification !== 'undefined'
  );
}

/** Registers the service worker once the page has loaded (production builds call this). */
export function registerServiceWorker(): void {
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
  const register = () => {
    navigator.serviceWorker.register(SERVICE_WORKER_URL).catch(() => {
      // No service worker means no push and no offline shell; the app works without them.
    });
  };
  if (document.readyState === 'complete') register();
  else window.addEventListener('load', register, { once: true });
}

/** Decodes a base64url string (padding optional) into bytes, as `applicationServerKey` wants them. */
export function urlBase64ToUint8Array(base64url: string): Uint8Array<ArrayBuffer> {
  const padded = base64url.replace(/-/g, '+').replace(/_/g, '/').padEnd(Math.ceil(base64url.length / 4) * 4, '=');
  const raw = atob(padded);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function sameBytes(a: ArrayBuffer | ArrayBufferView | null | undefined, b: Uint8Array): boolean {
  if (!a) return false;
  const bytes = a instanceof ArrayBuffer ? new Uint8Array(a) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  return bytes.length === b.length && bytes.every((v, i) => v === b[i]);
}

/** A short, human name for this browser, e.g. "Chrome · Android" (shown in the server's list). */
export function deviceName(userAgent: string): string {
  const browser = /Edg\//.test(userAgent)
    ? 'Edge'
    : /OPR\/|Opera/.test(userAgent)
      ? 'Opera'
      : /Firefox\//.test(userAgent)
        ? 'Firefox'
        : /Chrome\/|CriOS\//.test(userAgent)
          ? 'Chrome'
          : /Safari\//.test(userAgent)
            ? 'Safari'
            : 'Browser';
  const os = /Android/.test(userAgent)
    ? 'Android'
    : /iPhone|iPad|iPod/.test(userAgent)
      ? 'iOS'
      : /Windows/.test(userAgent)
        ? 'Windows'
        : /Mac OS X|Macintosh/.test(userAgent)
          ? 'macOS'
          : /CrOS/.test(userAgent)
            ? 'ChromeOS'
            : /Linux/.test(userAgent)
              ? 'Linux'
              : '';
  return os ? `${browser} · ${os}` : browser;
}

/** The existing registration, without creating one. */
async function existingRegistration(): Promise<ServiceWorkerRegistration | undefined> {
  return navigator.serviceWorker.getRegistration('/');
}

/** The registration, registering the worker first if needed, once it is active. */
async function activeRegistration(): Promise<ServiceWorkerRegistration> {
  const existing = await existingRegistration();
  if (!existing) await navigator.serviceWorker.register(SERVICE_WORKER_URL);
  return navigator.serviceWorker.ready;
}

/** Where push stands on this device for the signed-in user. */
export async function getPushState(): Promise<{ state: PushState; endpoint: string | null }> {
  if (!isPushSupported()) return { state: 'unsupported', endpoint: null };
  if (Notification.permission === 'denied') return { state: 'denied', endpoint: null };
  const registration = await existingRegistration();
  const subscription = registration ? await registration.pushManager.getSubscription() : null;
  if (!subscription || Notification.permission !== 'granted') return { state: 'disabled', endpoint: null };
  const known = await fetchPushSubscriptions();
  return known.some((s) => s.endpoint === subscription.endpoint)
    ? { state: 'enabled', endpoint: subscription.endpoint }
    : { state: 'disabled', endpoint: null };
}

/**
 * Turns push on for this device: asks for permission (must run from a user
 * gesture), subscribes with the server's VAPID key and registers the
 * subscription with the server. Throws {@link PushSetupError} when the
 * browser cannot or the user will not, or the request's `ApiError`.
 */
export async function enablePush(device = deviceName(navigator.userAgent)): Promise<{ endpoint: string }> {
  if (!isPushSupported()) throw new PushSetupError('unsupported');
  const permission =
    Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (permission === 'denied') throw new PushSetupError('denied');
  if (permission !== 'granted') throw new PushSetupError('dismissed');

  const [registration, publicKey] = await Promise.all([activeRegistration(), fetchVapidPublicKey()]);
  const applicationServerKey = urlBase64ToUint8Array(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  let fresh = false;
  if (subscription && !sameBytes(subscription.options?.applicationServerKey, applicationServerKey)) {
    // Subscribed with another server key (keys were reset): start over.
    await subscription.unsubscribe();
    subscription = null;
  }
  if (!subscription) {
    try {
      subscription = await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey });
    } catch (err) {
      if (err instanceof DOMException && err.name === 'NotAllowedError') throw new PushSetupError('denied');
      throw err;
    }
    fresh = true;
  }

  const json = subscription.toJSON();
  const p256dh = json.keys?.p256dh;
  const auth = json.keys?.auth;
  if (!json.endpoint || !p256dh || !auth) throw new PushSetupError('unsupported');
  try {
    await registerPushSubscription({ endpoint: json.endpoint, keys: { p256dh, auth }, device: device.slice(0, 200) });
  } catch (err) {
    // The server does not know it, so nothing would ever arrive: do not keep it.
    if (fresh) await subscription.unsubscribe().catch(() => false);
    throw err;
  }
  return { endpoint: json.endpoint };
}

/** Turns push off for this device: forgets it on the server, then unsubscribes the browser. */
export async function disablePush(): Promise<void> {
  if (!isPushSupported()) return;
  const registration = await existingRegistration();
  const subscription = registration ? await registration.pushManager.getSubscription() : null;
  if (!subscription) return;
  await deletePushSubscription(subscription.endpoint);
  await subscription.unsubscribe();
}
