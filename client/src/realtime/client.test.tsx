/** Tests that signed-in pages share one session connection. */
import { render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

const created: FakeCentrifuge[] = [];
class FakeCentrifuge {
  state = 'connecting';
  connected = 0;
  disconnected = 0;
  constructor() {
    created.push(this);
  }
  connect() {
    this.connected++;
  }
  disconnect() {
    this.disconnected++;
  }
  on() {}
  removeListener() {}
}
vi.mock('centrifuge', () => ({ Centrifuge: FakeCentrifuge }));

const { SessionRealtimeProvider, useCentrifuge } = await import('./client');

function Probe({ seen, mode = 'session' }: { seen: unknown[]; mode?: 'session' | 'anonymous' }) {
  seen.push(useCentrifuge(mode));
  return null;
}

describe('useCentrifuge', () => {
  it('shares one session connection inside the provider, and closes it on unmount', () => {
    created.length = 0;
    const a: unknown[] = [];
    const b: unknown[] = [];
    const view = render(
      <SessionRealtimeProvider>
        <Probe seen={a} />
        <Probe seen={b} />
      </SessionRealtimeProvider>,
    );
    expect(created).toHaveLength(1);
    expect(a.at(-1)).toBe(created[0]);
    expect(b.at(-1)).toBe(created[0]);
    expect(created[0].connected).toBe(1);
    view.unmount();
    expect(created[0].disconnected).toBe(1);
  });

  it('opens its own connection outside a provider, and for anonymous pages', () => {
    created.length = 0;
    const seen: unknown[] = [];
    const view = render(
      <SessionRealtimeProvider>
        <Probe seen={seen} mode="anonymous" />
      </SessionRealtimeProvider>,
    );
    expect(created).toHaveLength(2);
    view.unmount();
    created.length = 0;
    render(<Probe seen={seen} />).unmount();
    expect(created).toHaveLength(1);
  });
});
