/**
 * Maps a server refusal onto a form field: when the problem document names
 * the offending `field`, the form shows the message on that input instead of
 * (only) in a banner. A bare `validation_failed` gets a field-specific hint
 * when the caller has one, since "some data is invalid" is no help next to
 * the very input that is wrong.
 */
import type { TFunction } from 'i18next';
import { problemField } from '../../api/admin';
import { errorCode } from '../../i18n/errors';

export function serverFieldError(
  error: unknown,
  field: string,
  t: TFunction,
  hint?: string,
): string | undefined {
  if (problemField(error) !== field) return undefined;
  const code = errorCode(error);
  if (code === 'validation_failed' || code === 'generic') return hint ?? t('adminArea.invalidField');
  return t(`errors.${code}`);
}
