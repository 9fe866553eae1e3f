/**
 * Reports, live: while a report is open it follows the feeds whose changes
 * move its figures, and reads itself again (with the same filters) when
 * one arrives — an invoice issued or settled on the revenue report, stock
 * consumed or received on the parts report, an opportunity moved on the
 * sales report, a new ticket on the quality report, an order created,
 * assigned or closed on the operations report.
 *
 * A burst of changes (a purchase order received line by line, a batch of
 * invoices) is read once: the first publication schedules the reload
 * {@link RELOAD_AFTER_MS} later and the ones before it fold into it; a
 * report over years takes up to a second on the server.
 *
 * The feeds are the office's (`staff:*`, which the server refuses to other
 * roles) and a seller's own CRM feed (`crm:<id>`). A seller's or a
 * technician's other reports are read when opened and when their filters
 * change (no feed carries only their own figures).
 */
import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useRef } from 'react';
import { isOffice } from '../../api/crm';
import type { Role } from '../../api/generated/Role';
import { type ReportName, reportKeys } from '../../api/reports';
import { useCentrifuge, useSubscription } from '../../realtime/client';

/** How long a reload waits for further changes. */
export const RELOAD_AFTER_MS = 1500;

/** The channels whose publications move `report`'s figures, for this user. */
export function reportFeeds(report: ReportName, role: Role | undefined, userId: string): string[] {
  if (isOffice(role)) {
    switch (report) {
      case 'revenue':
        return ['staff:billing'];
      case 'parts':
        return ['staff:stock', 'staff:purchasing'];
      case 'sales':
        return ['staff:crm'];
      case 'quality':
        return ['staff:tickets'];
      case 'operations':
        return ['staff:orders'];
    }
  }
  if (role === 'seller' && report === 'sales') return [`crm:${userId}`];
  return [];
}

export function useReportLive(report: ReportName, role: Role | undefined, userId: string) {
  const queryClient = useQueryClient();
  const feeds = reportFeeds(report, role, userId);
  const client = useCentrifuge('session', feeds.length > 0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const reload = useCallback(() => {
    if (timer.current !== undefined) return;
    timer.current = setTimeout(() => {
      timer.current = undefined;
      // The report with any filters, and its drill-down lists.
      void queryClient.invalidateQueries({ queryKey: [...reportKeys.all, report] });
    }, RELOAD_AFTER_MS);
  }, [queryClient, report]);
  useEffect(
    () => () => {
      clearTimeout(timer.current);
      timer.current = undefined;
    },
    [],
  );
  // Two at most (a fixed number of hooks).
  useSubscription(client, feeds[0] ?? null, { onPublication: reload });
  useSubscription(client, feeds[1] ?? null, { onPublication: reload });
}
