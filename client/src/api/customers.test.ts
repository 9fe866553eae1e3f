/** Tests for the customers API helpers: directory URLs, problem fields, typed amounts and hours. */
import { describe, expect, it } from 'vitest';
import { ApiError } from './client';
import { customerInputOf, customersUrl, problemField } from './customers';
import { normalizeMoney, parseWholeNumber } from '../components/customers/formHelpers';
import { andes } from '../components/customers/testFixtures';

describe('customersUrl', () => {
  it('leaves empty filters out and trims the rest', () => {
    expect(customersUrl({ q: '  ', category: '', active: 'true' })).toBe('/api/v1/customers?active=true&limit=50');
    expect(customersUrl({ q: ' Los Andes ', owner_id: 'u1' }, 'next page', 3)).toBe(
      '/api/v1/customers?q=Los+Andes&owner_id=u1&cursor=next+page&limit=3',
    );
  });

  it('sends the advanced filters in a fixed order', () => {
    expect(
      customersUrl({ balance_above: '100.50', has_open_orders: 'true', city: ' Mérida ', category: 'VIP' }),
    ).toBe('/api/v1/customers?category=VIP&city=M%C3%A9rida&has_open_orders=true&balance_above=100.50&limit=50');
  });
});

describe('problemField', () => {
  it('reads the field the server names', () => {
    const error = new ApiError(422, 'invalid_tax_id', { code: 'invalid_tax_id', field: 'tax_id' } as never);
    expect(problemField(error)).toBe('tax_id');
    expect(problemField(new ApiError(422, 'validation_failed', { code: 'validation_failed' }))).toBeUndefined();
    expect(problemField(new Error('x'))).toBeUndefined();
  });
});

describe('customerInputOf', () => {
  it('round-trips a customer as an unchanged PUT body', () => {
    expect(customerInputOf(andes)).toEqual({
      name: andes.name,
      tax_id: andes.tax_id,
      tax_id_country: 'VE',
      category: 'VIP',
      owner_id: andes.owner_id,
      credit_limit: '5000.00',
      email: andes.email,
      phone: andes.phone,
      address: andes.address,
      city: andes.city,
      notes: andes.notes,
    });
  });
});

describe('typed numbers', () => {
  it('normalizes money to a decimal string', () => {
    expect(normalizeMoney('1500')).toBe('1500');
    expect(normalizeMoney(' 1500.50 ')).toBe('1500.50');
    expect(normalizeMoney('1500,5')).toBe('1500.5');
    expect(normalizeMoney('-5')).toBeNull();
    expect(normalizeMoney('1.500,50')).toBeNull();
    expect(normalizeMoney('mucho')).toBeNull();
  });

  it('accepts whole, non-negative hours only', () => {
    expect(parseWholeNumber('150')).toBe(150);
    expect(parseWholeNumber('12.5')).toBeNull();
    expect(parseWholeNumber('-1')).toBeNull();
    expect(parseWholeNumber('')).toBeNull();
  });
});
