/** Tests for the in-app notification toasts fed by the user's `user:<id>` channel. */
import { act, configure, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderPage } from '../../test/utils';
import { subjectPath, toInAppNotification, useInAppNotifications } from './useInAppNotifications';

// The whole client suite shares two busy cores: allow slow renders.
configure({ asyncUtilTimeout: 4000 });

type Handler = (ctx: { data: unknown; offset?: number }) => void;
const fake = vi.hoisted(() => ({
  subs: [] as { channel: string; handlers: Record<string, Handler[]> }[],
  clients: [] as unknown[],
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
    constructor() {
      fake.clients.push(this);
    }
    on() {
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

afterEach(() => {
  fake.subs.length = 0;
  fake.clients.length = 0;
});

function Harness({ userId }: { userId: string | null }) {
  useInAppNotifications(userId);
  return <p>harness</p>;
}

function publish(channel: string, data: unknown) {
  const sub = fake.subs.find((s) => s.channel === channel);
  if (!sub) throw new Error(`nobody subscribed to ${channel}`);
  act(() => {
    for (const h of sub.handlers.publication ?? []) h({ data, offset: 1 });
  });
}

describe('toInAppNotification', () => {
  it('reads notifications and ignores other publications', () => {
    expect(
      toInAppNotification({
        kind: 'notification',
        notification: 'order_update',
        subject_type: 'order',
        subject_id: 'o1',
        title: 'T',
        body: 'B',
      }),
    ).toEqual({ notification: 'order_update', subject_type: 'order', subject_id: 'o1', title: 'T', body: 'B' });
    expect(toInAppNotification({ kind: 'order.updated' })).toBeNull();
    expect(toInAppNotification('text')).toBeNull();
    expect(toInAppNotification(null)).toBeNull();
  });

  it('links records to their pages', () => {
    expect(subjectPath('order', 'o 1')).toBe('/orders/o%201');
    expect(subjectPath('appointment', 'a1')).toBe('/appointments/a1');
    expect(subjectPath('survey', 's1')).toBe('/surveys');
    expect(subjectPath('user', 'u1')).toBeNull();
  });
});

describe('useInAppNotifications', () => {
  it('subscribes to the user channel and shows each notification with a link', async () => {
    renderPage('/', <Harness userId="u-1" />);
    expect(fake.clients).toHaveLength(1);
    publish('user:u-1', { kind: 'something.else', title: 'ignored' });
    publish('user:u-1', {
      kind: 'notification',
      notification: 'order_update',
      subject_type: 'order',
      subject_id: 'o-9',
      title: 'Novedad en la orden OS-000009',
      body: 'El equipo está listo.',
    });
    expect(await screen.findByText('Novedad en la orden OS-000009')).toBeTruthy();
    expect(screen.getByText('El equipo está listo.')).toBeTruthy();
    expect(screen.queryByText('ignored')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Ver' }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
  });

  it('stays disconnected without a user', () => {
    renderPage('/', <Harness userId={null} />);
    expect(fake.clients).toHaveLength(0);
    expect(fake.subs).toHaveLength(0);
  });
});
