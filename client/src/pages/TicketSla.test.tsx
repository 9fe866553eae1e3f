/**
 * The SLA on the ticket pages, live (issue 16), with the real realtime
 * client and SDK (no socket: the "server" is played by emitting the SDK's
 * events, as in ChatPanel.test):
 * - /tickets/:id shows both targets to staff; `ticket.sla_breached` on
 *   `ticket:<id>` turns the badge to "Incumplido" and writes a line in the
 *   chat; a staff message refetches the ticket (the first response);
 * - a customer sees neither the badges nor the breach line;
 * - /tickets shows the most urgent target per row, and a breach on
 *   `staff:tickets` updates the row at once.
 */
import { act, screen, waitFor, within } from '@testing-library/react';
import { Centrifuge, type Subscription } from 'centrifuge';
import type { ReactNode } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../api/auth';
import type { Ticket } from '../api/tickets';
import { TICKET_ID, sessionRoutes, ticket } from '../components/operations/testFixtures';
import { jsonResponse, renderApp, sampleUser, stubFetch } from '../test/utils';

const rt = vi.hoisted(() => ({ client: null as unknown }));
vi.mock('../realtime/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../realtime/client')>();
  return {
    ...real,
    useCentrifuge: (_mode: string, enabled = true) => (enabled ? rt.client : null),
    useConnectionState: () => 'connected' as const,
    SessionRealtimeProvider: ({ children }: { children: ReactNode }) => children,
  };
});

vi.setConfig({ testTimeout: 30_000 });

let client: Centrifuge;
beforeEach(() => {
  client = new Centrifuge('ws://127.0.0.1:1/connection/websocket');
  rt.client = client;
  client.publish = vi.fn().mockResolvedValue({}) as unknown as Centrifuge['publish'];
  client.rpc = vi.fn().mockResolvedValue({ data: {} }) as unknown as Centrifuge['rpc'];
  client.history = vi.fn().mockResolvedValue({ publications: [], offset: 0, epoch: 'e' }) as unknown as Centrifuge['history'];
});

async function subscribedTo(channel: string): Promise<Subscription> {
  await waitFor(() => expect(client.getSubscription(channel)).not.toBeNull());
  const sub = client.getSubscription(channel) as Subscription;
  act(() => {
    (sub as unknown as { state: string }).state = 'subscribed';
    sub.emit('subscribed', { channel } as never);
  });
  return sub;
}

function publishes(sub: Subscription, data: unknown, offset: number) {
  act(() => {
    sub.emit('publication', { channel: sub.channel, data, offset } as never);
  });
}

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const TICKET = `/api/v1/tickets/${TICKET_ID}`;
const chat = () => screen.getByRole('region', { name: 'Conversación' });
const ticketGets = (fetchMock: ReturnType<typeof stubFetch>) => fetchMock.mock.calls.filter(([u]) => String(u) === TICKET).length;

/** The ticket page's routes; `answers` are the ticket's successive GET answers (the last one repeats). */
function ticketRoutes(role: Role, answers: Ticket[]) {
  let n = 0;
  return {
    ...sessionRoutes(role),
    [`GET ${TICKET}`]: () => jsonResponse(200, answers[Math.min(n++, answers.length - 1)]),
    [`GET ${TICKET}/events`]: () => jsonResponse(200, { items: [], next_after: null }),
    'GET /api/v1/users': () => jsonResponse(200, []),
  };
}

const staffAuthor = { id: sampleUser.id, name: 'Ana Pérez', role: 'operator' };
const customerAuthor = { id: 'c1', name: 'Carla Cliente', role: 'customer' };
const message = (author: typeof staffAuthor, text: string) => ({
  type: 'chat.message',
  author,
  text,
  attachments: [],
  sent_at: new Date().toISOString(),
});

