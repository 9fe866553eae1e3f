/** The live QR page: renders the public order and refetches it on publications. */
import { act, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonResponse, renderApp, stubFetch } from '../test/utils';

type Handler = (ctx: { data: unknown; offset?: number }) => void;
const fake = vi.hoisted(() => ({
  subs: [] as { channel: string; handlers: Record<string, Handler[]> }[],
  clients: [] as { handlers: Record<string, (() => void)[]>; state: string }[],
}));

vi.mock('centrifuge', () => {
  class Subscription {
    handlers: Record<string, Handler[]> = {};
    constructor(public channel: string) {
      fake.subs.push(this);
    }
    on(ev: string, h: Handler) {
      (this.handlers[ev] ??= []).push(h);
      return this;
    }
    subscribe() {}
    unsubscribe() {}
  }
  class Centrifuge {
    state = 'connecting';
    handlers: Record<string, (() => void)[]> = {};
    constructor() {
      fake.clients.push(this);
    }
    on(ev: string, h: () => void) {
      (this.handlers[ev] ??= []).push(h);
      return this;
    }
    removeListener() {}
    connect() {}
    disconnect() {}
    getSubscription() {
      return null;
    }
    removeSubscription() {}
    newSubscription(channel: string) {
      return new Subscription(channel);
    }
  }
  return { Centrifuge };
});

const order = (events: { id: string; label: string }[]) => ({
  number: 'OS-000007',
  customer_name: 'Minera El Callao',
  reason: 'No arranca',
  state: 'open',
  status: events.at(-1)?.label ?? null,
  received_at: '2026-11-20T10:00:00Z',
  equipment: { brand: 'CAT', model: '320D', serial: 'SN1' },
  timeline: events.map((e) => ({ ...e, comment: '', created_at: '2026-11-20T11:00:00Z', photos: [{ id: 'p', url: '/full.jpg', thumb_url: '/thumb.jpg' }] })),
  parts: [],
  balance: { service_value: '100.00', parts_total: '0.00', paid: '40.00', balance: '60.00' },
  currency: 'USD',
  channel: 'public:order:tok',
});

afterEach(() => {
  fake.subs.length = 0;
  fake.clients.length = 0;
});

describe('PublicOrderPage', () => {
  it('shows the order, subscribes anonymously and updates live', async () => {
    let events = [{ id: 'e1', label: 'Recibido' }];
    stubFetch({ 'GET /api/v1/public/orders/tok': () => jsonResponse(200, order(events)) });
    renderApp('/o/tok');
    expect((await screen.findAllByText('Recibido')).length).toBeGreaterThan(0);
    expect(screen.getByText(/CAT 320D/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Foto 1' }).getAttribute('href')).toBe('/full.jpg');
    expect(screen.getByRole('status').textContent).toMatch(/reconectando/);

    const sub = fake.subs.find((s) => s.channel === 'public:order:tok');
    expect(sub).toBeTruthy();
    const client = fake.clients[0];
    await act(async () => {
      client.state = 'connected';
      client.handlers.state?.forEach((h) => h());
    });
    expect(screen.queryByRole('status')).toBeNull();

    events = [...events, { id: 'e2', label: 'En diagnóstico' }];
    await act(async () => {
      sub!.handlers.publication?.forEach((h) => h({ data: { type: 'order.event_added' }, offset: 2 }));
    });
    expect(await screen.findAllByText('En diagnóstico')).toBeTruthy();
  });

  it('lists the parts shown to the customer and follows a new part live (issue 10, bug 7)', async () => {
    let parts: object[] = [];
    let balance = { service_value: '100.00', parts_total: '0.00', paid: '0.00', balance: '100.00' };
    stubFetch({ 'GET /api/v1/public/orders/tok': () => jsonResponse(200, { ...order([]), parts, balance }) });
    renderApp('/o/tok');
    expect(await screen.findByText('Sin repuestos.')).toBeTruthy();
    const sub = fake.subs.find((s) => s.channel === 'public:order:tok');
    parts = [
      {
        id: 'p1',
        description: 'Bomba de agua',
        quantity: '2',
        unit_price: '85.00',
        total: '170.00',
        warranty_days: 30,
        warranty_until: '2026-12-20',
        created_at: '2026-11-20T11:00:00Z',
      },
    ];
    balance = { service_value: '100.00', parts_total: '170.00', paid: '0.00', balance: '270.00' };
    await act(async () => {
      sub!.handlers.publication?.forEach((h) => h({ data: { type: 'order.part_added' }, offset: 3 }));
    });
    const card = await screen.findByTestId('public-part');
    expect(card.textContent).toContain('Bomba de agua');
    expect(card.textContent).toMatch(/2 × 85,00/);
    expect(card.textContent).toMatch(/170,00/);
    expect(card.textContent).toMatch(/Garantía hasta/);
    expect(screen.getByTestId('balance').textContent).toMatch(/270,00/);
  });
});
