/**
 * Client-side form checks shared by the account pages. They return i18n keys
 * (under `validation.*`) rather than text so messages follow the language.
 * The server re-validates everything; these only save a round trip.
 */

/** Same rule as the server: at least 8 characters. */
export const MIN_PASSWORD_LENGTH = 8;

export type ValidationKey =
  | 'validation.email_required'
  | 'validation.email_invalid'
  | 'validation.password_required'
  | 'validation.password_too_short'
  | 'validation.passwords_mismatch';

// Deliberately loose: one "@", something on each side, a dot in the domain.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validateEmail(value: string): ValidationKey | null {
  const email = value.trim();
  if (email === '') return 'validation.email_required';
  if (!EMAIL_SHAPE.test(email)) return 'validation.email_invalid';
  return null;
}

export function validateRequiredPassword(value: string): ValidationKey | null {
  return value === '' ? 'validation.password_required' : null;
}

/** Checks a new password and its confirmation. Characters are counted, not UTF-16 units. */
export function validateNewPassword(
  password: string,
  confirmation: string,
): { password: ValidationKey | null; confirmation: ValidationKey | null } {
  return {
    password:
      password === ''
        ? 'validation.password_required'
        : [...password].length < MIN_PASSWORD_LENGTH
          ? 'validation.password_too_short'
          : null,
    confirmation: confirmation !== password ? 'validation.passwords_mismatch' : null,
  };
}
