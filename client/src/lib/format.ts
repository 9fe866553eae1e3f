/**
 * Locale-aware formatting shared by every page: money in the company's
 * currency, dates and times, plain numbers. Inputs are the API's strings
 * (decimal money strings, RFC 3339 timestamps); bad input is shown as-is
 * rather than as "NaN".
 *
 * Every time is shown in the **company's time zone** (setting `time_zone`),
 * never the browser's: people read times as the company's clock, and the
 * screens must agree with paper and e-mail. `CompanyTimeZone` (see
 * `components/CompanyTimeZone.tsx`) loads the zone before the app renders
 * and hands it to {@link setCompanyTimeZone}; every formatter here uses it
 * unless given another zone. This file is the only place that may call
 * `toLocale*String` or `Intl.DateTimeFormat` (a unit test scans the sources).
 */

let companyZone: string | undefined;

/** Whether this browser knows the IANA zone `tz`. */
export function isKnownTimeZone(tz: string | null | undefined): tz is string {
  if (!tz) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Sets the zone every formatter uses (an unknown or empty one is ignored: UTC is used then). */
export function setCompanyTimeZone(tz: string | null | undefined): void {
  companyZone = isKnownTimeZone(tz) ? tz : undefined;
}

/**
 * The zone times are shown in: the company's, or UTC while it is unknown
 * (UTC is at least the same on every screen; the browser's zone never is).
 */
export function companyTimeZone(): string {
  return companyZone ?? 'UTC';
}

/** Whether {@link setCompanyTimeZone} was given a usable zone. */
export function hasCompanyTimeZone(): boolean {
  return companyZone !== undefined;
}

function zoneOf(timeZone?: string): string {
  return isKnownTimeZone(timeZone) ? timeZone : companyTimeZone();
}

function parse(iso: string | Date): Date | null {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(d.getTime()) ? null : d;
}

export function formatMoney(amount: string, currency: string, locale: string): string {
  const n = Number(amount);
  if (!Number.isFinite(n)) return `${amount} ${currency}`;
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(n);
  } catch {
    return `${amount} ${currency}`;
  }
}

/** Day and time ("3 dic 2026, 6:18"), in the company's zone unless `timeZone` is given. */
export function formatDateTime(iso: string, locale: string, timeZone?: string): string {
  const d = parse(iso);
  if (!d) return iso;
  return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: zoneOf(timeZone) });
}

/**
 * A short day and time for activity lines ("3 dic, 10:15"), with the year
 * only when it is not the current one, in the company's zone.
 */
export function formatShortDateTime(iso: string, locale: string, timeZone?: string, now: Date = new Date()): string {
  const d = parse(iso);
  if (!d) return iso;
  const tz = zoneOf(timeZone);
  const year = (x: Date) => x.toLocaleDateString('en', { year: 'numeric', timeZone: tz });
  return d.toLocaleString(locale, {
    day: 'numeric',
    month: 'short',
    ...(year(d) === year(now) ? {} : { year: 'numeric' }),
    hour: '2-digit',
    minute: '2-digit',
    timeZone: tz,
  });
}

/** The day of an instant ("3 dic 2026"), as the company's calendar has it. */
export function formatDate(iso: string, locale: string, timeZone?: string): string {
  const d = parse(iso);
  return d ? d.toLocaleDateString(locale, { dateStyle: 'medium', timeZone: zoneOf(timeZone) }) : iso;
}

/** The clock time of an instant ("06:18"), in the company's zone. */
export function formatTime(iso: string, locale: string, timeZone?: string): string {
  const d = parse(iso);
  return d ? d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', timeZone: zoneOf(timeZone) }) : iso;
}

/**
 * A calendar day given as `YYYY-MM-DD` (or a `Date` whose local fields hold
 * it), written with `options` ("jueves, 3 dic"). A day has no zone: it is
 * written as the day it is, whatever the browser's zone.
 */
export function formatCalendarDay(day: string | Date, locale: string, options: Intl.DateTimeFormatOptions): string {
  const key = typeof day === 'string' ? day.slice(0, 10) : localDayKey(day);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(key);
  if (!m) return String(day);
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12));
  return d.toLocaleDateString(locale, { ...options, timeZone: 'UTC' });
}

export function formatNumber(value: number | string, locale: string, maximumFractionDigits = 2): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n) : String(value);
}

// --- wall-clock times in the company's zone ------------------------------------

const pad = (n: number) => String(n).padStart(2, '0');

function localDayKey(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** The company's wall clock at an instant: year, month (1–12), day, hour, minute. */
function wallClock(d: Date, tz: string) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: tz,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(d);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** `YYYY-MM-DD` of the company's calendar day holding the instant. */
export function zonedDayKey(iso: string | Date, timeZone?: string): string {
  const d = parse(iso);
  if (!d) return '';
  const w = wallClock(d, zoneOf(timeZone));
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

/**
 * An instant as the value of an `<input type="datetime-local">`: the
 * company's wall clock (`YYYY-MM-DDTHH:mm`), whatever the browser's zone.
 */
export function toZonedInput(iso: string | Date | null | undefined, timeZone?: string): string {
  if (!iso) return '';
  const d = parse(iso);
  if (!d) return '';
  const w = wallClock(d, zoneOf(timeZone));
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/**
 * A wall-clock time in the company's zone (`YYYY-MM-DDTHH:mm[:ss]`, as a
 * `datetime-local` input gives it) as an RFC 3339 UTC instant; null when
 * empty or invalid.
 */
export function fromZonedInput(value: string, timeZone?: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value.trim());
  if (!m) return null;
  const [y, mo, da, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  const asUtc = Date.UTC(y, mo - 1, da, h, mi, s || 0);
  if (Number.isNaN(asUtc)) return null;
  const tz = zoneOf(timeZone);
  // The zone's offset at that moment; a second pass settles DST changes.
  const offsetAt = (t: number) => {
    const w = wallClock(new Date(t), tz);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - t;
  };
  let t = asUtc - offsetAt(asUtc);
  t = asUtc - offsetAt(t);
  return new Date(t).toISOString();
}
