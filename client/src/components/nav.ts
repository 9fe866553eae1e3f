/**
 * The navigation menu and who may see each entry. New capabilities add their
 * entries here with the roles allowed; the shell shows `navItemsFor(role)`.
 * Entries of one `group` stand together under its heading ("Informes": the
 * reports, each for the roles that may read it — see `REPORT_ROLES`).
 */
import type { Role } from '../api/auth';
import { ROLES } from '../api/auth';
import { REPORT_ROLES } from '../api/reports';
import type { Catalogue } from '../i18n/catalogue';

export type NavGroup = keyof Catalogue['navGroups'];

export interface NavItem {
  to: string;
  labelKey: `nav.${keyof Catalogue['nav']}`;
  roles: readonly Role[];
  /** The heading the entry stands under, if any (`navGroups.<group>`). */
  group?: NavGroup;
}

const STAFF_ORDERS: readonly Role[] = ['master', 'admin', 'operator', 'seller'];

export const NAV_ITEMS: readonly NavItem[] = [
  { to: '/', labelKey: 'nav.home', roles: ROLES },
  { to: '/orders', labelKey: 'nav.orders', roles: [...STAFF_ORDERS, 'customer'] },
  { to: '/my-orders', labelKey: 'nav.myOrders', roles: ['technician'] },
  { to: '/parts', labelKey: 'nav.parts', roles: ['master', 'admin', 'operator'] },
  { to: '/cash', labelKey: 'nav.cash', roles: ['master', 'admin', 'operator'] },
  { to: '/quotes', labelKey: 'nav.quotes', roles: [...STAFF_ORDERS, 'customer'] },
  { to: '/stock', labelKey: 'nav.stock', roles: ['master', 'admin', 'operator', 'seller', 'technician'] },
  { to: '/stock/reorder', labelKey: 'nav.reorder', roles: ['master', 'admin', 'operator'] },
  { to: '/purchasing/orders', labelKey: 'nav.purchaseOrders', roles: ['master', 'admin', 'operator'] },
  { to: '/purchasing/suppliers', labelKey: 'nav.suppliers', roles: ['master', 'admin', 'operator'] },
  { to: '/purchasing/performance', labelKey: 'nav.supplierPerformance', roles: ['master', 'admin', 'operator'] },
  { to: '/billing/invoices', labelKey: 'nav.invoices', roles: [...STAFF_ORDERS, 'customer'] },
  { to: '/billing/receivables', labelKey: 'nav.receivables', roles: STAFF_ORDERS },
  { to: '/reports/revenue', labelKey: 'nav.revenueReport', roles: REPORT_ROLES.revenue, group: 'reports' },
  { to: '/reports/operations', labelKey: 'nav.operationsReport', roles: REPORT_ROLES.operations, group: 'reports' },
  { to: '/reports/parts', labelKey: 'nav.partsReport', roles: REPORT_ROLES.parts, group: 'reports' },
  { to: '/reports/sales', labelKey: 'nav.salesReport', roles: REPORT_ROLES.sales, group: 'reports' },
  { to: '/reports/quality', labelKey: 'nav.qualityReport', roles: REPORT_ROLES.quality, group: 'reports' },
  { to: '/billing/statement', labelKey: 'nav.statement', roles: ['customer'] },
  { to: '/tickets', labelKey: 'nav.tickets', roles: ROLES },
  { to: '/tickets/sla', labelKey: 'nav.slaCompliance', roles: ['master', 'admin', 'operator'] },
  { to: '/appointments', labelKey: 'nav.appointments', roles: ROLES },
  { to: '/maintenance-requests', labelKey: 'nav.maintenanceRequests', roles: [...STAFF_ORDERS, 'technician', 'customer'] },
  { to: '/maintenance/due-soon', labelKey: 'nav.maintenanceDueSoon', roles: [...STAFF_ORDERS, 'customer'] },
  { to: '/surveys', labelKey: 'nav.surveys', roles: ['master', 'admin', 'operator', 'customer'] },
  { to: '/customers', labelKey: 'nav.customers', roles: STAFF_ORDERS },
  { to: '/customers/at-risk', labelKey: 'nav.customersAtRisk', roles: STAFF_ORDERS },
  { to: '/crm', labelKey: 'nav.crm', roles: STAFF_ORDERS },
  { to: '/crm/dashboard', labelKey: 'nav.crmDashboard', roles: STAFF_ORDERS },
  { to: '/company', labelKey: 'nav.company', roles: ['customer'] },
  { to: '/documents', labelKey: 'nav.documents', roles: ['customer'] },
  { to: '/catalogs', labelKey: 'nav.catalogs', roles: ['master', 'admin', 'operator'] },
  { to: '/settings', labelKey: 'nav.settings', roles: ['master', 'admin'] },
  { to: '/users', labelKey: 'nav.users', roles: ['master'] },
  { to: '/notifications/dead', labelKey: 'nav.deadLetters', roles: ['master', 'admin'] },
  { to: '/audit', labelKey: 'nav.audit', roles: ['master'] },
  { to: '/account/profile', labelKey: 'nav.profile', roles: ROLES },
  { to: '/account/notifications', labelKey: 'nav.notifications', roles: ROLES },
  { to: '/account/password', labelKey: 'nav.changePassword', roles: ROLES },
];

export function navItemsFor(role: Role): NavItem[] {
  return NAV_ITEMS.filter((item) => item.roles.includes(role));
}

/** A run of the menu: one entry, or a group's entries under its heading. */
export type NavSection = { group: null; items: [NavItem] } | { group: NavGroup; items: NavItem[] };

/** `items` in order, the entries of each group gathered at the place of its first one. */
export function navSections(items: readonly NavItem[]): NavSection[] {
  const sections: NavSection[] = [];
  for (const item of items) {
    if (!item.group) {
      sections.push({ group: null, items: [item] });
      continue;
    }
    const section = sections.find((s) => s.group === item.group);
    if (section) section.items.push(item);
    else sections.push({ group: item.group, items: [item] });
  }
  return sections;
}
