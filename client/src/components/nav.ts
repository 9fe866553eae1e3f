/**
 * The navigation menu and who may see each entry. New capabilities add their
 * entries here with the roles allowed; the shell shows `navItemsFor(role)`.
 */
import { ROLES, type Role } from '../api/auth';

export interface NavItem {
  to: string;
  labelKey: 'nav.home' | 'nav.changePassword';
  roles: readonly Role[];
}

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.home', roles: ROLES },
  { to: '/account/password', labelKey: 'nav.changePassword', roles: ROLES },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}
