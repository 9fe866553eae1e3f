/** Tests for the client-side form checks. */
import { describe, expect, it } from 'vitest';
import { validateEmail, validateNewPassword, validateRequiredPassword } from './validation';

describe('validateEmail', () => {
  it('accepts ordinary addresses, trimming spaces', () => {
    expect(validateEmail(' ana@example.com ')).toBeNull();
  });
  it('flags empty and malformed addresses', () => {
    expect(validateEmail('  ')).toBe('validation.email_required');
    expect(validateEmail('ana@')).toBe('validation.email_invalid');
    expect(validateEmail('ana example.com')).toBe('validation.email_invalid');
  });
});

describe('validateNewPassword', () => {
  it('requires at least 8 characters', () => {
    expect(validateNewPassword('', '').password).toBe('validation.password_required');
    expect(validateNewPassword('1234567', '1234567').password).toBe('validation.password_too_short');
    expect(validateNewPassword('12345678', '12345678')).toEqual({ password: null, confirmation: null });
  });
  it('counts characters, not UTF-16 code units', () => {
    expect(validateNewPassword('🔧🔧🔧🔧', '🔧🔧🔧🔧').password).toBe('validation.password_too_short');
  });
  it('requires the confirmation to match', () => {
    expect(validateNewPassword('correct horse', 'correct hose').confirmation).toBe('validation.passwords_mismatch');
  });
});

describe('validateRequiredPassword', () => {
  it('only checks presence', () => {
    expect(validateRequiredPassword('')).toBe('validation.password_required');
    expect(validateRequiredPassword('x')).toBeNull();
  });
});
