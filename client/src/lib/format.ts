/**
 * Locale-aware formatting shared by every page: money in the company's
 * currency, dates and times, plain numbers. Inputs are the API's strings
 * (decimal money strings, RFC 3339 timestamps); bad input is shown as-is
 * rather than as "NaN".
 */

export function formatMoney(amount: string, currency: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${amount} ${currency}`;
  }
}

/**
 * `timeZone` is the company's (setting `time_zone`, see `useCompanyTimeZone`):
 * people read times as the company's clock, not their browser's. An unknown
 * zone falls back to the browser's rather than failing.
 */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', ...zone(timeZone) });
}

/**
 * A short day and time for activity lines ("3 dic, 10:15"), with the year
 * only when it is not the current one, in the company's `timeZone`.
 */
export function formatShortDateTime(iso: string, locale: string, timeZone?: string, now: Date = new Date()): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const tz = zone(timeZone);
  const year = (x: Date) => x.toLocaleDateString('en', { year: 'numeric', ...tz });
  return d.toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    ...(year(d) === year(now) ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    ...tz,
  });
}

/** `{ timeZone }` when the zone is known to this browser, else nothing. */
function zone(timeZone?: string): { timeZone?: string } {
  if (!timeZone) return {};
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return { timeZone };
  } catch {
    return {};
  }
}

export function formatDate(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(locale, { dateStyle: 'medium' });
}

export function formatNumber(value: number | string, locale: string, maximumFractionDigits = 2): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n) : String(value);
}
