import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ReportSubscription } from '../../api/reportSubscriptions';
import { callsTo, jsonResponse, problemResponse, renderPage, stubFetch } from '../../test/utils';
import { ReportSubscribe } from './ReportSubscribe';

afterEach(() => vi.unstubAllGlobals());

const weekly: ReportSubscription = {
  id: '01a248f6-633a-70fb-ab64-adb7b16b387d',
  report: 'revenue',
  frequency: 'weekly',
  filters: { category: 'Minería' },
  next_run_at: '2026-12-07T11:00:00Z',
  last_sent_at: null,
  created_at: '2026-12-06T01:27:16Z',
};

describe('ReportSubscribe', () => {
  it('subscribes with the page filters but not its dates, and lists and cancels the subscription', async () => {
    let mine: ReportSubscription[] = [];
    const fetchMock = stubFetch({
      'GET /api/v1/reports/subscriptions': () => jsonResponse(200, mine),
      'POST /api/v1/reports/subscriptions': () => {
        mine = [weekly];
        return jsonResponse(201, weekly);
      },
      [`DELETE /api/v1/reports/subscriptions/${weekly.id}`]: () => {
        mine = [];
        return new Response(null, { status: 204 });
      },
    });
    renderPage(
      '/reports/revenue',
      <ReportSubscribe report="revenue" filters={{ from: '2026-11-01', to: '2026-11-30', granularity: 'day', category: 'Minería' }} />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Recibir por correo' }));
    expect(await screen.findByText('Aún no recibes este informe por correo.')).toBeTruthy();
    expect(screen.getByText(/Segmento \(categoría\): Minería/)).toBeTruthy();
    fireEvent.click(screen.getByLabelText('Mensual: el día 1, el mes anterior'));
    fireEvent.click(screen.getByRole('button', { name: 'Suscribirme' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'POST', '/api/v1/reports/subscriptions')).toEqual([
        { report: 'revenue', frequency: 'monthly', filters: { category: 'Minería' } },
      ]),
    );
    expect(await screen.findByRole('table', { name: 'Tus suscripciones a este informe' })).toBeTruthy();
    expect(screen.getByText('Semanal')).toBeTruthy();
    expect(screen.getByText('Todavía no')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cancelar suscripción' }));
    expect(await screen.findByText('Aún no recibes este informe por correo.')).toBeTruthy();
  });

  it('shows why the server refused', async () => {
    stubFetch({
      'GET /api/v1/reports/subscriptions': () => jsonResponse(200, []),
      'POST /api/v1/reports/subscriptions': () => problemResponse(403, 'forbidden'),
    });
    renderPage('/reports/parts', <ReportSubscribe report="parts" filters={{}} />);
    fireEvent.click(screen.getByRole('button', { name: 'Recibir por correo' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Suscribirme' }));
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
    expect(screen.getByText(/Sin filtros/)).toBeTruthy();
  });
});
