/**
 * The navigation menu and who may see each entry. New capabilities add their
 * entries here with the roles allowed; the shell shows `navItemsFor(role)`.
 */
import type { Role } from '../api/auth';
import { ROLES } from '../api/auth';
import type es from '../i18n/es.json';

export interface NavItem {
  to: string;
  labelKey: `nav.${keyof typeof es.nav}`;
  roles: readonly Role[];
}

const STAFF_ORDERS: readonly Role[] = ['master', 'admin', 'operator', 'seller'];

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.home', roles: ROLES },
  { to: '/orders', labelKey: 'nav.orders', roles: [...STAFF_ORDERS, 'customer'] },
  { to: '/my-orders', labelKey: 'nav.myOrders', roles: ['technician'] },
  { to: '/tickets', labelKey: 'nav.tickets', roles: ROLES },
  { to: '/customers', labelKey: 'nav.customers', roles: STAFF_ORDERS },
  { to: '/company', labelKey: 'nav.company', roles: ['customer'] },
  { to: '/catalogs', labelKey: 'nav.catalogs', roles: ['master', 'admin', 'operator'] },
  { to: '/settings', labelKey: 'nav.settings', roles: ['master', 'admin'] },
  { to: '/users', labelKey: 'nav.users', roles: ['master'] },
  { to: '/audit', labelKey: 'nav.audit', roles: ['master'] },
  { to: '/account/password', labelKey: 'nav.changePassword', roles: ROLES },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
