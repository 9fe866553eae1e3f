/**
 * The chat panel on its real pages, with the real realtime client and SDK
 * (no socket: the "server" is played by emitting the SDK's events):
 * - bug 1: on /orders/:id the page and the panel both consume `order:<id>`,
 *   and a message typed + Enter is published (it used to be refused);
 * - bug 8: a PDF is uploaded, listed, sent and shown as a download chip; a
 *   refused file (415, 413) says why, translated;
 * - bug 9: ticket history reads as sentences with who and when.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Centrifuge, type Subscription } from 'centrifuge';
import type { ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../api/auth';
import i18n from '../../i18n';
import { ORDER_ID, TICKET_ID, orderDetail, sessionRoutes, ticket } from '../operations/testFixtures';
import { jsonResponse, problemResponse, renderApp, sampleUser, stubFetch } from '../../test/utils';

const rt = vi.hoisted(() => ({ client: null as unknown }));
vi.mock('../../realtime/client', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../realtime/client')>();
  return {
    ...real,
    useCentrifuge: () => rt.client,
    useConnectionState: () => 'connected' as const,
    SessionRealtimeProvider: ({ children }: { children: ReactNode }) => children,
  };
});

vi.setConfig({ testTimeout: 30_000 });

// This year, so that short times omit it ("3 dic, 10:15").
const Y = new Date().getFullYear();

let client: Centrifuge;
let publish: ReturnType<typeof vi.fn>;
beforeEach(() => {
  client = new Centrifuge('ws://127.0.0.1:1/connection/websocket');
  rt.client = client;
  publish = vi.fn().mockResolvedValue({});
  client.publish = publish as unknown as Centrifuge['publish'];
  client.rpc = vi.fn().mockResolvedValue({ data: {} }) as unknown as Centrifuge['rpc'];
  client.history = vi.fn().mockResolvedValue({ publications: [], offset: 0, epoch: 'e' }) as unknown as Centrifuge['history'];
});
afterEach(async () => {
  await act(() => i18n.changeLanguage('es'));
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

const chat = () => screen.getByRole('region', { name: /^(Conversación|Conversation)$/ });

const TICKET = `/api/v1/tickets/${TICKET_ID}`;
function ticketRoutes(role: Role, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    ...sessionRoutes(role),
    [`GET ${TICKET}`]: () => jsonResponse(200, ticket()),
    [`GET ${TICKET}/events`]: () => jsonResponse(200, { items: [], next_after: null }),
    'GET /api/v1/users': () => jsonResponse(200, []),
    ...extra,
  };
}

const PDF = {
  id: 'att-1',
  channel: `ticket:${TICKET_ID}`,
  file_name: 'informe técnico.pdf',
  content_type: 'application/pdf',
  size_bytes: 12_345,
  uploader_id: sampleUser.id,
  created_at: `${Y}-12-03T14:15:00Z`,
  url: '/api/v1/attachments/att-1',
};

function chooseFiles(...files: File[]) {
  const input = within(chat()).getByLabelText(/^(Adjuntar archivo|Attach file)$/) as HTMLInputElement;
  fireEvent.change(input, { target: { files } });
}

describe('ChatPanel', () => {
  it('sends in the order chat while the order page consumes the same channel (bug 1)', async () => {
    const order = `/api/v1/orders/${ORDER_ID}`;
    const fetchMock = stubFetch({
      ...sessionRoutes('operator'),
      [`GET ${order}`]: () => jsonResponse(200, orderDetail({ channels: [`order:${ORDER_ID}`, `internal:order:${ORDER_ID}`] })),
      [`GET ${order}/payments`]: () => jsonResponse(200, { items: [] }),
      'GET /api/v1/payment-methods': () => jsonResponse(200, []),
      'GET /api/v1/order-statuses': () => jsonResponse(200, []),
      'GET /api/v1/users': () => jsonResponse(200, []),
    });
    renderApp(`/orders/${ORDER_ID}`);
    await screen.findByRole('region', { name: 'Conversación' });
    const sub = await subscribedTo(`order:${ORDER_ID}`);

    const box = within(chat()).getByLabelText(/^Mensaje/);
    fireEvent.change(box, { target: { value: '¿Traen la máquina el lunes?' } });
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(publish).toHaveBeenCalledTimes(1));
    expect(publish.mock.calls[0][0]).toBe(`order:${ORDER_ID}`);
    expect(publish.mock.calls[0][1]).toMatchObject({ text: '¿Traen la máquina el lunes?', attachments: [] });
    expect(within(chat()).queryByText(/No se pudo enviar/)).toBeNull();

    // The message comes back to every consumer: the panel shows it, the page refreshes.
    const before = fetchMock.mock.calls.filter(([u]) => String(u) === order).length;
    publishes(
      sub,
      { type: 'chat.message', author: { id: sampleUser.id, name: 'Ana Pérez', role: 'operator' }, text: '¿Traen la máquina el lunes?', attachments: [], sent_at: `${Y}-12-03T14:15:00Z` },
      1,
    );
    await within(chat()).findByText('¿Traen la máquina el lunes?');
    expect(within(chat()).getByText(new RegExp(`Ana Pérez · 3 dic ${Y}, 10:15`))).toBeTruthy();
    await waitFor(() => expect(fetchMock.mock.calls.filter(([u]) => String(u) === order).length).toBeGreaterThan(before));
  });

  it('attaches a PDF, sends it and shows it as a chip that downloads (bug 8)', async () => {
    const fetchMock = stubFetch(ticketRoutes('customer', { 'POST /api/v1/attachments': () => jsonResponse(201, PDF) }));
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByRole('region', { name: 'Conversación' });
    const sub = await subscribedTo(`ticket:${TICKET_ID}`);

    chooseFiles(new File(['%PDF-1.4 informe'], 'informe técnico.pdf', { type: 'application/pdf' }));
    const pending = await within(chat()).findByTestId('chat-pending');
    await within(pending).findByText('informe técnico.pdf');
    expect(within(pending).getByText('PDF · 12,3 kB')).toBeTruthy();
    const upload = fetchMock.mock.calls.find(([u]) => String(u).startsWith('/api/v1/attachments?channel='));
    expect(String(upload?.[0])).toBe(`/api/v1/attachments?channel=${encodeURIComponent(`ticket:${TICKET_ID}`)}`);

    fireEvent.click(within(chat()).getByRole('button', { name: 'Enviar' }));
    await waitFor(() => expect(publish).toHaveBeenCalledTimes(1));
    expect(publish.mock.calls[0][1]).toMatchObject({ text: '', attachments: ['att-1'] });
    await waitFor(() => expect(within(chat()).queryByTestId('chat-pending')).toBeNull());

    publishes(
      sub,
      { type: 'chat.message', author: { id: 'u-carla', name: 'Carla Cliente', role: 'customer' }, text: '', attachments: [PDF], sent_at: PDF.created_at },
      1,
    );
    const link = await within(chat()).findByRole('link', { name: 'Descargar informe técnico.pdf (12,3 kB)' });
    expect(link.getAttribute('href')).toBe('/api/v1/attachments/att-1');
    expect(link.getAttribute('download')).toBe('informe técnico.pdf');
  });

  it('says why a file was refused, in the UI language (bug 8)', async () => {
    stubFetch(
      ticketRoutes('customer', {
        'POST /api/v1/attachments': (init) => {
          const file = (init?.body as FormData).get('file') as File;
          return file.name.endsWith('.exe')
            ? problemResponse(415, 'unsupported_media_type', 'attach a PNG, JPEG, WebP or GIF image, a PDF document or a .txt text file')
            : problemResponse(413, 'payload_too_large', 'attachments may be at most 10485760 bytes');
        },
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByRole('region', { name: 'Conversación' });
    await subscribedTo(`ticket:${TICKET_ID}`);

    chooseFiles(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }), new File(['x'], 'video.pdf', { type: 'application/pdf' }));
    const alert = await within(chat()).findByTestId('chat-refused');
    await within(alert).findByText('No se adjuntó «video.pdf»: supera el tamaño máximo permitido.');
    expect(
      within(alert).getByText(
        'No se adjuntó «setup.exe»: solo se aceptan imágenes (PNG, JPEG, WebP o GIF), documentos PDF y archivos de texto (.txt).',
      ),
    ).toBeTruthy();
    expect(alert.getAttribute('role')).toBe('alert');
    expect(within(chat()).queryByTestId('chat-pending')).toBeNull();

    await act(() => i18n.changeLanguage('en'));
    chooseFiles(new File(['MZ'], 'setup.exe', { type: 'application/x-msdownload' }));
    await within(chat()).findByText(
      '“setup.exe” was not attached: only images (PNG, JPEG, WebP or GIF), PDF documents and text files (.txt) are accepted.',
    );
  });

  it('writes the ticket history as sentences with who and when (bug 9)', async () => {
    const by = { id: 'u-ana', name: 'Ana Pérez', role: 'operator' };
    stubFetch(
      ticketRoutes('operator', {
        [`GET ${TICKET}/events`]: () =>
          jsonResponse(200, {
            items: [
              { offset: 1, data: { type: 'ticket.created', ticket: ticket(), by }, user_id: by.id, created_at: `${Y}-12-03T14:15:00Z` },
              {
                offset: 2,
                data: { type: 'ticket.state_changed', ticket: ticket({ state: 'in_progress' }), by, from: 'open' },
                user_id: by.id,
                created_at: `${Y}-12-03T15:30:00Z`,
              },
            ],
            next_after: null,
          }),
      }),
    );
    renderApp(`/tickets/${TICKET_ID}`);
    await screen.findByRole('region', { name: 'Conversación' });
    const sub = await subscribedTo(`ticket:${TICKET_ID}`);
    await within(chat()).findByText('Ana Pérez abrió el ticket PQR-000007: La grúa pierde aceite · 3 dic, 10:15');
    expect(within(chat()).getByText('Ana Pérez cambió el estado a En curso · 3 dic, 11:30')).toBeTruthy();

    // Live, with the time it arrived when the payload has none of its own.
    publishes(sub, { type: 'ticket.priority_changed', ticket: ticket({ priority: 'high', updated_at: `${Y}-12-03T16:00:00Z` }), by, from: 'medium' }, 3);
    await within(chat()).findByText('Ana Pérez cambió la prioridad a Alta · 3 dic, 12:00');
    expect(chat().textContent).not.toMatch(/ticket\.|Evento:/);

    await act(() => i18n.changeLanguage('en'));
    await within(chat()).findByText('Ana Pérez changed the state to In progress · Dec 3, 11:30 AM');
  });
});
