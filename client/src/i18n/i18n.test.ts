/** Tests that the catalogues stay in step and the language choice persists. */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { ROLES } from '../api/auth';
import { en, es } from './catalogue';
import { errorCode } from './errors';
import i18n, { LANGUAGE_STORAGE_KEY, setLanguage } from './index';

function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

describe('catalogues', () => {
  it('Spanish and English define exactly the same keys', () => {
    expect(keys(en).sort()).toEqual(keys(es).sort());
  });

  it('has no empty strings', () => {
    for (const catalogue of [es, en]) {
      const walk = (tree: object): void =>
        Object.values(tree).forEach((v) => (typeof v === 'string' ? expect(v.trim()).not.toBe('') : walk(v)));
      walk(catalogue);
    }
  });

  it('names every role', () => {
    for (const role of ROLES) expect(es.roles[role]).toBeTruthy();
  });

  it('the server error codes of the auth API all have messages', () => {
    for (const code of ['invalid_credentials', 'too_many_attempts', 'account_disabled', 'validation_failed',
      'unauthenticated', 'weak_password', 'invalid_token', 'cross_site_request']) {
      expect(errorCode(new ApiError(400, code))).toBe(code);
    }
  });

  it('unknown codes fall back to a generic message (or server_error for 5xx)', () => {
    expect(errorCode(new ApiError(409, 'something_new'))).toBe('generic');
    expect(errorCode(new ApiError(503, 'something_new'))).toBe('server_error');
    expect(errorCode(new Error('boom'))).toBe('generic');
  });
});

describe('language', () => {
  it('defaults to Spanish', () => {
    expect(i18n.language).toBe('es');
    expect(i18n.t('login.remember')).toBe('Mantener sesión iniciada');
  });

  it('switching to English translates, persists and sets <html lang>', async () => {
    await setLanguage('en');
    expect(i18n.t('login.remember')).toBe('Keep me signed in');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
  });
});
