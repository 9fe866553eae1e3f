/**
 * Tests for /appointments/:id: the data (the machine from the appointment's
 * own fields), each role's actions, what they invalidate, reminders and errors.
 */
import { fireEvent, render as rtlRender, screen, waitFor, within } from '@testing-library/react';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/auth';
import { createQueryClient } from '../api/queryClient';
import { type Appointment, appointmentsRangeKey, weekWindow } from '../api/schedule';
import { AppProviders } from '../components/AppProviders';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { AppointmentDetailPage } from './AppointmentDetailPage';

const local = (y: number, m: number, d: number, h: number) => new Date(y, m - 1, d, h).toISOString();
const future = new Date().getFullYear() + 1;

const appointment: Appointment = {
  id: 'a1',
  customer_id: 'c1',
  customer_name: 'Minera El Callao',
  equipment_id: 'e1',
  equipment_brand: 'CAT',
  equipment_model: '320D',
  equipment_serial: 'SN1',
  technician_id: 't1',
  technician_name: 'Tomás Técnico',
  starts_at: local(future, 3, 10, 9),
  ends_at: local(future, 3, 10, 11),
  place: 'Obra Norte',
  notes: 'Traer filtros',
  state: 'scheduled',
  proposed_starts_at: null,
  reschedule_comment: '',
  created_by: 'u1',
  created_at: local(2026, 11, 20, 9),
  updated_at: local(2026, 11, 20, 9),
};

const customer: User = { ...sampleUser, role: 'customer', customer_id: 'c1' };
const technician: User = { ...sampleUser, role: 'technician' };

function routes(user: User, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    'GET /api/v1/auth/me': () => jsonResponse(200, user),
    'GET /api/v1/appointments/a1': () => jsonResponse(200, appointment),
    'GET /api/v1/appointments/a1/reminders': () =>
      jsonResponse(200, [
        { id: 'r1', appointment_id: 'a1', offset_minutes: 1440, due_at: local(future, 3, 9, 9), status: 'pending', claimed_by: null, created_at: local(2026, 11, 20, 9), sent_at: null },
        { id: 'r2', appointment_id: 'a1', offset_minutes: 120, due_at: local(future, 3, 10, 7), status: 'dropped', claimed_by: null, created_at: local(2026, 11, 20, 9), sent_at: null },
      ]),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: 't1', name: 'Tomás Técnico', role: 'technician', active: true }, { id: 't2', name: 'Teresa', role: 'technician', active: true }]),
    ...extra,
  };
}

const render = () => renderPage('/appointments/:id', <AppointmentDetailPage />, '/appointments/a1');

