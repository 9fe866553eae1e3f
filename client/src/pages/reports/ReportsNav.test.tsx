/**
 * The "Informes" group of the menu: each role sees the reports it may read
 * (office: all; seller: revenue, operations, sales and service quality;
 * technician: operations — their own productivity; customer contacts:
 * none), gathered under one heading in the shell.
 */
import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Role, User } from '../../api/auth';
import { type ReportName, seesReport } from '../../api/reports';
import { companySettings, master, portalUser, seller, technician } from '../../components/customers/testFixtures';
import { navItemsFor, navSections } from '../../components/nav';
import { jsonResponse, renderApp, sampleUser, stubFetch } from '../../test/utils';

const reportEntries = (role: Role) =>
  navItemsFor(role)
    .filter((i) => i.group === 'reports')
    .map((i) => [i.to, i.labelKey]);

const OFFICE_LINKS = [
  'Informe de ingresos',
  'Informe de operaciones',
  'Informe de repuestos y proveedores',
  'Informe de ventas',
  'Informe de calidad de servicio',
];

describe('the reports in the menu', () => {
  const OFFICE = [
    ['/reports/revenue', 'nav.revenueReport'],
    ['/reports/operations', 'nav.operationsReport'],
    ['/reports/parts', 'nav.partsReport'],
    ['/reports/sales', 'nav.salesReport'],
    ['/reports/quality', 'nav.qualityReport'],
  ];
  it.each([
    ['master', OFFICE],
    ['admin', OFFICE],
    ['operator', OFFICE],
    [
      'seller',
      [
        ['/reports/revenue', 'nav.revenueReport'],
        ['/reports/operations', 'nav.operationsReport'],
        ['/reports/sales', 'nav.salesReport'],
        ['/reports/quality', 'nav.qualityReport'],
      ],
    ],
    ['technician', [['/reports/operations', 'nav.operationsReport']]],
    ['customer', []],
  ] as const)('gives %s the reports it may read', (role, expected) => {
    expect(reportEntries(role)).toEqual(expected);
    // The menu and the pages agree on who reads what.
    for (const [to] of expected) expect(seesReport(to.replace('/reports/', '') as ReportName, role)).toBe(true);
    for (const report of ['revenue', 'operations', 'parts', 'sales', 'quality'] as const)
      expect(seesReport(report, role)).toBe(expected.some(([to]) => to === `/reports/${report}`));
    expect(navItemsFor(role).some((i) => i.to.startsWith('/reports/') && !i.group)).toBe(false);
  });

  it('gathers a group at the place of its first entry', () => {
    const sections = navSections(navItemsFor('master'));
    const reports = sections.filter((s) => s.group === 'reports');
    expect(reports).toHaveLength(1);
    expect(reports[0].items.map((i) => i.to)).toEqual(['/reports/revenue', '/reports/operations', '/reports/parts', '/reports/sales', '/reports/quality']);
    expect(sections.flatMap((s) => s.items)).toEqual(navItemsFor('master'));
  });

  it.each([
    ['an operator', { ...sampleUser, role: 'operator' } as User, OFFICE_LINKS],
    ['a master', master, OFFICE_LINKS],
    ['a seller', seller, ['Informe de ingresos', 'Informe de operaciones', 'Informe de ventas', 'Informe de calidad de servicio']],
    ['a technician', technician, ['Informe de operaciones']],
  ])('shows %s its reports under "Informes"', async (_who, me, links) => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, me),
      'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    });
    renderApp('/account/password');
    const nav = await screen.findByRole('navigation', { name: 'Navegación principal' });
    const group = within(nav).getByRole('group', { name: 'Informes' });
    expect(within(group).getAllByRole('link').map((a) => a.textContent)).toEqual(links);
    expect(within(group).getByRole('link', { name: links[0] }).getAttribute('href')).toMatch(/^\/reports\//);
  });

  it('shows a customer contact no reports', async () => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, portalUser),
      'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    });
    renderApp('/account/password');
    const nav = await screen.findByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).queryByRole('group', { name: 'Informes' })).toBeNull();
    expect(within(nav).queryByRole('link', { name: /^Informe de/ })).toBeNull();
  });
});
