/**
 * Tests for /tickets/sla, "Cumplimiento SLA" (issue 16): the overall figure
 * in Spanish format, the tables by type, priority and assignee ("Sin
 * asignar"), the chart, the period kept in the URL and sent to the API, who
 * may open it, and its route and nav entry.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/auth';
import type { ComplianceFigure, SlaCompliance } from '../api/sla';
import { navItemsFor } from '../components/nav';
import { master, operator, portalUser, renderAs, seller, technician, urlsCalled } from '../components/customers/testFixtures';
import { useLocation } from 'react-router-dom';
import { jsonResponse } from '../test/utils';
import { SlaCompliancePage } from './SlaCompliancePage';

const REPORT = '/api/v1/sla/compliance';

const figure = (key: string | null, over: Partial<ComplianceFigure> = {}): ComplianceFigure => ({
  key,
  label: null,
  tickets: 10,
  resolved: 8,
  response_breached: 1,
  resolution_breached: 0,
  compliance_pct: 90,
  ...over,
});

const report: SlaCompliance = {
  from: '2026-09-04',
  to: '2026-12-03',
  overall: figure(null, { tickets: 40, resolved: 35, response_breached: 2, resolution_breached: 1, compliance_pct: 92.5 }),
  by_type: [
    figure('billing', { compliance_pct: 100, response_breached: 0 }),
    figure('complaint', { tickets: 4, compliance_pct: 75 }),
    figure('suggestion', { tickets: 0, resolved: 0, response_breached: 0, compliance_pct: null }),
  ],
  by_priority: [figure('high', { compliance_pct: 87.5 }), figure('low')],
  by_assignee: [figure('u-ana', { label: 'Ana Pérez' }), figure(null, { tickets: 3, compliance_pct: 66.7 })],
};

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.pathname + location.search}</output>;
}

function setup(me: User, url = '/tickets/sla') {
  return renderAs(
    me,
    '/tickets/sla',
    <>
      <SlaCompliancePage />
      <LocationProbe />
    </>,
    { [`GET ${REPORT}`]: () => jsonResponse(200, report) },
    url,
  ).fetchMock;
}

const rowTexts = (table: HTMLElement) =>
  within(table)
    .getAllByRole('row')
    .slice(1)
    .map((r) => within(r).getAllByRole('cell').map((c) => c.textContent));

describe('SlaCompliancePage', () => {
  it('shows the overall figure, the three tables and the chart', async () => {
    const fetchMock = setup(operator);
    expect(await screen.findByRole('heading', { level: 1, name: 'Cumplimiento SLA' })).toBeTruthy();
    expect((await screen.findByTestId('sla-overall')).textContent).toBe('92,5 % cumplido');
    expect(screen.getByTestId('sla-period').textContent).toBe('Del 4 sept 2026 al 3 dic 2026');
    const figures = screen.getByRole('list', { name: 'Cifras del periodo' });
    expect(within(figures).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Tickets40',
      'Resueltos35',
      'Incumplimientos de primera respuesta2',
      'Incumplimientos de resolución1',
    ]);

    const byType = screen.getByRole('table', { name: 'Cumplimiento por tipo' });
    expect(within(byType).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Tipo',
      'Tickets',
      'Resueltos',
      'Incumpl. 1.ª respuesta',
      'Incumpl. resolución',
      'Cumplimiento',
    ]);
    expect(rowTexts(byType)).toEqual([
      ['Facturación', '10', '8', '0', '0', '100 %'],
      ['Reclamo', '4', '8', '1', '0', '75 %'],
      ['Sugerencia', '0', '0', '0', '0', '—'],
    ]);
    expect(rowTexts(screen.getByRole('table', { name: 'Cumplimiento por prioridad' })).map((r) => [r[0], r[5]])).toEqual([
      ['Alta', '87,5 %'],
      ['Baja', '90 %'],
    ]);
    expect(rowTexts(screen.getByRole('table', { name: 'Cumplimiento por responsable' })).map((r) => [r[0], r[1], r[5]])).toEqual([
      ['Ana Pérez', '10', '90 %'],
      ['Sin asignar', '3', '66,7 %'],
    ]);
    expect(screen.getByTestId('sla-row-assignee-none')).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gráfico de barras del cumplimiento por tipo' })).toBeTruthy();
    // Without dates the server picks the last 90 days.
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith(REPORT))).toEqual([REPORT]);
  });

  it('keeps the period in the URL and sends it to the API', async () => {
    const fetchMock = setup(master, '/tickets/sla?from=2026-01-01&to=2026-03-31&bogus=1');
    await screen.findByTestId('sla-overall');
    expect(urlsCalled(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-03-31`);
    expect((screen.getByLabelText('Desde') as HTMLInputElement).value).toBe('2026-01-01');

    fireEvent.change(screen.getByLabelText('Hasta'), { target: { value: '2026-06-30' } });
    await waitFor(() => expect(urlsCalled(fetchMock)).toContain(`${REPORT}?from=2026-01-01&to=2026-06-30`));
    expect(screen.getByTestId('location').textContent).toBe('/tickets/sla?from=2026-01-01&to=2026-06-30&bogus=1');

    fireEvent.change(screen.getByLabelText('Desde'), { target: { value: '' } });
    await waitFor(() => expect(screen.getByTestId('location').textContent).toBe('/tickets/sla?to=2026-06-30&bogus=1'));
    await waitFor(() => expect(urlsCalled(fetchMock)).toContain(`${REPORT}?to=2026-06-30`));

    // A period that ends before it starts is not sent.
    const before = urlsCalled(fetchMock).length;
    fireEvent.change(screen.getByLabelText('Desde'), { target: { value: '2026-08-01' } });
    expect(await screen.findByText('La fecha «hasta» debe ser igual o posterior a «desde».')).toBeTruthy();
    expect(urlsCalled(fetchMock).slice(before).filter((u) => u.startsWith(REPORT))).toEqual([]);
  });

  it.each([
    ['a seller', seller],
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('%s is refused and nothing is asked', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith(REPORT))).toHaveLength(0);
  });

  it('has a nav entry for the office only', () => {
    for (const role of ['master', 'admin', 'operator'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/tickets/sla' && i.labelKey === 'nav.slaCompliance')).toBe(true);
    }
    for (const role of ['seller', 'technician', 'customer'] as const) {
      expect(navItemsFor(role).some((i) => i.to === '/tickets/sla')).toBe(false);
    }
  });
});
