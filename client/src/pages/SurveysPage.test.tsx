/** Tests for /surveys: customers answer pending surveys; the office reads NPS/CSAT results. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/auth';
import type { Survey, SurveyMetrics } from '../api/surveys';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { SurveysPage } from './SurveysPage';

const customer: User = { ...sampleUser, role: 'customer', customer_id: 'c1' };

const survey: Survey = {
  id: 's1',
  order_id: 'o1',
  ticket_id: null,
  customer_id: 'c1',
  number: 'OS-000012',
  about: 'Cambio de aceite',
  created_at: '2026-11-20T10:00:00Z',
  invite_at: '2026-11-20T11:00:00Z',
  expires_at: '2026-12-04T11:00:00Z',
  answered_at: null,
  nps: null,
  csat: null,
  comment: '',
  followup_ticket_id: null,
};

const score = { responses: 4, promoters: 2, passives: 1, detractors: 1, nps: 25, csat_average: 3.75 };
const metrics = (group: 'period' | 'technician' | 'service_type'): SurveyMetrics => ({
  from: '2025-11-20T00:00:00Z',
  to: '2026-11-21T00:00:00Z',
  group_by: group,
  total: score,
  groups:
    group === 'period'
      ? [{ key: '2026-11', label: '2026-11', ...score }]
      : group === 'technician'
        ? [{ key: 't1', label: 'Tomás Técnico', ...score }]
        : [
            { key: 'cambio de aceite', label: 'cambio de aceite', ...score },
            { key: 'ticket:complaint', label: 'ticket:complaint', responses: 0, promoters: 0, passives: 0, detractors: 0, nps: null, csat_average: null },
          ],
});

describe('SurveysPage', () => {
  it('a customer answers a pending survey', async () => {
    let pending = [survey];
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, customer),
      'GET /api/v1/surveys/pending': () => jsonResponse(200, pending),
      'POST /api/v1/surveys/s1/answer': () => {
        pending = [];
        return jsonResponse(200, { survey_id: 's1', answered_at: '2026-11-21T10:00:00Z', followup_ticket_id: null });
      },
    });
    renderPage('/surveys', <SurveysPage />);
    const card = (await screen.findByRole('heading', { name: 'Orden de servicio OS-000012' })).closest('section') as HTMLElement;
    expect(within(card).getByText('Cambio de aceite')).toBeTruthy();
    expect(within(card).getByRole('link', { name: 'Ver el servicio' }).getAttribute('href')).toBe('/orders/o1');
    // Eleven NPS options and five CSAT options, as radio buttons.
    expect(within(card).getAllByRole('radio')).toHaveLength(16);

    fireEvent.click(within(card).getByRole('button', { name: 'Enviar respuestas' }));
    expect(await within(card).findByText('Elige un número del 0 al 10.')).toBeTruthy();
    expect(within(card).getByText('Elige un número del 1 al 5.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/surveys/s1/answer')).toHaveLength(0);

    fireEvent.click(within(card).getByRole('radio', { name: '9' }));
    fireEvent.click(within(card).getByRole('radio', { name: '4 · Satisfecho' }));
    fireEvent.change(within(card).getByLabelText(/^¿Algo que quieras contarnos/), { target: { value: ' Muy bien ' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Enviar respuestas' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/surveys/s1/answer')).toEqual([{ nps: 9, csat: 4, comment: 'Muy bien' }]));
    expect(await screen.findByText('No tienes encuestas pendientes. ¡Gracias!')).toBeTruthy();
  });

  it('keeps the answers and explains a server refusal', async () => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, customer),
      'GET /api/v1/surveys/pending': () => jsonResponse(200, [survey]),
      'POST /api/v1/surveys/s1/answer': () => problemResponse(500, 'internal'),
    });
    renderPage('/surveys', <SurveysPage />);
    const nine = await screen.findByRole('radio', { name: '9' });
    fireEvent.click(nine);
    fireEvent.click(screen.getByRole('radio', { name: '5 · Muy satisfecho' }));
    fireEvent.click(screen.getByRole('button', { name: 'Enviar respuestas' }));
    expect(await screen.findByText('Ocurrió un error en el servidor. Inténtalo más tarde.')).toBeTruthy();
    expect((screen.getByRole('radio', { name: '9' }) as HTMLInputElement).checked).toBe(true);
  });

  it('the office sees NPS and CSAT per month, technician and service type', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, { ...sampleUser, role: 'admin' }),
      'GET /api/v1/surveys/metrics': (init) => {
        void init;
        const url = fetchMock.mock.calls.at(-1)?.[0] as string;
        const group = new URL(url, 'http://x').searchParams.get('group_by') as 'period';
        return jsonResponse(200, metrics(group));
      },
    });
    renderPage('/surveys', <SurveysPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Resultados de las encuestas' })).toBeTruthy();
    expect(await screen.findByText('noviembre de 2026')).toBeTruthy();
    expect(screen.getByTestId('total-nps').textContent).toBe('25');
    const table = screen.getByRole('table');
    expect(within(table).getByText('3,75')).toBeTruthy();

    fireEvent.click(screen.getByRole('radio', { name: 'Técnico' }));
    expect(await screen.findByText('Tomás Técnico')).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Tipo de servicio' }));
    expect(await screen.findByText('cambio de aceite')).toBeTruthy();
    expect(screen.getByText('Ticket: Reclamo')).toBeTruthy();
    const urls = fetchMock.mock.calls.map(([u]) => String(u)).filter((u) => u.includes('metrics'));
    expect(urls).toContain('/api/v1/surveys/metrics?group_by=technician');
    expect(urls).toContain('/api/v1/surveys/metrics?group_by=service_type');
  });

  it('sends the chosen date range (end day inclusive)', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, { ...sampleUser, role: 'operator' }),
      'GET /api/v1/surveys/metrics': () => jsonResponse(200, metrics('period')),
    });
    renderPage('/surveys', <SurveysPage />);
    await screen.findByText('noviembre de 2026');
    fireEvent.change(screen.getByLabelText('Desde'), { target: { value: '2026-01-01' } });
    fireEvent.change(screen.getByLabelText('Hasta'), { target: { value: '2026-01-31' } });
    const expected = `/api/v1/surveys/metrics?${new URLSearchParams({
      group_by: 'period',
      from: new Date(2026, 0, 1).toISOString(),
      to: new Date(2026, 1, 1).toISOString(),
    }).toString()}`;
    await waitFor(() => expect(fetchMock.mock.calls.map(([u]) => String(u))).toContain(expected));
    fireEvent.change(screen.getByLabelText('Desde'), { target: { value: '2026-03-01' } });
    expect(await screen.findByText('La fecha final debe ser posterior a la inicial.')).toBeTruthy();
  });

  it('other roles are told the page is not for them', async () => {
    stubFetch({ 'GET /api/v1/auth/me': () => jsonResponse(200, { ...sampleUser, role: 'technician' }) });
    renderPage('/surveys', <SurveysPage />);
    expect(await screen.findByText(/Las encuestas las responden los clientes/)).toBeTruthy();
  });
});
