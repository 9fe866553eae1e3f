/**
 * A report's filters: read from the URL into typed values, kept in local
 * state, and mirrored back to the URL.
 *
 * Why local state: React Router applies a URL change inside a React
 * transition, so a field bound to the URL lags the keystroke (the
 * controlled input is drawn once more with the old value) and a second
 * change made before the first one lands is computed from the stale URL and
 * drops the first (`setSearchParams(cur => …)` gets the render's params,
 * not the latest). Here the fields read the local values (`filters`), which
 * change at once; each change writes every filter to the URL (`replace`,
 * so the history is not filled with keystrokes) and remembers what it
 * wrote. When the URL arrives it is recognised as our own write and
 * ignored; any other URL (a link to the report with other filters, back and
 * forward) is adopted.
 *
 * The report is asked with `applied`: the filters once the URL holds them.
 * So whatever the page shows, the address bar already says (a link copied
 * then, or a test reading the URL after the report came, sees the same
 * filters); it follows the fields by one render.
 *
 * Values the URL holds that are not valid (a day that is not a day, an
 * unknown grouping) are ignored and dropped from the URL at the next change.
 * Parameters that are not filters are kept.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { GRANULARITIES, type Granularity, REPORT_FILTER_KEYS, type ReportFilterKey, type ReportFilters } from '../../api/reports';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The filters in `params`; a day that is not a day, or an unknown grouping, is ignored. */
export function readReportFilters(params: URLSearchParams): ReportFilters {
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : undefined;
  };
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const g = params.get('granularity');
  return {
    from: day('from'),
    to: day('to'),
    granularity: (GRANULARITIES as readonly string[]).includes(g ?? '') ? (g as Granularity) : undefined,
    customer_id: text('customer_id'),
    seller_id: text('seller_id'),
    technician_id: text('technician_id'),
    category: text('category'),
  };
}

/** `params` with every filter set to `filters` (unset ones removed); other parameters kept. */
export function writeReportFilters(params: URLSearchParams, filters: ReportFilters): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of REPORT_FILTER_KEYS) {
    const v = filters[key]?.trim();
    if (v) next.set(key, v);
    else next.delete(key);
  }
  return next;
}

/** One string per set of filters, to compare them. */
export function filtersKey(filters: ReportFilters): string {
  return REPORT_FILTER_KEYS.map((k) => `${k}=${filters[k]?.trim() ?? ''}`).join('&');
}

/** A change: a value sets the filter, `null`/`undefined`/'' clears it. */
export type ReportFilterChanges = Partial<Record<ReportFilterKey, string | null | undefined>>;

function apply(filters: ReportFilters, changes: ReportFilterChanges): ReportFilters {
  const next: Record<string, string | undefined> = { ...filters };
  for (const [key, value] of Object.entries(changes)) next[key] = value?.trim() ? value : undefined;
  // Through the reader, so only valid values are kept (as the URL would give them).
  return readReportFilters(writeReportFilters(new URLSearchParams(), next as ReportFilters));
}

export interface ReportFiltersState {
  /** The filters the fields show (local: they change at once). */
  filters: ReportFilters;
  /** The filters the URL holds: the ones to ask the report with. */
  applied: ReportFilters;
  /** Changes some filters; the URL follows. */
  setFilters: (changes: ReportFilterChanges) => void;
}

export function useReportFilters(): ReportFiltersState {
  const [params, setParams] = useSearchParams();
  const fromUrl = useMemo(() => readReportFilters(params), [params]);
  const urlKey = filtersKey(fromUrl);
  // The same object while the filters in the URL stay the same (other parameters may change).
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const applied = useMemo(() => fromUrl, [urlKey]);
  const [filters, setLocal] = useState(fromUrl);
  // The latest filters, for changes made back to back before a render.
  const latest = useRef(filters);
  // What we wrote to the URL and has not arrived yet, oldest first.
  const pending = useRef<string[]>([]);
  // The router's setter changes with every URL; the callback below stays the same.
  const setParamsRef = useRef(setParams);
  setParamsRef.current = setParams;

  useEffect(() => {
    const ours = pending.current.indexOf(urlKey);
    if (ours >= 0) {
      // One of our writes landed (and the ones before it, if React skipped them).
      pending.current = pending.current.slice(ours + 1);
      return;
    }
    pending.current = [];
    if (urlKey === filtersKey(latest.current)) return;
    // Someone else changed the URL: a link, back or forward.
    latest.current = fromUrl;
    setLocal(fromUrl);
    // `fromUrl` changes exactly when `urlKey` does.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [urlKey]);

  const setFilters = useCallback((changes: ReportFilterChanges) => {
    const next = apply(latest.current, changes);
    const key = filtersKey(next);
    if (key === filtersKey(latest.current)) return;
    latest.current = next;
    setLocal(next);
    pending.current.push(key);
    setParamsRef.current((cur) => writeReportFilters(cur, next), { replace: true });
  }, []);

  return { filters, applied, setFilters };
}
