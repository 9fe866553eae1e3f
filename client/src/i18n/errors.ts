/**
 * Turns anything a request can throw into a friendly, translated sentence.
 * Problem `code`s with a key under `errors.*` get their own message; any
 * other failure falls back to `errors.server_error` (5xx) or `errors.generic`.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { es } from './catalogue';

export type ErrorCode = keyof typeof es.errors;

const KNOWN_CODES: ReadonlySet<string> = new Set(Object.keys(es.errors));

/** The `errors.*` key to show for `error`. */
export function errorCode(error: unknown): ErrorCode {
  if (error instanceof ApiError) {
    if (KNOWN_CODES.has(error.code)) return error.code as ErrorCode;
    if (error.status >= 500) return 'server_error';
  }
  return 'generic';
}

/** Returns a function mapping an error to its message in the current language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t } = useTranslation();
  return useCallback((error: unknown) => t(`errors.${errorCode(error)}`), [t]);
}
