/**
 * Reports, live: the feeds each report follows per role, and a burst of
 * publications reads the report once.
 */
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ChannelConsumer } from '../../realtime/channels';

const followed = new Map<string, ChannelConsumer>();
vi.mock('../../realtime/client', () => ({
  useCentrifuge: () => ({}),
  useSubscription: (_client: unknown, channel: string | null, handlers: ChannelConsumer) => {
    if (channel) followed.set(channel, handlers);
    return null;
  },
}));

const { RELOAD_AFTER_MS, reportFeeds, useReportLive } = await import('./useReportLive');

const ME = '33333333-3333-4333-8333-333333333333';

describe('reportFeeds', () => {
  it('the office follows the staff feeds that move each report', () => {
    expect(reportFeeds('revenue', 'admin', ME)).toEqual(['staff:billing']);
    expect(reportFeeds('parts', 'operator', ME)).toEqual(['staff:stock', 'staff:purchasing']);
    expect(reportFeeds('sales', 'master', ME)).toEqual(['staff:crm']);
    expect(reportFeeds('quality', 'admin', ME)).toEqual(['staff:tickets']);
    expect(reportFeeds('operations', 'admin', ME)).toEqual(['staff:orders']);
  });

  it('a seller follows only their own CRM feed, on the sales report; technicians nothing', () => {
    expect(reportFeeds('sales', 'seller', ME)).toEqual([`crm:${ME}`]);
    expect(reportFeeds('revenue', 'seller', ME)).toEqual([]);
    expect(reportFeeds('quality', 'seller', ME)).toEqual([]);
    expect(reportFeeds('operations', 'technician', ME)).toEqual([]);
  });
});

function Live() {
  useReportLive('parts', 'admin', ME);
  return null;
}

describe('useReportLive', () => {
  beforeEach(() => {
    followed.clear();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('a burst of changes on either feed reads the report (and its drill-downs) once', () => {
    const client = new QueryClient();
    const invalidate = vi.spyOn(client, 'invalidateQueries').mockResolvedValue();
    const view = render(
      <QueryClientProvider client={client}>
        <Live />
      </QueryClientProvider>,
    );
    expect([...followed.keys()].sort()).toEqual(['staff:purchasing', 'staff:stock']);
    act(() => {
      followed.get('staff:stock')?.onPublication?.({ type: 'stock.changed' }, 1);
      followed.get('staff:purchasing')?.onPublication?.({ type: 'purchase_order.received' }, 2);
      followed.get('staff:stock')?.onPublication?.({ type: 'stock.changed' }, 3);
    });
    expect(invalidate).not.toHaveBeenCalled();
    act(() => {
      vi.advanceTimersByTime(RELOAD_AFTER_MS);
    });
    expect(invalidate).toHaveBeenCalledTimes(1);
    expect(invalidate).toHaveBeenCalledWith({ queryKey: ['reports', 'parts'] });

    // A later change reads it again; leaving the page cancels a pending read.
    act(() => {
      followed.get('staff:stock')?.onPublication?.({ type: 'stock.changed' }, 4);
    });
    view.unmount();
    act(() => {
      vi.advanceTimersByTime(RELOAD_AFTER_MS * 2);
    });
    expect(invalidate).toHaveBeenCalledTimes(1);
  });
});
