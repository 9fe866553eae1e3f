/**
 * Tests for /maintenance-requests: a customer files one with photos; staff
 * filter the inbox on the server, triage and convert; rows and the detail
 * show the machine and assignee the request carries (no lookups).
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/auth';
import type { MaintenanceRequest, RequestView } from '../api/schedule';
import { callsTo, jsonResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { MaintenanceRequestsPage } from './MaintenanceRequestsPage';

const customer: User = { ...sampleUser, role: 'customer', customer_id: 'c1' };
const machine = { id: 'e1', customer_id: 'c1', brand: 'CAT', model: '320D', serial: 'SN1' };

const request: RequestView = {
  id: 'r1',
  customer_id: 'c1',
  customer_name: 'Minera El Callao',
  equipment_id: 'e1',
  equipment_brand: 'CAT',
  equipment_model: '320D',
  equipment_serial: 'SN1',
  description: 'Pierde aceite hidráulico',
  priority: null,
  assignee_id: null,
  assignee_name: null,
  state: 'new',
  order_id: null,
  appointment_id: null,
  created_by: 'u9',
  created_at: '2026-11-20T10:00:00Z',
  updated_at: '2026-11-20T10:00:00Z',
  preferred_dates: ['2026-11-25T13:00:00Z'],
  photos: [{ id: 'p1', request_id: 'r1', created_at: '2026-11-20T10:00:00Z' }],
};
const rejected: RequestView = { ...request, id: 'r2', description: 'Ruido en motor', state: 'rejected', photos: [] };
const triaged: RequestView = {
  ...request,
  id: 'r3',
  equipment_id: 'e3',
  equipment_brand: 'Komatsu',
  equipment_model: 'PC200',
  equipment_serial: 'K77',
  description: 'Cambio de filtros',
  state: 'triaged',
  priority: 'medium',
  assignee_id: 't1',
  assignee_name: 'Tomás Técnico',
  created_at: '2026-11-21T09:00:00Z',
  photos: [],
};

/** The list URLs the page may ask for, with what the server answers to each. */
const LISTS: Record<string, MaintenanceRequest[]> = {
  '/api/v1/maintenance-requests': [triaged, request, rejected],
  '/api/v1/maintenance-requests?state=new': [request],
  '/api/v1/maintenance-requests?state=triaged': [triaged],
  '/api/v1/maintenance-requests?state=rejected': [rejected],
  '/api/v1/maintenance-requests?state=converted': [],
};

/** `stubFetch` routes by path only; the request lists are answered by their full URL (with `?state=`). */
function stubWithLists(routeTable: ReturnType<typeof routes>) {
  const fetchMock = stubFetch(routeTable);
  const byPath = fetchMock.getMockImplementation();
  fetchMock.mockImplementation(async (input, init) => {
    const url = String(input);
    if ((init?.method ?? 'GET') === 'GET' && url in LISTS) return jsonResponse(200, LISTS[url]);
    return (byPath as NonNullable<typeof byPath>)(input, init);
  });
  return fetchMock;
}

/** The list URLs requested so far. */
const listCalls = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.map(([url]) => String(url)).filter((url) => url in LISTS);

function routes(user: User, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    'GET /api/v1/auth/me': () => jsonResponse(200, user),
    'GET /api/v1/maintenance-requests/r1': () => jsonResponse(200, request),
    'GET /api/v1/maintenance-requests/r3': () => jsonResponse(200, triaged),
    'GET /api/v1/customers/c1/equipment': () => jsonResponse(200, [machine]),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: 't1', name: 'Tomás Técnico', role: 'technician', active: true }]),
    ...extra,
  };
}

