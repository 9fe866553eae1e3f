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

export function formatDateTime(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

export function formatDate(iso: string, locale: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString(locale, { dateStyle: 'medium' });
}

export function formatNumber(value: number | string, locale: string, maximumFractionDigits = 2): string {
  const n = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(n) ? new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n) : String(value);
}
