/**
 * Calendar days (`YYYY-MM-DD`, the API's `NaiveDate`: the day a payment was
 * received, the last day of a warranty). A day has no time zone: parsing it
 * with `new Date()` gives UTC midnight, which the browser then shows as the
 * previous day anywhere west of Greenwich. Format it as the day it is.
 */
export function formatDay(day: string, locale: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day.slice(0, 10));
  if (!m) return day;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toLocaleDateString(locale, { dateStyle: 'medium', timeZone: 'UTC' });
}
