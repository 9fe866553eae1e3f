/**
 * Small helpers shared by the customer, contact and equipment forms: client
 * checks that save a round trip (the server re-validates everything), and
 * turning a refused request into a message on the offending field.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { problemField } from '../../api/customers';
import { useErrorMessage } from '../../i18n/errors';

/** Loose e-mail shape (same as the account pages): the server has the last word. */
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmailShaped = (value: string) => EMAIL_SHAPE.test(value.trim());

/**
 * Normalizes a typed amount to the API's decimal string ("1.500,50" is not
 * guessed at: only a single decimal comma is turned into a dot). Returns
 * `null` when it is not a plain non-negative decimal.
 */
export function normalizeMoney(value: string): string | null {
  const v = value.trim().replace(/\s/g, '');
  const dotted = /^\d+,\d+$/.test(v) ? v.replace(',', '.') : v;
  return /^\d+(\.\d+)?$/.test(dotted) ? dotted : null;
}

/** A whole, non-negative number typed in a text field, or `null`. */
export function parseWholeNumber(value: string): number | null {
  const v = value.trim();
  return /^\d{1,12}$/.test(v) ? Number(v) : null;
}

export type FieldErrors = Record<string, string | undefined>;

/**
 * Splits a request failure into a message for one field (when the server's
 * problem names a field this form shows) or a general message.
 */
export function useFailureMessages() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  return useCallback(
    (error: unknown, shownFields: readonly string[]): { field?: string; message: string } => {
      const field = problemField(error);
      const message =
        error instanceof ApiError && error.code === 'validation_failed' && field
          ? t('customersArea.validation.invalidField')
          : errorMessage(error);
      return field && shownFields.includes(field) ? { field, message } : { message };
    },
    [t, errorMessage],
  );
}
