/**
 * Tests for /reports/quality, "Informe de calidad de servicio" (issue 17):
 * the headline, the charts (NPS/CSAT trend, tickets, contacts), the table
 * by period and the survey scores by technician, service type and segment
 * from a fixed response, in Spanish with one decimal and "—" for no value;
 * every figure a link to its records (figure, period, group and the
 * report's filters); the filters sent and the export links; what a seller
 * sees; who may open it.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/auth';
import type { QualityFigures, QualityReport } from '../../api/reports';
import { CUSTOMER_ID, SELLER_ID, master, portalUser, seller, technician } from '../../components/customers/testFixtures';
import { QualityReportPage } from './QualityReportPage';
import { TECH_ID, callsTo, linkTarget, location, renderReport, rowTexts, sizeCharts, target } from './reportTestUtils';

sizeCharts();

const API = '/api/v1/reports/quality';
const RECORDS = '/reports/quality/records';
const RANGE = { from: '2026-11-30', to: '2026-12-13' };

const figures = (over: Partial<QualityFigures>): QualityFigures => ({
  tickets_opened: 0,
  tickets_closed: 0,
  average_response_hours: null,
  average_resolution_hours: null,
  sla_breached: 0,
  sla_compliance_pct: null,
  surveys: 0,
  nps: null,
  csat: null,
  proactive_contacts: 0,
  reactive_contacts: 0,
  ...over,
});

const week1 = figures({
  tickets_opened: 3,
  tickets_closed: 2,
  average_response_hours: 1.5,
  average_resolution_hours: 20.25,
  sla_breached: 1,
  sla_compliance_pct: 66.7,
  surveys: 2,
  nps: 50,
  csat: 4.5,
  proactive_contacts: 4,
  reactive_contacts: 1,
});
const week2 = figures({ tickets_opened: 1, sla_compliance_pct: 100, reactive_contacts: 2 });

const report: QualityReport = {
  ...RANGE,
  granularity: 'week',
  totals: figures({
    tickets_opened: 4,
    tickets_closed: 2,
    average_response_hours: 1.5,
    average_resolution_hours: 20.25,
    sla_breached: 1,
    sla_compliance_pct: 75,
    surveys: 2,
    nps: 50,
    csat: 4.5,
    proactive_contacts: 4,
    reactive_contacts: 3,
  }),
  periods: [
    { start: '2026-11-30', end: '2026-12-06', figures: week1 },
    { start: '2026-12-07', end: '2026-12-13', figures: week2 },
  ],
  by_technician: [{ key: TECH_ID, label: 'Tomás Técnico', surveys: 2, nps: 50, csat: 4.5 }],
  by_service_type: [
    { key: 'type:cambio de filtros', label: 'cambio de filtros', surveys: 1, nps: 100, csat: 5 },
    { key: 'type:ticket:technical_support', label: 'ticket:technical_support', surveys: 1, nps: 0, csat: 4 },
  ],
  by_segment: [
    { key: 'segment:', label: '', surveys: 1, nps: 0, csat: 4 },
    { key: 'segment:Construcción', label: 'Construcción', surveys: 1, nps: 100, csat: 5 },
  ],
};

const setup = (me: User, url = '/reports/quality') => renderReport(me, '/reports/quality', <QualityReportPage />, url, API, report);

describe('QualityReportPage', () => {
  it('shows the headline, charts, periods and scores by group in Spanish', async () => {
    const fetchMock = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: 'Informe de calidad de servicio' })).toBeTruthy();
    expect((await screen.findByTestId('quality-period')).textContent).toBe('Del 30 nov 2026 al 13 dic 2026 · por semana');
    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(within(totals).getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      'Tickets abiertos4',
      'Tickets cerrados2',
      'Primera respuesta media1,5 hDe la apertura a la primera respuesta del equipo',
      'Resolución media20,3 hDe la apertura al cierre',
      'Cumplimiento del SLA75 %Tickets abiertos sin ningún objetivo incumplido',
      'Incumplieron el SLA1',
      'Encuestas2',
      'NPS50% promotores − % detractores',
      'CSAT4,5Satisfacción media, de 1 a 5',
      'Contactos proactivos4',
      'Contactos reactivos3',
    ]);

    const byPeriod = screen.getByRole('table', { name: 'Calidad de servicio por periodo' });
    expect(within(byPeriod).getAllByRole('columnheader').map((h) => h.textContent)).toEqual([
      'Periodo',
      'Tickets abiertos',
      'Tickets cerrados',
      'Primera respuesta media',
      'Resolución media',
      'Cumplimiento del SLA',
      'Incumplieron el SLA',
      'Encuestas',
      'NPS',
      'CSAT',
      'Contactos proactivos',
      'Contactos reactivos',
    ]);
    expect(rowTexts(byPeriod)).toEqual([
      ['Sem. 30 nov 2026', '3', '2', '1,5 h', '20,3 h', '66,7 %', '1', '2', '50', '4,5', '4', '1'],
      ['Sem. 7 dic 2026', '1', '0', '—', '—', '100 %', '0', '0', '—', '—', '0', '2'],
      ['Total', '4', '2', '1,5 h', '20,3 h', '75 %', '1', '2', '50', '4,5', '4', '3'],
    ]);

    expect(rowTexts(screen.getByRole('table', { name: 'Encuestas por técnico' }))).toEqual([['Tomás Técnico', '2', '50', '4,5']]);
    expect(rowTexts(screen.getByRole('table', { name: 'Encuestas por tipo de servicio' }))).toEqual([
      ['Cambio de filtros', '1', '100', '5'],
      ['Ticket: Soporte técnico', '1', '0', '4'],
    ]);
    expect(rowTexts(screen.getByRole('table', { name: 'Encuestas por segmento' }))).toEqual([
      ['Sin segmento', '1', '0', '4'],
      ['Construcción', '1', '100', '5'],
    ]);

    expect(screen.getByRole('img', { name: 'Gráfico de la tendencia de NPS y CSAT por periodo' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gráfico de tickets abiertos y cerrados por periodo' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'Gráfico de contactos proactivos y reactivos por periodo' })).toBeTruthy();
    expect(screen.getByTestId('quality-bar-tickets_opened-2026-11-30')).toBeTruthy();
    expect(screen.getByTestId('quality-bar-proactive_contacts-2026-11-30')).toBeTruthy();
    expect(screen.getByTestId('quality-bar-reactive_contacts-2026-12-07')).toBeTruthy();

    expect(callsTo(fetchMock, API)).toEqual([API]);
    expect(screen.getByRole('link', { name: 'Descargar XLSX' }).getAttribute('href')).toBe(`${API}/export?format=xlsx`);
    expect(screen.getByRole('button', { name: 'Imprimir' })).toBeTruthy();
    expect(document.body.textContent).not.toMatch(/reportsArea|tickets\.types|undefined|NaN/);
  });

  it('every figure links to its records, with its period or group and the report filters', async () => {
    const url = `/reports/quality?granularity=week&customer_id=${CUSTOMER_ID}&seller_id=${SELLER_ID}&technician_id=${TECH_ID}&category=VIP`;
    const fetchMock = setup(master, url);
    await screen.findByTestId('quality-period');
    const sent = `granularity=week&customer_id=${CUSTOMER_ID}&seller_id=${SELLER_ID}&technician_id=${TECH_ID}&category=VIP`;
    expect(callsTo(fetchMock, API)).toEqual([`${API}?${sent}`]);
    const filters = { ...RANGE, granularity: 'week', customer_id: CUSTOMER_ID, seller_id: SELLER_ID, technician_id: TECH_ID, category: 'VIP' };
    const records = (query: Record<string, string>) => ({ path: RECORDS, query: { ...query, ...filters } });

    const totals = screen.getByRole('list', { name: 'Totales del periodo' });
    expect(linkTarget('Tickets abiertos, todo el periodo: 4', totals)).toEqual(records({ figure: 'tickets_opened' }));
    expect(linkTarget('Primera respuesta media, todo el periodo: 1,5 h', totals)).toEqual(records({ figure: 'tickets_opened' }));
    expect(linkTarget('Resolución media, todo el periodo: 20,3 h', totals)).toEqual(records({ figure: 'tickets_closed' }));
    expect(linkTarget('Cumplimiento del SLA, todo el periodo: 75 %', totals)).toEqual(records({ figure: 'tickets_opened' }));
    expect(linkTarget('Incumplieron el SLA, todo el periodo: 1', totals)).toEqual(records({ figure: 'sla_breached' }));
    expect(linkTarget('NPS, todo el periodo: 50', totals)).toEqual(records({ figure: 'surveys' }));
    expect(linkTarget('CSAT, todo el periodo: 4,5', totals)).toEqual(records({ figure: 'surveys' }));
    expect(linkTarget('Contactos proactivos, todo el periodo: 4', totals)).toEqual(records({ figure: 'proactive_contacts' }));
    expect(linkTarget('Contactos reactivos, todo el periodo: 3', totals)).toEqual(records({ figure: 'reactive_contacts' }));

    const week = { start: '2026-11-30', end: '2026-12-06' };
    expect(linkTarget('Tickets cerrados, Sem. 30 nov 2026: 2')).toEqual(records({ figure: 'tickets_closed', ...week }));
    expect(linkTarget('Encuestas, Sem. 30 nov 2026: 2')).toEqual(records({ figure: 'surveys', ...week }));
    // No surveys in the second week: no NPS, nothing to open.
    expect(screen.getByTestId('quality-period-2026-12-07-nps').tagName).toBe('SPAN');
    expect(screen.getByTestId('quality-period-2026-12-07-tickets_closed').tagName).toBe('SPAN');
    expect(linkTarget('Contactos reactivos, Sem. 7 dic 2026: 2')).toEqual(
      records({ figure: 'reactive_contacts', start: '2026-12-07', end: '2026-12-13' }),
    );

    // A group's scores: key = the group's key, as the report gave it.
    expect(linkTarget('NPS, Tomás Técnico: 50')).toEqual(records({ figure: 'surveys', key: TECH_ID, label: 'Tomás Técnico' }));
    expect(linkTarget('Encuestas, Ticket: Soporte técnico: 1')).toEqual(
      records({ figure: 'surveys', key: 'type:ticket:technical_support', label: 'Ticket: Soporte técnico' }),
    );
    expect(linkTarget('CSAT, Sin segmento: 4')).toEqual(records({ figure: 'surveys', key: 'segment:', label: 'Sin segmento' }));
    expect(linkTarget('Encuestas, Construcción: 1')).toEqual(records({ figure: 'surveys', key: 'segment:Construcción', label: 'Construcción' }));

    expect(screen.getByRole('link', { name: 'Descargar CSV' }).getAttribute('href')).toBe(`${API}/export?format=csv&${sent}`);

    fireEvent.click(screen.getByTestId('quality-total-sla_breached'));
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'sla_breached', ...filters });
  });

  it('clicking a bar opens the tickets or contacts of its period', async () => {
    setup(master);
    const bar = await screen.findByTestId('quality-bar-tickets_opened-2026-11-30');
    expect(bar.getAttribute('cursor')).toBe('pointer');
    fireEvent.click(bar);
    await waitFor(() => expect(target(location()).path).toBe(RECORDS));
    expect(target(location()).query).toEqual({ figure: 'tickets_opened', start: '2026-11-30', end: '2026-12-06', ...RANGE });
  });

  it('a seller chooses a technician but not a seller', async () => {
    const fetchMock = setup(seller, `/reports/quality?seller_id=someone-else&technician_id=${TECH_ID}`);
    await screen.findByTestId('quality-period');
    const filters = screen.getByRole('search', { name: 'Filtros del informe' });
    expect(within(filters).queryByRole('textbox', { name: 'Vendedor' })).toBeNull();
    expect(within(filters).getByRole('textbox', { name: 'Técnico' })).toBeTruthy();
    expect(within(filters).getByRole('textbox', { name: 'Cliente' })).toBeTruthy();
    expect(screen.getByText(/Solo ves las cifras de tus clientes\./)).toBeTruthy();
    expect(callsTo(fetchMock, API)).toEqual([`${API}?technician_id=${TECH_ID}`]);
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('refuses %s and asks nothing', async (_who, me) => {
    const fetchMock = setup(me);
    expect(await screen.findByRole('alert')).toBeTruthy();
    expect(screen.queryByRole('search')).toBeNull();
    expect(callsTo(fetchMock, API)).toHaveLength(0);
  });
});