describe('AppointmentDetailPage', () => {
  it('shows the appointment and its reminders to staff', async () => {
    stubFetch(routes(sampleUser));
    render();
    expect(await screen.findByText('Minera El Callao')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Cita' })).toBeTruthy();
    expect(screen.getByText('Obra Norte')).toBeTruthy();
    expect(screen.getByText('Traer filtros')).toBeTruthy();
    expect(screen.getByText('CAT 320D (SN1)')).toBeTruthy();
    expect(await screen.findByText('24 horas antes')).toBeTruthy();
    expect(screen.getByText('2 horas antes')).toBeTruthy();
    expect(screen.getByText('Descartado')).toBeTruthy();
    // An operator schedules and completes, but does not respond as a customer.
    expect(screen.getByRole('button', { name: 'Mover cita' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Marcar como realizada' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pedir otro horario' })).toBeNull();
  });

  it('shows the machine to the technician without asking for it', async () => {
    const fetchMock = stubFetch(routes(technician));
    render();
    expect(await screen.findByText('CAT 320D (SN1)')).toBeTruthy();
    expect(fetchMock.mock.calls.filter(([input]) => String(input).startsWith('/api/v1/equipment'))).toHaveLength(0);
  });

  it('shows a dash without a machine', async () => {
    const none = { ...appointment, equipment_id: null, equipment_brand: null, equipment_model: null, equipment_serial: null };
    stubFetch(routes(sampleUser, { 'GET /api/v1/appointments/a1': () => jsonResponse(200, none) }));
    render();
    const label = await screen.findByText('Equipo');
    expect(label.nextElementSibling?.textContent).toBe('—');
  });

  it('an action invalidates every list window but keeps the fresh detail', async () => {
    stubFetch(routes(sampleUser, { 'POST /api/v1/appointments/a1/confirm': () => jsonResponse(200, { ...appointment, state: 'confirmed' }) }));
    const queryClient = createQueryClient();
    const week = appointmentsRangeKey(weekWindow(new Date(2026, 10, 23)));
    const otherWeek = appointmentsRangeKey(weekWindow(new Date(2026, 10, 30)));
    queryClient.setQueryData(week, [appointment]);
    queryClient.setQueryData(otherWeek, []);
    rtlRender(
      <AppProviders queryClient={queryClient}>
        <MemoryRouter initialEntries={['/appointments/a1']}>
          <Routes>
            <Route path="/appointments/:id" element={<AppointmentDetailPage />} />
          </Routes>
        </MemoryRouter>
      </AppProviders>,
    );
    fireEvent.click(await screen.findByRole('button', { name: 'Confirmar' }));
    expect((await screen.findAllByText('Confirmada')).length).toBeGreaterThan(0);
    await waitFor(() => expect(queryClient.getQueryState(week)?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(otherWeek)?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(['appointments', 'a1'])?.isInvalidated).toBe(false);
    expect(queryClient.getQueryData<Appointment>(['appointments', 'a1'])?.state).toBe('confirmed');
  });

  it('lets a customer confirm, without reminders or staff actions', async () => {
    const fetchMock = stubFetch(
      routes(customer, { 'POST /api/v1/appointments/a1/confirm': () => jsonResponse(200, { ...appointment, state: 'confirmed' }) }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: 'Confirmar' }));
    expect((await screen.findAllByText('Confirmada')).length).toBeGreaterThan(0);
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/confirm')).toEqual([{}]);
    expect(screen.queryByText('Recordatorios')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mover cita' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Marcar como realizada' })).toBeNull();
    expect(callsTo(fetchMock, 'GET', '/api/v1/appointments/a1/reminders')).toHaveLength(0);
  });

  it('lets a customer ask for another start time: a request, not a change', async () => {
    const proposed = `${future}-03-12T15:00`;
    const fetchMock = stubFetch(
      routes(customer, {
        'POST /api/v1/appointments/a1/reschedule-request': () =>
          jsonResponse(200, {
            ...appointment,
            state: 'reschedule_requested',
            proposed_starts_at: new Date(proposed).toISOString(),
            reschedule_comment: 'Mejor por la tarde',
          }),
      }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: 'Pedir otro horario' }));
    const form = screen.getByRole('form', { name: 'Pedir otro horario' });
    fireEvent.change(within(form).getByLabelText(/^Nuevo inicio propuesto/), { target: { value: '2000-01-01T10:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Enviar solicitud' }));
    expect(await within(form).findByText('Propón una fecha y hora futura.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Nuevo inicio propuesto/), { target: { value: proposed } });
    fireEvent.change(within(form).getByLabelText(/^Comentario para la oficina/), { target: { value: ' Mejor por la tarde ' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Enviar solicitud' }));
    expect((await screen.findAllByText('Cambio de horario pedido')).length).toBeGreaterThan(0);
    expect(screen.queryByText('Reprogramada')).toBeNull();
    expect(await screen.findByText('Mejor por la tarde')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/reschedule-request')).toEqual([
      { proposed_starts_at: new Date(proposed).toISOString(), comment: 'Mejor por la tarde' },
    ]);
  });

  it('moves the appointment (staff) with a new technician', async () => {
    const fetchMock = stubFetch(
      routes(sampleUser, { 'POST /api/v1/appointments/a1/move': () => jsonResponse(200, { ...appointment, state: 'rescheduled' }) }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: 'Mover cita' }));
    const form = screen.getByRole('form', { name: 'Mover cita' });
    fireEvent.change(within(form).getByLabelText(/^Inicio/), { target: { value: `${future}-03-11T08:00` } });
    fireEvent.change(within(form).getByLabelText(/^Fin/), { target: { value: `${future}-03-11T10:00` } });
    await within(form).findByRole('option', { name: 'Teresa' });
    fireEvent.change(within(form).getByLabelText('Técnico'), { target: { value: 't2' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar nuevo horario' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/move')).toHaveLength(1));
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/move')[0]).toEqual({
      starts_at: new Date(`${future}-03-11T08:00`).toISOString(),
      ends_at: new Date(`${future}-03-11T10:00`).toISOString(),
      technician_id: 't2',
    });
    expect((await screen.findAllByText('Reprogramada')).length).toBeGreaterThan(0);
  });

  it('cancels only after confirming in a dialog', async () => {
    const fetchMock = stubFetch(
      routes(sampleUser, { 'POST /api/v1/appointments/a1/cancel': () => jsonResponse(200, { ...appointment, state: 'cancelled' }) }),
    );
    render();
    fireEvent.click(await screen.findByRole('button', { name: 'Cancelar cita' }));
    const dialog = await screen.findByRole('dialog');
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/cancel')).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sí, cancelar' }));
    expect((await screen.findAllByText('Cancelada')).length).toBeGreaterThan(0);
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/cancel')).toHaveLength(1);
    // A cancelled appointment takes no more actions.
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cancelar cita' })).toBeNull());
  });

  it('lets the technician mark the visit done and reports a refused transition', async () => {
    stubFetch(routes(technician, { 'POST /api/v1/appointments/a1/complete': () => problemResponse(422, 'invalid_transition') }));
    render();
    expect(screen.queryByRole('button', { name: 'Mover cita' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Marcar como realizada' }));
    expect(await screen.findByText(/ya no es posible en el estado actual/)).toBeTruthy();
  });

  describe('a visit Faena proposed (preventive maintenance)', () => {
    const proposed: Appointment = { ...appointment, state: 'proposed', technician_id: null, technician_name: null };
    const withProposal = (user: User, extra: Record<string, (init?: RequestInit) => Response> = {}) =>
      routes(user, { 'GET /api/v1/appointments/a1': () => jsonResponse(200, proposed), ...extra });

    it('lets the customer accept it (confirm) or ask for another time, and never mark it done', async () => {
      const fetchMock = stubFetch(
        withProposal(customer, { 'POST /api/v1/appointments/a1/confirm': () => jsonResponse(200, { ...proposed, state: 'confirmed' }) }),
      );
      render();
      expect((await screen.findAllByText('Propuesta')).length).toBeGreaterThan(0);
      expect(screen.getByText('Visita de mantenimiento propuesta')).toBeTruthy();
      const actions = screen.getByRole('group', { name: 'Acciones de la cita' });
      expect(within(actions).getByRole('button', { name: 'Pedir otro horario' })).toBeTruthy();
      expect(within(actions).queryByRole('button', { name: 'Marcar como realizada' })).toBeNull();
      expect(within(actions).queryByRole('button', { name: 'Confirmar' })).toBeNull();
      fireEvent.click(within(actions).getByRole('button', { name: 'Aceptar la visita' }));
      expect((await screen.findAllByText('Confirmada')).length).toBeGreaterThan(0);
      expect(callsTo(fetchMock, 'POST', '/api/v1/appointments/a1/confirm')).toEqual([{}]);
      expect(screen.queryByRole('button', { name: 'Aceptar la visita' })).toBeNull();
    });

    it('lets the customer ask for another time from the proposal', async () => {
      stubFetch(withProposal(customer));
      render();
      fireEvent.click(await screen.findByRole('button', { name: 'Pedir otro horario' }));
      expect(screen.getByRole('form', { name: 'Pedir otro horario' })).toBeTruthy();
    });

    it('gives the office confirm, move and cancel, but not complete', async () => {
      stubFetch(withProposal(sampleUser));
      render();
      const actions = await screen.findByRole('group', { name: 'Acciones de la cita' });
      expect(within(actions).getByRole('button', { name: 'Confirmar' })).toBeTruthy();
      expect(within(actions).getByRole('button', { name: 'Mover cita' })).toBeTruthy();
      expect(within(actions).getByRole('button', { name: 'Cancelar cita' })).toBeTruthy();
      expect(within(actions).queryByRole('button', { name: 'Marcar como realizada' })).toBeNull();
      expect(within(actions).queryByRole('button', { name: 'Aceptar la visita' })).toBeNull();
      expect(screen.getByText('Sin asignar')).toBeTruthy();
    });

    it('offers a technician nothing to do on it', async () => {
      stubFetch(withProposal(technician));
      render();
      expect((await screen.findAllByText('Propuesta')).length).toBeGreaterThan(0);
      expect(screen.queryByRole('button', { name: 'Marcar como realizada' })).toBeNull();
    });
  });

  it('says when the appointment does not exist', async () => {
    stubFetch({ 'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser) });
    render();
    expect(await screen.findByText('No encontramos esta cita o no tienes acceso a ella.')).toBeTruthy();
  });
});
