/** Tests for /account/notifications: preferences by event and channel, and push on this device. */
import { configure, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Preference } from '../api/account';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { NotificationSettingsPage } from './NotificationSettingsPage';

// The whole client suite shares two busy cores: allow slow renders.
configure({ asyncUtilTimeout: 4000 });

const ENDPOINT = 'https://push.example.com/send/abc';
const VAPID_KEY = 'BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4vMDEyMzQ1Njc4OTo7PD0-P0A';

const allOn: Preference[] = ['order_update', 'order_closed', 'payment_receipt'].flatMap((kind) =>
  (['email', 'push', 'in_app'] as const).map((channel) => ({ kind, channel, enabled: true })),
);

function setup(routes: Parameters<typeof stubFetch>[0] = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser),
    'GET /api/v1/notifications/preferences': () => jsonResponse(200, allOn),
    ...routes,
  });
  renderPage('/account/notifications', <NotificationSettingsPage />);
  return fetchMock;
}

/** A browser with service workers and push; `permission` is Notification.permission. */
function fakePushBrowser(permission: NotificationPermission, answer: NotificationPermission = 'granted') {
  let current: { endpoint: string; options: object; toJSON: () => object; unsubscribe: () => Promise<boolean> } | null = null;
  const registration = {
    pushManager: {
      getSubscription: vi.fn(async () => current),
      subscribe: vi.fn(async () => {
        current = {
          endpoint: ENDPOINT,
          options: {},
          toJSON: () => ({ endpoint: ENDPOINT, keys: { p256dh: 'p', auth: 'a' } }),
          unsubscribe: vi.fn(async () => {
            current = null;
            return true;
          }),
        };
        return current;
      }),
    },
  };
  const serviceWorker = {
    getRegistration: vi.fn(async () => registration),
    register: vi.fn(async () => registration),
    ready: Promise.resolve(registration),
  };
  const notification = {
    permission,
    requestPermission: vi.fn(async () => {
      notification.permission = answer;
      return answer;
    }),
  };
  vi.stubGlobal('navigator', { serviceWorker, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/133.0' });
  vi.stubGlobal('PushManager', function PushManager() {});
  vi.stubGlobal('Notification', notification);
  vi.stubGlobal('isSecureContext', true);
  return { registration };
}

describe('NotificationSettingsPage', () => {
  it('shows every optional event by channel and saves the choices', async () => {
    const fetchMock = setup({
      'PUT /api/v1/notifications/preferences': (init) => jsonResponse(200, JSON.parse(String(init?.body))),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Notificaciones' })).toBeTruthy();
    const group = await screen.findByRole('group', { name: 'Novedades de una orden' });
    expect(screen.getByRole('group', { name: 'Orden cerrada' })).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Recibo de pago' })).toBeTruthy();
    const email = within(group).getByLabelText('Correo') as HTMLInputElement;
    expect(email.checked).toBe(true);
    fireEvent.click(email);
    expect(email.checked).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar preferencias' }));
    expect(await screen.findByText('Tus preferencias fueron guardadas.')).toBeTruthy();
    const [body] = callsTo(fetchMock, 'PUT', '/api/v1/notifications/preferences') as Preference[][];
    expect(body).toHaveLength(9);
    expect(body.filter((p) => !p.enabled)).toEqual([{ kind: 'order_update', channel: 'email', enabled: false }]);
  });

  it('tells staff these events are about customers, and not customers', async () => {
    setup();
    expect(await screen.findByText(/Estos avisos son para los contactos de los clientes/)).toBeTruthy();
  });

  it('has no staff note for a customer contact', async () => {
    setup({ 'GET /api/v1/auth/me': () => jsonResponse(200, { ...sampleUser, role: 'customer' }) });
    await screen.findByRole('group', { name: 'Orden cerrada' });
    await screen.findByText(/Los avisos esenciales/);
    expect(screen.queryByText(/Estos avisos son para los contactos de los clientes/)).toBeNull();
  });

  it('keeps the choices and explains when saving fails', async () => {
    setup({ 'PUT /api/v1/notifications/preferences': () => problemResponse(500, 'internal') });
    const group = await screen.findByRole('group', { name: 'Recibo de pago' });
    const push = within(group).getByLabelText('Push') as HTMLInputElement;
    fireEvent.click(push);
    fireEvent.click(screen.getByRole('button', { name: 'Guardar preferencias' }));
    expect(await screen.findByText('Ocurrió un error en el servidor. Inténtalo más tarde.')).toBeTruthy();
    expect(push.checked).toBe(false);
  });

  it('explains when the preferences cannot be loaded', async () => {
    setup({ 'GET /api/v1/notifications/preferences': () => problemResponse(403, 'forbidden') });
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
  });

  it('says when this browser cannot receive push', async () => {
    vi.stubGlobal('PushManager', undefined);
    setup();
    expect(await screen.findByText(/Este navegador no admite notificaciones push/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Activar en este dispositivo' })).toBeNull();
  });

  it('says when notifications are blocked in the browser', async () => {
    fakePushBrowser('denied');
    setup();
    expect(await screen.findByText(/Las notificaciones están bloqueadas para este sitio/)).toBeTruthy();
  });

  it('enables and disables push on this device', async () => {
    fakePushBrowser('default');
    let subscribed: string[] = [];
    const fetchMock = setup({
      'GET /api/v1/push/vapid-public-key': () => jsonResponse(200, { public_key: VAPID_KEY }),
      'GET /api/v1/push/subscriptions': () => jsonResponse(200, subscribed.map((endpoint) => ({ id: '1', endpoint }))),
      'POST /api/v1/push/subscriptions': (init) => {
        subscribed = [JSON.parse(String(init?.body)).endpoint];
        return jsonResponse(201, { id: '1', endpoint: ENDPOINT });
      },
      'DELETE /api/v1/push/subscriptions': () => {
        subscribed = [];
        return new Response(null, { status: 204 });
      },
    });
    expect(await screen.findByText('Las notificaciones push están desactivadas en este dispositivo.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Activar en este dispositivo' }));
    expect(await screen.findByText('Las notificaciones push están activas en este dispositivo.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/push/subscriptions')).toEqual([
      { endpoint: ENDPOINT, keys: { p256dh: 'p', auth: 'a' }, device: 'Firefox · Linux' },
    ]);
    fireEvent.click(await screen.findByRole('button', { name: 'Desactivar en este dispositivo' }));
    expect(await screen.findByText('Las notificaciones push están desactivadas en este dispositivo.')).toBeTruthy();
    await waitFor(() =>
      expect(callsTo(fetchMock, 'DELETE', '/api/v1/push/subscriptions')).toEqual([{ endpoint: ENDPOINT }]),
    );
  });

  it('explains a dismissed permission prompt', async () => {
    fakePushBrowser('default', 'default');
    setup();
    fireEvent.click(await screen.findByRole('button', { name: 'Activar en este dispositivo' }));
    expect(await screen.findByText(/No diste permiso para mostrar notificaciones/)).toBeTruthy();
  });
});