describe('MaintenanceRequestsPage', () => {
  it('a customer files a request with preferred dates and photos', async () => {
    const created: RequestView = { ...request, id: 'r9', photos: [] };
    const fetchMock = stubWithLists(
      routes(customer, {
        'POST /api/v1/maintenance-requests': () => jsonResponse(201, created),
        'POST /api/v1/maintenance-requests/r9/photos': () => jsonResponse(201, { ...created, photos: request.photos }),
        'GET /api/v1/maintenance-requests/r9': () => jsonResponse(200, { ...created, photos: request.photos }),
      }),
    );
    const { container } = renderPage('/maintenance-requests', <MaintenanceRequestsPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Mis solicitudes de mantenimiento' })).toBeTruthy();
    // Customers see every state of their own requests by default (no filter
    // sent), and no assignee column.
    expect(await screen.findByText('Ruido en motor')).toBeTruthy();
    expect(listCalls(fetchMock)).toEqual(['/api/v1/maintenance-requests']);
    expect(screen.queryByRole('columnheader', { name: 'Responsable' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Nueva solicitud' }));
    const form = screen.getByRole('form', { name: 'Nueva solicitud' });
    expect(within(form).queryByLabelText(/^Cliente/)).toBeNull();

    fireEvent.click(within(form).getByRole('button', { name: 'Enviar solicitud' }));
    expect(await within(form).findByText('Elige el equipo.')).toBeTruthy();
    expect(within(form).getByText('Describe qué necesitas.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests')).toHaveLength(0);

    await within(form).findByRole('option', { name: 'CAT 320D (SN1)' });
    fireEvent.change(within(form).getByLabelText(/^Equipo/), { target: { value: 'e1' } });
    fireEvent.change(within(form).getByLabelText(/^Descripción/), { target: { value: 'Pierde aceite' } });
    fireEvent.change(within(form).getByLabelText('Fecha preferida 1'), { target: { value: '2026-11-25T08:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Agregar otra fecha' }));
    fireEvent.change(within(form).getByLabelText('Fecha preferida 2'), { target: { value: '2026-11-26T08:00' } });
    const file = new File(['png'], 'fuga.png', { type: 'image/png' });
    fireEvent.change(container.querySelector('input[type="file"]') as HTMLInputElement, { target: { files: [file] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Enviar solicitud' }));

    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests')).toHaveLength(1));
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests')[0]).toEqual({
      equipment_id: 'e1',
      description: 'Pierde aceite',
      preferred_dates: [new Date(2026, 10, 25, 8).toISOString(), new Date(2026, 10, 26, 8).toISOString()],
    });
    await waitFor(() =>
      expect(fetchMock.mock.calls.some(([url, init]) => String(url) === '/api/v1/maintenance-requests/r9/photos' && init?.body instanceof FormData)).toBe(true),
    );
    const upload = fetchMock.mock.calls.find(([url]) => String(url) === '/api/v1/maintenance-requests/r9/photos');
    expect((upload?.[1]?.body as FormData).getAll('photos')).toHaveLength(1);
    // The new request opens in the detail panel.
    expect(await screen.findByRole('heading', { name: 'Solicitud de mantenimiento' })).toBeTruthy();
    expect(screen.queryByRole('heading', { name: 'Clasificar' })).toBeNull();
  });

  it('staff see open requests filtered by the server, with machine and assignee, and triage them', async () => {
    const fetchMock = stubWithLists(
      routes(sampleUser, {
        'POST /api/v1/maintenance-requests/r1/triage': () =>
          jsonResponse(200, { ...request, state: 'triaged', priority: 'high', assignee_id: 't1', assignee_name: 'Tomás Técnico' }),
      }),
    );
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />);
    expect(await screen.findByText('Pierde aceite hidráulico')).toBeTruthy();
    // The open inbox is new + triaged, each asked of the server and merged newest first.
    expect(await screen.findByText('Cambio de filtros')).toBeTruthy();
    expect([...listCalls(fetchMock)].sort()).toEqual([
      '/api/v1/maintenance-requests?state=new',
      '/api/v1/maintenance-requests?state=triaged',
    ]);
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((row) => within(row).getAllByRole('cell')[3].textContent)).toEqual([
      'Cambio de filtros',
      'Pierde aceite hidráulico',
    ]);
    // Each row shows its own machine and assignee, with no per-machine or per-user lookups.
    expect(within(rows[0]).getByText('Komatsu PC200 (K77)')).toBeTruthy();
    expect(within(rows[0]).getByText('Tomás Técnico')).toBeTruthy();
    expect(within(rows[1]).getByText('CAT 320D (SN1)')).toBeTruthy();
    expect(within(rows[1]).getByText('Sin asignar')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => String(url).startsWith('/api/v1/equipment'))).toBe(false);
    // The inbox hides rejected requests by default; one state is asked of the server.
    expect(screen.queryByText('Ruido en motor')).toBeNull();
    fireEvent.change(screen.getByLabelText('Mostrar'), { target: { value: 'rejected' } });
    expect(await screen.findByText('Ruido en motor')).toBeTruthy();
    expect(screen.queryByText('Pierde aceite hidráulico')).toBeNull();
    expect(listCalls(fetchMock)).toContain('/api/v1/maintenance-requests?state=rejected');
    fireEvent.change(screen.getByLabelText('Mostrar'), { target: { value: 'all' } });
    expect(await screen.findByText('Pierde aceite hidráulico')).toBeTruthy();
    expect(listCalls(fetchMock)).toContain('/api/v1/maintenance-requests');

    const row = screen.getByText('Pierde aceite hidráulico').closest('tr') as HTMLElement;
    fireEvent.click(within(row).getByRole('button', { name: /^Ver la solicitud/ }));
    expect(await screen.findByRole('link', { name: 'Foto 1' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Foto 1' }).getAttribute('href')).toBe('/api/v1/maintenance-requests/r1/photos/p1');
    const triage = screen.getByRole('form', { name: 'Clasificar' });
    fireEvent.change(within(triage).getByLabelText('Prioridad'), { target: { value: 'high' } });
    await within(triage).findByRole('option', { name: /Tomás Técnico/ });
    fireEvent.change(within(triage).getByLabelText('Responsable'), { target: { value: 't1' } });
    fireEvent.click(within(triage).getByRole('button', { name: 'Guardar clasificación' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests/r1/triage')).toHaveLength(1));
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests/r1/triage')[0]).toEqual({
      state: 'triaged',
      priority: 'high',
      assignee_id: 't1',
    });
    expect((await screen.findAllByText('Clasificada')).length).toBeGreaterThan(0);
    // The detail names the assignee from the request.
    const detail = screen.getByRole('region', { name: 'Solicitud de mantenimiento' });
    expect(await within(detail).findByText('Tomás Técnico')).toBeTruthy();
  });

  it('a technician sees the machine and the assignee of a request without lookups', async () => {
    const technician: User = { ...sampleUser, id: 't1', name: 'Tomás Técnico', role: 'technician' };
    const fetchMock = stubWithLists(routes(technician));
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />, '/maintenance-requests?id=r3');
    const detail = await screen.findByRole('region', { name: 'Solicitud de mantenimiento' });
    expect(await within(detail).findByText('Komatsu PC200 (K77)')).toBeTruthy();
    expect(within(detail).getByText('Tomás Técnico')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => /^\/api\/v1\/(equipment|users)/.test(String(url)))).toBe(false);
  });

  it('staff convert a request into an order and an appointment and get links to both', async () => {
    const fetchMock = stubWithLists(
      routes(sampleUser, {
        'POST /api/v1/maintenance-requests/r1/convert': () =>
          jsonResponse(200, {
            request: { ...request, state: 'converted', order_id: 'o1', appointment_id: 'a1' },
            order: { id: 'o1', number: 'OS-000042' },
            appointment: { id: 'a1' },
          }),
      }),
    );
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />, '/maintenance-requests?id=r1');
    const form = await screen.findByRole('form', { name: 'Convertir' });
    fireEvent.click(within(form).getByLabelText('Agendar una cita'));
    fireEvent.change(within(form).getByLabelText(/^Inicio/), { target: { value: '2026-11-25T10:00' } });
    fireEvent.change(within(form).getByLabelText(/^Fin/), { target: { value: '2026-11-25T09:00' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Convertir solicitud' }));
    expect(await within(form).findByText('El fin debe ser posterior al inicio.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText(/^Fin/), { target: { value: '2026-11-25T12:00' } });
    fireEvent.change(within(form).getByLabelText('Lugar'), { target: { value: 'Faena Sur' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Convertir solicitud' }));

    expect(await screen.findByRole('link', { name: 'Ver la orden de servicio OS-000042' })).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ver la orden de servicio OS-000042' }).getAttribute('href')).toBe('/orders/o1');
    expect(screen.getAllByRole('link', { name: 'Ver la cita' })[0].getAttribute('href')).toBe('/appointments/a1');
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests/r1/convert')).toEqual([
      {
        order: { reason: 'Pierde aceite hidráulico', technician_ids: [] },
        appointment: {
          technician_id: null,
          starts_at: new Date(2026, 10, 25, 10).toISOString(),
          ends_at: new Date(2026, 10, 25, 12).toISOString(),
          place: 'Faena Sur',
        },
      },
    ]);
  });

  it('requires choosing at least one conversion', async () => {
    const fetchMock = stubWithLists(routes(sampleUser));
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />, '/maintenance-requests?id=r1');
    const form = await screen.findByRole('form', { name: 'Convertir' });
    fireEvent.click(within(form).getByLabelText('Crear una orden de servicio'));
    fireEvent.click(within(form).getByRole('button', { name: 'Convertir solicitud' }));
    expect(await within(form).findByText('Elige crear una orden, una cita o ambas.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests/r1/convert')).toHaveLength(0);
  });

  it('a customer adds photos to an open request', async () => {
    const fetchMock = stubWithLists(
      routes(customer, {
        'POST /api/v1/maintenance-requests/r1/photos': () =>
          jsonResponse(201, { ...request, photos: [...request.photos, { id: 'p2', request_id: 'r1', created_at: request.created_at }] }),
      }),
    );
    const { container } = renderPage('/maintenance-requests', <MaintenanceRequestsPage />, '/maintenance-requests?id=r1');
    const form = await screen.findByRole('form', { name: 'Agregar fotos' });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir' }));
    expect(await within(form).findByText('Elige al menos una foto.')).toBeTruthy();
    const input = container.querySelector('form[aria-label="Agregar fotos"] input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['jpg'], 'a.jpg', { type: 'image/jpeg' })] } });
    fireEvent.click(within(form).getByRole('button', { name: 'Subir' }));
    expect(await screen.findByRole('link', { name: 'Foto 2' })).toBeTruthy();
    expect(fetchMock.mock.calls.filter(([url]) => String(url) === '/api/v1/maintenance-requests/r1/photos')).toHaveLength(1);
    // Customers never see the staff forms.
    expect(screen.queryByRole('form', { name: 'Convertir' })).toBeNull();
  });
});