describe('SLA on the ticket page', () => {
  it('shows both targets to staff and turns "Incumplido" live on ticket.sla_breached, with a chat line', async () => {
    const running = ticket({ sla_response_due_at: inMinutes(3 * 60), sla_resolution_due_at: inMinutes(20 * 60) });
    stubFetch(ticketRoutes('operator', [running]));
    renderApp(`/tickets/${TICKET_ID}`);
    const badges = await screen.findByRole('group', { name: 'Acuerdo de servicio (SLA)' }, { timeout: 5000 });
    expect(within(badges).getByTestId('sla-first_response').textContent).toBe('Primera respuesta:Vence en 3 h');
    expect(within(badges).getByTestId('sla-resolution').textContent).toBe('Resolución:Vence en 20 h');

    const sub = await subscribedTo(`ticket:${TICKET_ID}`);
    const breached = { ...running, sla_response_due_at: null, sla_response_breached_at: new Date().toISOString() };
    publishes(sub, { type: 'ticket.sla_breached', ticket: breached, target: 'first_response' }, 4);
    await waitFor(() => expect(screen.getByTestId('sla-badge-first_response').textContent).toBe('Incumplido'));
    expect(screen.getByTestId('sla-badge-resolution').textContent).toBe('Vence en 20 h');
    expect(await within(chat()).findByText(/^Se incumplió el SLA de primera respuesta · /)).toBeTruthy();
  });

  it('refetches the ticket when staff write in its chat (the first response), not when the customer does', async () => {
    const waiting = ticket({ sla_response_due_at: inMinutes(90) });
    const answered = { ...waiting, sla_response_due_at: null, first_response_at: new Date().toISOString() };
    const fetchMock = stubFetch(ticketRoutes('operator', [waiting, answered]));
    renderApp(`/tickets/${TICKET_ID}`);
    expect((await screen.findByTestId('sla-badge-first_response', {}, { timeout: 5000 })).textContent).toBe('Vence en 1 h 30 min');
    const sub = await subscribedTo(`ticket:${TICKET_ID}`);
    const before = ticketGets(fetchMock);

    publishes(sub, message(customerAuthor, '¿Alguna novedad?'), 5);
    await within(chat()).findByText('¿Alguna novedad?');
    expect(ticketGets(fetchMock)).toBe(before);

    publishes(sub, message(staffAuthor, 'Vamos en camino.'), 6);
    await waitFor(() => expect(screen.getByTestId('sla-badge-first_response').textContent).toBe('Cumplido'));
    expect(ticketGets(fetchMock)).toBe(before + 1);
  });

  it('shows a customer neither the SLA badges nor the breach line', async () => {
    const breached = ticket({ sla_response_breached_at: inMinutes(-30), sla_resolution_due_at: inMinutes(60) });
    stubFetch(ticketRoutes('customer', [breached]));
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByRole('region', { name: 'Conversación' }, { timeout: 5000 });
    const sub = await subscribedTo(`ticket:${TICKET_ID}`);
    publishes(sub, { type: 'ticket.sla_breached', ticket: breached, target: 'first_response' }, 2);
    publishes(sub, message(staffAuthor, 'Hola, lo revisamos.'), 3);
    await within(chat()).findByText('Hola, lo revisamos.');
    expect(within(chat()).queryByText(/Se incumplió/)).toBeNull();
    expect(screen.queryByTestId('sla-badges')).toBeNull();
    expect(screen.queryByTestId(/^sla-badge-/)).toBeNull();
  });
});

describe('SLA on the tickets list', () => {
  function listRoutes(role: Role, answers: Ticket[][]) {
    let n = 0;
    return {
      ...sessionRoutes(role),
      'GET /api/v1/tickets': () => jsonResponse(200, { items: answers[Math.min(n++, answers.length - 1)], next_cursor: null }),
      'GET /api/v1/realtime/unread': () => jsonResponse(200, []),
      'GET /api/v1/users': () => jsonResponse(200, []),
    };
  }

  it('shows the most urgent target per row to staff, updated live by a breach on staff:tickets', async () => {
    const running = ticket({ sla_response_due_at: inMinutes(45), sla_resolution_due_at: inMinutes(600) });
    const breached = { ...running, sla_response_due_at: null, sla_response_breached_at: new Date().toISOString() };
    stubFetch(listRoutes('operator', [[running], [breached]]));
    renderApp('/tickets');
    const row = await screen.findByTestId(`ticket-row-${TICKET_ID}`, {}, { timeout: 5000 });
    expect(screen.getByRole('columnheader', { name: 'SLA' })).toBeTruthy();
    expect(within(row).getByTestId('sla-badge-first_response').textContent).toBe('1.ª respuesta: Vence en 45 min');
    // In the header of the list (and in the office's menu).
    const links = screen.getAllByRole('link', { name: 'Cumplimiento SLA' });
    expect(links).toHaveLength(2);
    for (const link of links) expect(link.getAttribute('href')).toBe('/tickets/sla');

    const feed = await subscribedTo('staff:tickets');
    publishes(feed, { type: 'ticket.sla_breached', ticket: breached, target: 'first_response' }, 9);
    await waitFor(() => expect(within(row).getByTestId('sla-badge-first_response').textContent).toBe('1.ª respuesta: Incumplido'));
  });

  it('has no SLA column for a customer', async () => {
    stubFetch(listRoutes('customer', [[ticket({ sla_response_due_at: inMinutes(45) })]]));
    renderApp('/tickets');
    await screen.findByTestId(`ticket-row-${TICKET_ID}`, {}, { timeout: 5000 });
    expect(screen.queryByRole('columnheader', { name: 'SLA' })).toBeNull();
    expect(screen.queryByTestId(/^sla-badge-/)).toBeNull();
    expect(screen.queryByRole('link', { name: 'Cumplimiento SLA' })).toBeNull();
  });
});
