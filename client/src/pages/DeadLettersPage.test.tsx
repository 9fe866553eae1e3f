/** Tests for /notifications/dead: the failed deliveries list, retry, empty state and role gating. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Delivery } from '../api/admin';
import type { User } from '../api/auth';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { DeadLettersPage } from './DeadLettersPage';

const SLOW = { timeout: 4000 };
const admin = { ...sampleUser, role: 'admin' as const };

const dead: Delivery = {
  id: '0190f1c2-0000-7000-8000-000000000001',
  kind: 'payment_receipt',
  channel: 'email',
  recipient_user_id: null,
  recipient_address: 'cliente@example.com',
  status: 'dead',
  attempts: 3,
  next_attempt_at: '2026-03-01T10:00:00Z',
  last_error: '550 mailbox unavailable',
  subject_type: 'payment',
  subject_id: 'x',
  created_at: '2026-03-01T09:00:00Z',
  sent_at: null,
};
const other: Delivery = { ...dead, id: '0190f1c2-0000-7000-8000-000000000002', kind: 'something_new', channel: 'push', recipient_address: 'https://push.example.com/abc' };

function setup(me: User = admin, extra: Parameters<typeof stubFetch>[0] = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/notifications/dead': () => jsonResponse(200, [dead, other]),
    ...extra,
  });
  renderPage('/notifications/dead', <DeadLettersPage />);
  return fetchMock;
}

describe('DeadLettersPage', () => {
  it('lists failed deliveries with channel, recipient, event, attempts and last error', async () => {
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Envíos fallidos' })).toBeTruthy();
    const table = await screen.findByRole('table');
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('Correo')).toBeTruthy();
    expect(within(rows[1]).getByText('cliente@example.com')).toBeTruthy();
    expect(within(rows[1]).getByText('Recibo de pago')).toBeTruthy();
    expect(within(rows[1]).getByText('3')).toBeTruthy();
    expect(within(rows[1]).getByText('550 mailbox unavailable')).toBeTruthy();
    // Unknown events are shown as sent by the server.
    expect(within(rows[2]).getByText('something_new')).toBeTruthy();
    expect(within(rows[2]).getByText('Push')).toBeTruthy();
  });

  it('shows the delivery log of every kind, with each status, only when its tab is opened', async () => {
    const sent: Delivery = { ...dead, id: '0190f1c2-0000-7000-8000-000000000003', kind: 'order_assigned', channel: 'in_app', status: 'sent', attempts: 0, last_error: '', sent_at: '2026-03-01T09:00:01Z' };
    const fetchMock = setup(admin, {
      'GET /api/v1/notifications/deliveries': () => jsonResponse(200, [sent, dead]),
    });
    await screen.findByRole('heading', { level: 1, name: 'Envíos fallidos' });
    expect(callsTo(fetchMock, 'GET', '/api/v1/notifications/deliveries?limit=200')).toHaveLength(0);
    fireEvent.click(await screen.findByRole('tab', { name: 'Registro de envíos' }));
    const log = await screen.findByRole('tabpanel', { name: 'Registro de envíos' });
    const rows = await within(log).findAllByRole('row', {}, SLOW);
    expect(rows).toHaveLength(3);
    expect(within(rows[1]).getByText('Orden asignada')).toBeTruthy();
    expect(within(rows[1]).getByText('Enviado')).toBeTruthy();
    expect(within(rows[2]).getByText('Fallido')).toBeTruthy();
    expect(callsTo(fetchMock, 'GET', '/api/v1/notifications/deliveries?limit=200')).toHaveLength(1);
  });

  it('queues a dead letter again and refreshes the list', async () => {
    const fetchMock = setup(admin, {
      'POST /api/v1/notifications/dead/0190f1c2-0000-7000-8000-000000000001/retry': () => new Response(null, { status: 204 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Reintentar «Recibo de pago» a cliente@example.com' }));
    expect(await screen.findByText('El aviso a cliente@example.com volvió a la cola de envío.', {}, SLOW)).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/notifications/dead/0190f1c2-0000-7000-8000-000000000001/retry')).toHaveLength(1);
    await waitFor(() => expect(callsTo(fetchMock, 'GET', '/api/v1/notifications/dead').length).toBeGreaterThanOrEqual(2));
  });

  it('says when a retry fails', async () => {
    setup(admin, {
      'POST /api/v1/notifications/dead/0190f1c2-0000-7000-8000-000000000001/retry': () => problemResponse(404, 'not_found'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Reintentar «Recibo de pago» a cliente@example.com' }));
    expect(await screen.findByText('No se pudo reintentar el envío', {}, SLOW)).toBeTruthy();
  });

  it('shows an empty state', async () => {
    setup({ ...sampleUser, role: 'master' }, { 'GET /api/v1/notifications/dead': () => jsonResponse(200, []) });
    expect(await screen.findByText('No hay envíos fallidos.')).toBeTruthy();
  });

  it('refuses roles other than master and admin without asking the server', async () => {
    const fetchMock = setup({ ...sampleUser, role: 'operator' });
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
    expect(callsTo(fetchMock, 'GET', '/api/v1/notifications/dead')).toHaveLength(0);
  });

  it('is translated to English', async () => {
    const { default: i18n } = await import('../i18n');
    await i18n.changeLanguage('en');
    setup();
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(await screen.findByText('Payment receipt')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Retry “Payment receipt” to cliente@example.com' })).toBeTruthy();
  });
});
