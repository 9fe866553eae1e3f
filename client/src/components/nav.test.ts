/** Tests for the role-dependent navigation table. */
import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

describe('navItemsFor', () => {
  it.each([
    ['master', ['/', '/orders', '/tickets', '/customers', '/catalogs', '/settings', '/users', '/audit', '/account/password']],
    ['admin', ['/', '/orders', '/tickets', '/customers', '/catalogs', '/settings', '/account/password']],
    ['operator', ['/', '/orders', '/tickets', '/customers', '/catalogs', '/account/password']],
    ['seller', ['/', '/orders', '/tickets', '/customers', '/account/password']],
    ['technician', ['/', '/my-orders', '/tickets', '/account/password']],
    ['customer', ['/', '/orders', '/tickets', '/company', '/account/password']],
  ] as const)('gives %s its entries', (role, expected) => {
    expect(navItemsFor(role).map((i) => i.to)).toEqual(expected);
  });
});
