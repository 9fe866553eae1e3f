/** Tests for the role-dependent navigation table. */
import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

describe('navItemsFor', () => {
  it.each([
    ['master', ['/', '/orders', '/parts', '/cash', '/billing/invoices', '/billing/receivables', '/tickets', '/appointments', '/maintenance-requests', '/surveys', '/customers', '/catalogs', '/settings', '/users', '/notifications/dead', '/audit', '/account/profile', '/account/notifications', '/account/password']],
    ['admin', ['/', '/orders', '/parts', '/cash', '/billing/invoices', '/billing/receivables', '/tickets', '/appointments', '/maintenance-requests', '/surveys', '/customers', '/catalogs', '/settings', '/notifications/dead', '/account/profile', '/account/notifications', '/account/password']],
    ['operator', ['/', '/orders', '/parts', '/cash', '/billing/invoices', '/billing/receivables', '/tickets', '/appointments', '/maintenance-requests', '/surveys', '/customers', '/catalogs', '/account/profile', '/account/notifications', '/account/password']],
    ['seller', ['/', '/orders', '/billing/invoices', '/billing/receivables', '/tickets', '/appointments', '/maintenance-requests', '/customers', '/account/profile', '/account/notifications', '/account/password']],
    ['technician', ['/', '/my-orders', '/tickets', '/appointments', '/maintenance-requests', '/account/profile', '/account/notifications', '/account/password']],
    ['customer', ['/', '/orders', '/billing/invoices', '/billing/statement', '/tickets', '/appointments', '/maintenance-requests', '/surveys', '/company', '/account/profile', '/account/notifications', '/account/password']],
  ] as const)('gives %s its entries', (role, expected) => {
    expect(navItemsFor(role).map((i) => i.to)).toEqual(expected);
  });
});
