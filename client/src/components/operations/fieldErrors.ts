/**
 * Server field errors for forms. A 4xx problem document may name the
 * offending input in `field` (see `AppError::field` on the server, e.g.
 * `tax_id`, `service_value`, `customer_id`); forms show the translated
 * message on that input instead of only above the button.
 */
import { problemField } from '../../api/client';

export { problemField };

/** True when `error` blames one of `names` (with or without a prefix such as `customer.`). */
export function blames(error: unknown, ...names: string[]): boolean {
  const field = problemField(error);
  if (!field) return false;
  const last = field.split('.').pop() ?? field;
  return names.includes(field) || names.includes(last);
}

/** Decimal string as the server accepts money: digits, optional dot and decimals, not negative. */
export const MONEY_SHAPE = /^\d+(\.\d+)?$/;
/** A positive decimal quantity with at most 3 decimals. */
export const QUANTITY_SHAPE = /^\d+(\.\d{1,3})?$/;

/** Normalises "1.500,50"-style typing a little: a lone comma becomes the decimal dot. */
export function normaliseDecimal(value: string): string {
  const v = value.trim();
  return v.includes(',') && !v.includes('.') ? v.replace(',', '.') : v;
}
