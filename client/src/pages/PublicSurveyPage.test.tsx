/** Tests for /s/:token: the public survey link, no sign-in, with all its outcomes. */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PublicSurvey } from '../api/surveys';
import { callsTo, jsonResponse, problemResponse, renderApp, stubFetch } from '../test/utils';

const survey: PublicSurvey = {
  company: 'Servicios Faena SpA',
  subject_type: 'order',
  number: 'OS-000012',
  about: 'Cambio de aceite',
  expires_at: '2026-12-04T11:00:00Z',
  answered: false,
  questions: [],
};

function answer() {
  fireEvent.click(screen.getByRole('radio', { name: '3' }));
  fireEvent.click(screen.getByRole('radio', { name: '2 · Insatisfecho' }));
  fireEvent.click(screen.getByRole('button', { name: 'Enviar respuestas' }));
}

describe('PublicSurveyPage', () => {
  it('shows the company and the order, and thanks after answering', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/public/surveys/tok': () => jsonResponse(200, survey),
      'POST /api/v1/public/surveys/tok': () =>
        jsonResponse(200, { survey_id: 's1', answered_at: '2026-11-21T10:00:00Z', followup_ticket_id: 'tk1' }),
    });
    renderApp('/s/tok');
    expect(await screen.findByText('Servicios Faena SpA')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Encuesta de satisfacción' })).toBeTruthy();
    expect(screen.getByText('Orden de servicio OS-000012')).toBeTruthy();
    expect(screen.getByText('Cambio de aceite')).toBeTruthy();
    answer();
    expect(await screen.findByText(/Recibimos tus respuestas/)).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/public/surveys/tok')).toEqual([{ nps: 3, csat: 2, comment: '' }]);
    // Never asks who the visitor is.
    expect(callsTo(fetchMock, 'GET', '/api/v1/auth/me')).toHaveLength(0);
  });

  it('says thank you when the survey was already answered', async () => {
    stubFetch({ 'GET /api/v1/public/surveys/tok': () => jsonResponse(200, { ...survey, answered: true }) });
    renderApp('/s/tok');
    expect(await screen.findByText('Esta encuesta ya fue respondida. Gracias por tu tiempo.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enviar respuestas' })).toBeNull();
  });

  it('explains an expired survey', async () => {
    stubFetch({ 'GET /api/v1/public/surveys/tok': () => problemResponse(422, 'survey_expired') });
    renderApp('/s/tok');
    expect(await screen.findByText('Encuesta vencida')).toBeTruthy();
  });

  it('explains an invalid link', async () => {
    stubFetch({});
    renderApp('/s/nope');
    expect(await screen.findByText('Enlace no válido')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Enviar respuestas' })).toBeNull();
  });

  it('answered elsewhere meanwhile: thanks instead of an error', async () => {
    stubFetch({
      'GET /api/v1/public/surveys/tok': () => jsonResponse(200, survey),
      'POST /api/v1/public/surveys/tok': () => problemResponse(409, 'survey_answered'),
    });
    renderApp('/s/tok');
    await screen.findByText('Cambio de aceite');
    answer();
    await waitFor(() => expect(screen.getByText('Esta encuesta ya fue respondida. Gracias por tu tiempo.')).toBeTruthy());
  });

  it('works in English', async () => {
    window.localStorage.setItem('faena.language', 'en');
    stubFetch({ 'GET /api/v1/public/surveys/tok': () => jsonResponse(200, survey) });
    const { default: i18n } = await import('../i18n');
    await i18n.changeLanguage('en');
    renderApp('/s/tok');
    expect(await screen.findByText('How likely are you to recommend us? (0 to 10)')).toBeTruthy();
    expect(screen.getByText('Service order OS-000012')).toBeTruthy();
  });
});
