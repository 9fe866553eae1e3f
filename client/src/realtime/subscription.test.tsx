/**
 * Several components consume one channel (issue 10, bug 1: the order page and
 * its chat panel both use `order:<id>`; the panel's subscription was removed
 * by the page's, so the chat could not send). Uses the real Centrifuge SDK
 * without a socket: its registry throws on a second subscription of a channel
 * and rejects `publish` on a removed one, which is exactly what broke.
 */
import { act, render } from '@testing-library/react';
import { Centrifuge, type Subscription } from 'centrifuge';
import type { ReactNode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useSubscription } from './client';

const CH = 'order:11111111-1111-1111-1111-111111111111';

interface Seen {
  subs: (Subscription | null)[];
  publications: unknown[];
  subscribed: number;
}

function seen(): Seen {
  return { subs: [], publications: [], subscribed: 0 };
}

function Consumer({ client, into, children }: { client: Centrifuge; into: Seen; children?: ReactNode }) {
  const sub = useSubscription(client, CH, {
    onPublication: (data) => into.publications.push(data),
    onSubscribed: () => {
      into.subscribed++;
    },
  });
  into.subs.push(sub);
  return <>{children}</>;
}

/** A client that never connects; `publish` is answered locally. */
function fakeClient() {
  const client = new Centrifuge('ws://127.0.0.1:1/connection/websocket');
  const publish = vi.spyOn(client, 'publish').mockResolvedValue({});
  const created = vi.spyOn(client, 'newSubscription');
  return { client, publish, created };
}

/** What the SDK does when the server confirms the subscription. */
function serverSubscribes(sub: Subscription) {
  act(() => {
    (sub as unknown as { state: string }).state = 'subscribed';
    sub.emit('subscribed', { channel: sub.channel } as never);
  });
}

function serverPublishes(sub: Subscription, data: unknown, offset: number) {
  act(() => {
    sub.emit('publication', { channel: sub.channel, data, offset } as never);
  });
}

describe('useSubscription shared by several consumers of one channel', () => {
  it('a page and a nested panel share one live subscription; both receive and both can publish', async () => {
    const { client, publish, created } = fakeClient();
    const page = seen();
    const panel = seen();
    const view = render(
      <Consumer client={client} into={page}>
        <Consumer client={client} into={panel} />
      </Consumer>,
    );
    const sub = client.getSubscription(CH) as Subscription;
    expect(sub).not.toBeNull();
    expect(created).toHaveBeenCalledTimes(1);
    expect(page.subs.at(-1)).toBe(sub);
    expect(panel.subs.at(-1)).toBe(sub);

    serverSubscribes(sub);
    expect(page.subscribed).toBe(1);
    expect(panel.subscribed).toBe(1);

    serverPublishes(sub, { type: 'chat.message', text: 'hola' }, 7);
    expect(page.publications).toEqual([{ type: 'chat.message', text: 'hola' }]);
    expect(panel.publications).toEqual([{ type: 'chat.message', text: 'hola' }]);

    // The panel sends through the subscription it was given.
    await panel.subs.at(-1)!.publish({ text: 'desde el panel' });
    expect(publish).toHaveBeenCalledWith(CH, { text: 'desde el panel' });

    // A resubscribe (after a reconnect) reaches every consumer again.
    serverSubscribes(sub);
    expect(page.subscribed).toBe(2);
    expect(panel.subscribed).toBe(2);

    view.unmount();
    expect(client.getSubscription(CH)).toBeNull();
    expect(sub.state).toBe('unsubscribed');
  });

  it.each(['first', 'second'] as const)('two siblings: the %s to mount leaves first, the other keeps receiving; the last one releases it', async (leavesFirst) => {
    const { client, publish, created } = fakeClient();
    const a = seen();
    const b = seen();
    const Both = ({ showA, showB }: { showA: boolean; showB: boolean }) => (
      <>
        {showA && <Consumer client={client} into={a} />}
        {showB && <Consumer client={client} into={b} />}
      </>
    );
    const view = render(<Both showA showB={false} />);
    const sub = client.getSubscription(CH) as Subscription;
    serverSubscribes(sub);
    expect(a.subscribed).toBe(1);

    // A consumer that joins an already subscribed channel is told so at once
    // (so it loads its history) and shares the same subscription.
    view.rerender(<Both showA showB />);
    expect(created).toHaveBeenCalledTimes(1);
    expect(b.subs.at(-1)).toBe(sub);
    expect(b.subscribed).toBe(1);

    const [gone, stays] = leavesFirst === 'first' ? [a, b] : [b, a];
    view.rerender(leavesFirst === 'first' ? <Both showA={false} showB /> : <Both showA showB={false} />);
    expect(client.getSubscription(CH)).toBe(sub);
    expect(sub.state).toBe('subscribed');
    serverPublishes(sub, { n: 1 }, 1);
    expect(stays.publications).toEqual([{ n: 1 }]);
    expect(gone.publications).toEqual([]);
    await stays.subs.at(-1)!.publish({ text: 'sigo aquí' });
    expect(publish).toHaveBeenCalledWith(CH, { text: 'sigo aquí' });

    view.rerender(<Both showA={false} showB={false} />);
    expect(client.getSubscription(CH)).toBeNull();
    expect(sub.state).toBe('unsubscribed');
    expect(publish).toHaveBeenCalledTimes(1);

    // Coming back opens a fresh subscription.
    view.rerender(<Both showA showB={false} />);
    expect(created).toHaveBeenCalledTimes(2);
    expect(client.getSubscription(CH)).not.toBe(sub);
    view.unmount();
  });
});
