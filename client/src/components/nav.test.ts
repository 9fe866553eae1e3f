/** Tests for the role-dependent navigation table. */
import { describe, expect, it } from 'vitest';
import { navItemsFor } from './nav';

describe('navItemsFor', () => {
  it.each([
    ['master', ['/', '/orders', '/parts', '/cash', '/quotes', '/stock', '/stock/reorder', '/purchasing/orders', '/purchasing/suppliers', '/purchasing/performance', '/billing/invoices', '/billing/receivables', '/reports/revenue', '/reports/operations', '/reports/parts', '/reports/sales', '/reports/quality', '/tickets', '/tickets/sla', '/appointments', '/maintenance-requests', '/maintenance/due-soon', '/surveys', '/customers', '/customers/at-risk', '/crm', '/crm/dashboard', '/catalogs', '/settings', '/users', '/notifications/dead', '/audit', '/account/profile', '/account/notifications', '/account/password']],
    ['admin', ['/', '/orders', '/parts', '/cash', '/quotes', '/stock', '/stock/reorder', '/purchasing/orders', '/purchasing/suppliers', '/purchasing/performance', '/billing/invoices', '/billing/receivables', '/reports/revenue', '/reports/operations', '/reports/parts', '/reports/sales', '/reports/quality', '/tickets', '/tickets/sla', '/appointments', '/maintenance-requests', '/maintenance/due-soon', '/surveys', '/customers', '/customers/at-risk', '/crm', '/crm/dashboard', '/catalogs', '/settings', '/notifications/dead', '/account/profile', '/account/notifications', '/account/password']],
    ['operator', ['/', '/orders', '/parts', '/cash', '/quotes', '/stock', '/stock/reorder', '/purchasing/orders', '/purchasing/suppliers', '/purchasing/performance', '/billing/invoices', '/billing/receivables', '/reports/revenue', '/reports/operations', '/reports/parts', '/reports/sales', '/reports/quality', '/tickets', '/tickets/sla', '/appointments', '/maintenance-requests', '/maintenance/due-soon', '/surveys', '/customers', '/customers/at-risk', '/crm', '/crm/dashboard', '/catalogs', '/account/profile', '/account/notifications', '/account/password']],
    ['seller', ['/', '/orders', '/quotes', '/stock', '/billing/invoices', '/billing/receivables', '/reports/revenue', '/reports/operations', '/reports/sales', '/reports/quality', '/tickets', '/appointments', '/maintenance-requests', '/maintenance/due-soon', '/customers', '/customers/at-risk', '/crm', '/crm/dashboard', '/account/profile', '/account/notifications', '/account/password']],
    ['technician', ['/', '/my-orders', '/stock', '/reports/operations', '/tickets', '/appointments', '/maintenance-requests', '/account/profile', '/account/notifications', '/account/password']],
    ['customer', ['/', '/orders', '/quotes', '/billing/invoices', '/billing/statement', '/tickets', '/appointments', '/maintenance-requests', '/maintenance/due-soon', '/surveys', '/company', '/documents', '/account/profile', '/account/notifications', '/account/password']],
  ] as const)('gives %s its entries', (role, expected) => {
    expect(navItemsFor(role).map((i) => i.to)).toEqual(expected);
  });
});
