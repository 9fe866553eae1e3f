/**
 * Server errors on form fields. The server's problem document names at most
 * one offending `field` (e.g. `ends_at`, `appointment.ends_at`); a form shows
 * the translated problem on that input and keeps everything the user typed.
 */
import { problemField } from '../../api/schedule';
import { useErrorMessage } from '../../i18n/errors';

/**
 * Returns `on(field)` — the message to show on an input when the server
 * blamed that field — and `general` — the message for an alert when the
 * error names none of `fields`.
 */
export function useServerFieldErrors(error: unknown, fields: readonly string[]) {
  const errorMessage = useErrorMessage();
  const field = error ? problemField(error) : null;
  const known = field !== null && fields.includes(field);
  return {
    on: (name: string): string | undefined => (error && known && field === name ? errorMessage(error) : undefined),
    general: error && !known ? errorMessage(error) : null,
  };
}

/** Translated client-side check messages, keyed by field. */
export type ClientErrors = Partial<Record<string, string>>;
