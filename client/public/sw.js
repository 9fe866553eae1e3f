/**
 * Faena's service worker (hand-written, no build step; served at /sw.js so
 * its scope is the whole app).
 *
 * - `push`: shows the notification the server sent. The payload is the same
 *   JSON as the in-app publication in the user's `user:<id>` channel (see
 *   src/services/notifications.rs): `{ kind: "notification", notification,
 *   subject_type, subject_id, title, body }`. There is no URL in it, so the
 *   page to open is derived from the record it is about.
 * - `notificationclick`: focuses an open Faena tab (moving it to that page)
 *   or opens a new one.
 * - `fetch`: a small offline fallback. Page navigations go to the network
 *   first and fall back to the last app shell seen; fingerprinted files under
 *   /assets/ are kept once fetched (they never change). Nothing else is
 *   cached, and never anything under /api/ or the WebSocket.
 */
/* eslint-env serviceworker */
'use strict';

const CACHE = 'faena-shell-v1';
const SHELL = '/';

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(SHELL))
      .catch(() => undefined)
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('faena-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

/** The app page a notification about `subject_type`/`subject_id` opens. */
function pageFor(data) {
  if (data && typeof data.url === 'string' && data.url.startsWith('/') && !data.url.startsWith('//')) return data.url;
  const id = data && typeof data.subject_id === 'string' ? encodeURIComponent(data.subject_id) : '';
  switch (data && data.subject_type) {
    case 'order':
      return id ? `/orders/${id}` : '/orders';
    case 'appointment':
      return id ? `/appointments/${id}` : '/appointments';
    case 'ticket':
      return id ? `/tickets/${id}` : '/tickets';
    case 'survey':
      return '/surveys';
    default:
      return '/';
  }
}

self.addEventListener('push', (event) => {
  let data = {};
  if (event.data) {
    try {
      data = event.data.json() || {};
    } catch {
      data = { body: event.data.text() };
    }
  }
  const title = typeof data.title === 'string' && data.title !== '' ? data.title : 'Faena';
  const options = {
    // The body is the e-mail's text: the first lines are what matters on a lock screen.
    body: typeof data.body === 'string' ? data.body.slice(0, 300) : '',
    icon: '/icons/icon-192.png',
    badge: '/icons/icon-192.png',
    // One notification per record: a newer update replaces the older one.
    tag: data.subject_type && data.subject_id ? `${data.subject_type}:${data.subject_id}` : undefined,
    renotify: Boolean(data.subject_type && data.subject_id),
    data: { url: pageFor(data) },
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const path = (event.notification.data && event.notification.data.url) || '/';
  const target = new URL(path, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then(async (windows) => {
      const same = windows.filter((w) => new URL(w.url).origin === self.location.origin);
      const exact = same.find((w) => w.url === target);
      const tab = exact || same[0];
      if (tab) {
        const focused = await tab.focus();
        if (exact) return focused;
        try {
          // Only possible for tabs this worker controls; otherwise open a new one.
          const moved = await focused.navigate(target);
          if (moved) return moved;
        } catch {
          // fall through
        }
        return self.clients.openWindow(target);
      }
      return self.clients.openWindow(target);
    }),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/connection/')) return;

  if (request.mode === 'navigate') {
    // Network first; offline, the last app shell (the client router takes it from there).
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok && (response.headers.get('content-type') || '').includes('text/html')) {
            const copy = response.clone();
            caches.open(CACHE).then((cache) => cache.put(SHELL, copy)).catch(() => undefined);
          }
          return response;
        })
        .catch(() => caches.match(SHELL).then((cached) => cached || Response.error())),
    );
    return;
  }

  if (url.pathname.startsWith('/assets/')) {
    // Fingerprinted by Vite: a cached copy is always the right one.
    event.respondWith(
      caches.match(request).then(
        (cached) =>
          cached ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => undefined);
            }
            return response;
          }),
      ),
    );
  }
});
