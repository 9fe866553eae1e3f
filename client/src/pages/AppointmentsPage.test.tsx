/**
 * Tests for /appointments: the week calendar asks only for its week (and each
 * week apart), the list view for its window, the machine comes from the
 * appointment itself, booking and errors.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../api/auth';
import type { Appointment } from '../api/schedule';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { AppointmentsPage } from './AppointmentsPage';

const local = (y: number, m: number, d: number, h: number, min = 0) => new Date(y, m - 1, d, h, min).toISOString();

const sampleAppointment: Appointment = {
  id: 'a1',
  customer_id: 'c1',
  customer_name: 'Minera El Callao',
  equipment_id: 'e1',
  equipment_brand: 'CAT',
  equipment_model: '320D',
  equipment_serial: 'SN1',
  technician_id: 't1',
  technician_name: 'Tomás Técnico',
  starts_at: local(2026, 11, 24, 9),
  ends_at: local(2026, 11, 24, 11),
  place: 'Obra Norte',
  notes: 'Traer filtros',
  state: 'scheduled',
  proposed_starts_at: null,
  reschedule_comment: '',
  created_by: 'u1',
  created_at: local(2026, 11, 20, 9),
  updated_at: local(2026, 11, 20, 9),
};

const later: Appointment = {
  ...sampleAppointment,
  id: 'a2',
  customer_name: 'Constructora Andes',
  starts_at: local(2026, 12, 2, 14),
  ends_at: local(2026, 12, 2, 15),
  state: 'confirmed',
  equipment_id: null,
  equipment_brand: null,
  equipment_model: null,
  equipment_serial: null,
};

const technician: User = { ...sampleUser, role: 'technician' };

/** The query of a `GET /api/v1/appointments` URL, encoded as the page sends it. */
const windowQuery = (from: Date, to: Date) =>
  `?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

/**
 * Stubs the API like the server: `GET /appointments` answers only what
 * overlaps [from, to) of its query; every other route goes to `routes`.
 */
function stubServer(table: Record<string, (init?: RequestInit) => Response>, appointments = [sampleAppointment, later]) {
  const fetchMock = stubFetch(table);
  const fallback = fetchMock.getMockImplementation() as (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
  fetchMock.mockImplementation(async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(String(input), 'http://localhost');
    if ((init?.method ?? 'GET') === 'GET' && url.pathname === '/api/v1/appointments' && 'GET /api/v1/appointments' in table) {
      const from = url.searchParams.get('from');
      const to = url.searchParams.get('to');
      return jsonResponse(
        200,
        appointments.filter((a) => (!from || new Date(a.ends_at) > new Date(from)) && (!to || new Date(a.starts_at) < new Date(to))),
      );
    }
    return fallback(input, init);
  });
  return fetchMock;
}

/** The URLs of the appointment lists the page asked for. */
const listRequests = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.map(([input]) => String(input)).filter((u) => u.startsWith('/api/v1/appointments?') || u === '/api/v1/appointments');

afterEach(() => {
  vi.useRealTimers();
});

function routes(user: User, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    'GET /api/v1/auth/me': () => jsonResponse(200, user),
    'GET /api/v1/appointments': () => jsonResponse(200, [sampleAppointment, later]),
    'GET /api/v1/customers': () => jsonResponse(200, { items: [{ id: 'c1', name: 'Minera El Callao' }] }),
    'GET /api/v1/customers/c1/equipment': () =>
      jsonResponse(200, [{ id: 'e1', customer_id: 'c1', brand: 'CAT', model: '320D', serial: 'SN1' }]),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: 't1', name: 'Tomás Técnico', role: 'technician', active: true },
        { id: 'x', name: 'Cliente', role: 'customer', active: true },
        { id: 'o1', name: 'Olga Oficina', role: 'operator', active: true },
      ]),
    ...extra,
  };
}

describe('AppointmentsPage', () => {
  it('asks only for the week shown, with its machine, and moves between weeks', async () => {
    const overnight: Appointment = {
      ...later,
      id: 'a3',
      customer_name: 'Perforadora Sur',
      starts_at: local(2026, 11, 29, 20),
      ends_at: local(2026, 11, 30, 10),
    };
    const fetchMock = stubServer(routes(sampleUser), [sampleAppointment, later, overnight]);
    renderPage('/appointments', <AppointmentsPage />, '/appointments?week=2026-11-23');
    expect(await screen.findByRole('heading', { level: 1, name: 'Citas' })).toBeTruthy();
    const card = (await screen.findByText(/Minera El Callao/)).closest('[data-testid="appointment-card"]') as HTMLElement;
    expect(within(card).getByText(/Tomás Técnico/)).toBeTruthy();
    expect(within(card).getByText('Agendada')).toBeTruthy();
    expect(within(card).getByText('Equipo: CAT 320D (SN1)')).toBeTruthy();
    expect(within(card).getByRole('link').getAttribute('href')).toBe('/appointments/a1');
    expect(screen.queryByText(/Constructora Andes/)).toBeNull();
    const sunday = screen.getByRole('region', { name: /domingo/i });
    expect(within(sunday).getByText(/Perforadora Sur/)).toBeTruthy();
    // Seven day sections.
    expect(within(screen.getByTestId('week-calendar')).getAllByRole('heading', { level: 2 })).toHaveLength(7);
    // Monday 23 Nov (local midnight) to Monday 30 Nov, and nothing else.
    const thisWeek = `/api/v1/appointments${windowQuery(new Date(2026, 10, 23), new Date(2026, 10, 30))}`;
    const nextWeek = `/api/v1/appointments${windowQuery(new Date(2026, 10, 30), new Date(2026, 11, 7))}`;
    expect(listRequests(fetchMock)).toEqual([thisWeek]);
    // The machine comes with the appointment: no request per machine.
    expect(fetchMock.mock.calls.filter(([input]) => String(input).startsWith('/api/v1/equipment'))).toHaveLength(0);

    fireEvent.click(screen.getByRole('button', { name: 'Semana siguiente' }));
    expect(await screen.findByText(/Constructora Andes/)).toBeTruthy();
    expect(screen.queryByText(/Minera El Callao/)).toBeNull();
    expect(listRequests(fetchMock)).toEqual([thisWeek, nextWeek]);
    // The overnight visit that began on Sunday is also shown on Monday.
    const monday = screen.getByRole('region', { name: /lunes/i });
    expect(within(monday).getByText(/Perforadora Sur/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Semana anterior' }));
    expect(await screen.findByText(/Minera El Callao/)).toBeTruthy();
  });

  it('shows the machine to technicians too', async () => {
    const fetchMock = stubServer(routes(technician));
    renderPage('/appointments', <AppointmentsPage />, '/appointments?week=2026-11-23');
    const card = (await screen.findByText(/Minera El Callao/)).closest('[data-testid="appointment-card"]') as HTMLElement;
    expect(within(card).getByText('Equipo: CAT 320D (SN1)')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nueva cita' })).toBeNull();
    expect(fetchMock.mock.calls.filter(([input]) => String(input).startsWith('/api/v1/equipment'))).toHaveLength(0);
  });

  it('lists the last 30 and next 90 days in the list view, filtered by state', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 21, 10, 30));
    const old: Appointment = { ...sampleAppointment, id: 'a0', customer_name: 'Antigua SA', starts_at: local(2026, 1, 5, 9), ends_at: local(2026, 1, 5, 10) };
    const fetchMock = stubServer(routes(sampleUser), [old, sampleAppointment, later]);
    renderPage('/appointments', <AppointmentsPage />, '/appointments?view=list');
    expect(await screen.findByText('Constructora Andes')).toBeTruthy();
    expect(screen.getByText('Minera El Callao')).toBeTruthy();
    expect(screen.queryByText('Antigua SA')).toBeNull();
    expect(listRequests(fetchMock)).toEqual([`/api/v1/appointments${windowQuery(new Date(2026, 9, 22), new Date(2027, 1, 20))}`]);
    expect(screen.getByTestId('list-window').textContent).toMatch(/30 días/);
    // The machine column: brand model (serial), or a dash without one.
    const row = screen.getByText('Minera El Callao').closest('tr') as HTMLElement;
    expect(within(row).getByText('CAT 320D (SN1)')).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Estado'), { target: { value: 'confirmed' } });
    expect(screen.queryByText('Minera El Callao')).toBeNull();
    expect(screen.getByText('Constructora Andes')).toBeTruthy();
  });

  it('lists and filters visits Faena proposed (state proposed)', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date(2026, 10, 21, 10, 30));
    const proposal: Appointment = { ...later, id: 'a3', customer_name: 'Minera Proposal SA', state: 'proposed', technician_id: null, technician_name: null };
    stubServer(routes(sampleUser), [sampleAppointment, proposal]);
    renderPage('/appointments', <AppointmentsPage />, '/appointments?view=list');
    expect(await screen.findByText('Minera Proposal SA')).toBeTruthy();
    const row = screen.getByText('Minera Proposal SA').closest('tr') as HTMLElement;
    expect(within(row).getByText('Propuesta')).toBeTruthy();
    expect(within(screen.getByLabelText('Estado')).getByRole('option', { name: 'Propuesta' })).toBeTruthy();
    fireEvent.change(screen.getByLabelText('Estado'), { target: { value: 'proposed' } });
    expect(screen.queryByText('Minera El Callao')).toBeNull();
    expect(screen.getByText('Minera Proposal SA')).toBeTruthy();
  });

  it('says when the server cut the list at its limit', async () => {
    // 500 rows (the server's cap), answered as is; none in the week shown, to keep the test fast.
    const many = Array.from({ length: 500 }, (_, i) => ({ ...later, id: `m${i}`, starts_at: local(2020, 1, 6, 9), ends_at: local(2020, 1, 6, 10) }));
    stubFetch(routes(sampleUser, { 'GET /api/v1/appointments': () => jsonResponse(200, many) }));
    renderPage('/appointments', <AppointmentsPage />, '/appointments?week=2026-11-23');
    expect(await screen.findByText('Se muestran solo las primeras 500 citas de este periodo.')).toBeTruthy();
  });

  it('books an appointment after checking the times locally', async () => {
    const created = { ...sampleAppointment, id: 'new1' };
    const fetchMock = stubServer(routes(sampleUser, { 'POST /api/v1/appointments': () => jsonResponse(201, created) }));
    renderPage('/appointments', <AppointmentsPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva cita' }));
    const form = screen.getByRole('form', { name: 'Nueva cita' });
    await within(form).findByRole('option', { name: 'Minera El Callao' });
    fireEvent.change(within(form).getByLabelText(/^Cliente/), { target: { value: 'c1' } });
    await within(form).findByRole('option', { name: 'CAT 320D (SN1)' });
    fireEvent.change(within(form).getByLabelText('Equipo'), { target: { value: 'e1' } });
    await within(form).findByRole('option', { name: /Tomás Técnico/ });
    expect(within(form).queryByRole('option', { name: /Cliente \(/ })).toBeNull();
    // The technician picker offers technicians only, and asks the server for them.
    expect(within(form).queryByRole('option', { name: /Olga Oficina/ })).toBeNull();
    expect(fetchMock.mock.calls.some(([u]) => String(u) === '/api/v1/users?role=technician&active=true')).toBe(true);
    fireEvent.change(within(form).getByLabelText('Técnico'), { target: { value: 't1' } });
    fireEvent.change(within(form).getByLabelText(/^Inicio/), { target: { value: '2026-11-24T10:00' } });
    fireEvent.change(within(form).getByLabelText(/^Fin/), { target: { value: '2026-11-24T09:00' } });
    fireEvent.change(within(form).getByLabelText('Lugar'), { target: { value: 'Obra Norte' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Agendar cita' }));
    expect(await within(form).findByText('El fin debe ser posterior al inicio.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/^Fin/), { target: { value: '2026-11-24T12:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Agendar cita' }));
    await waitFor(() => expect(screen.getByText('elsewhere')).toBeTruthy());
    expect(callsTo(fetchMock, 'POST', '/api/v1/appointments')).toEqual([
      {
        customer_id: 'c1',
        equipment_id: 'e1',
        technician_id: 't1',
        starts_at: new Date(2026, 10, 24, 10).toISOString(),
        ends_at: new Date(2026, 10, 24, 12).toISOString(),
        place: 'Obra Norte',
        notes: '',
      },
    ]);
  });

  it('shows a server field error on its input and keeps what was typed', async () => {
    stubFetch(
      routes(sampleUser, {
        'POST /api/v1/appointments': () =>
          new Response(JSON.stringify({ status: 404, code: 'not_found', detail: 'technician not found', field: 'technician_id' }), {
            status: 404,
            headers: { 'Content-Type': 'application/problem+json' },
          }),
      }),
    );
    renderPage('/appointments', <AppointmentsPage />);
    fireEvent.click(await screen.findByRole('button', { name: 'Nueva cita' }));
    const form = screen.getByRole('form', { name: 'Nueva cita' });
    await within(form).findByRole('option', { name: 'Minera El Callao' });
    fireEvent.change(within(form).getByLabelText(/^Cliente/), { target: { value: 'c1' } });
    fireEvent.change(within(form).getByLabelText('Lugar'), { target: { value: 'Patio 3' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Agendar cita' }));
    expect(await within(form).findByText('No encontramos lo que buscas.')).toBeTruthy();
    expect((within(form).getByLabelText('Lugar') as HTMLInputElement).value).toBe('Patio 3');
  });

  it('customers and technicians cannot book', async () => {
    stubFetch(routes({ ...sampleUser, role: 'customer', customer_id: 'c1' }));
    renderPage('/appointments', <AppointmentsPage />, '/appointments?week=2026-11-23');
    expect(await screen.findByText(/Minera El Callao/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nueva cita' })).toBeNull();
  });

  it('shows a translated error when the list fails', async () => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser),
      'GET /api/v1/appointments': () => problemResponse(403, 'forbidden'),
    });
    renderPage('/appointments', <AppointmentsPage />);
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
  });
});
