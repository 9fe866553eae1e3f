/** Tests for /maintenance-requests: a customer files one with photos; staff triage and convert. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../api/auth';
import type { RequestView } from '../api/schedule';
import { callsTo, jsonResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { MaintenanceRequestsPage } from './MaintenanceRequestsPage';

const customer: User = { ...sampleUser, role: 'customer', customer_id: 'c1' };
const machine = { id: 'e1', customer_id: 'c1', brand: 'CAT', model: '320D', serial: 'SN1' };

const request: RequestView = {
  id: 'r1',
  customer_id: 'c1',
  customer_name: 'Minera El Callao',
  equipment_id: 'e1',
  description: 'Pierde aceite hidráulico',
  priority: null,
  assignee_id: null,
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

function routes(user: User, extra: Record<string, (init?: RequestInit) => Response> = {}) {
  return {
    'GET /api/v1/auth/me': () => jsonResponse(200, user),
    'GET /api/v1/maintenance-requests': () => jsonResponse(200, [request, rejected]),
    'GET /api/v1/maintenance-requests/r1': () => jsonResponse(200, request),
    'GET /api/v1/equipment/e1': () => jsonResponse(200, machine),
    'GET /api/v1/customers/c1/equipment': () => jsonResponse(200, [machine]),
    'GET /api/v1/users': () => jsonResponse(200, [{ id: 't1', name: 'Tomás Técnico', role: 'technician', active: true }]),
    ...extra,
  };
}

describe('MaintenanceRequestsPage', () => {
  it('a customer files a request with preferred dates and photos', async () => {
    const created: RequestView = { ...request, id: 'r9', photos: [] };
    const fetchMock = stubFetch(
      routes(customer, {
        'POST /api/v1/maintenance-requests': () => jsonResponse(201, created),
        'POST /api/v1/maintenance-requests/r9/photos': () => jsonResponse(201, { ...created, photos: request.photos }),
        'GET /api/v1/maintenance-requests/r9': () => jsonResponse(200, { ...created, photos: request.photos }),
      }),
    );
    const { container } = renderPage('/maintenance-requests', <MaintenanceRequestsPage />);
    expect(await screen.findByRole('heading', { level: 1, name: 'Mis solicitudes de mantenimiento' })).toBeTruthy();
    // Customers see every state of their own requests by default.
    expect(await screen.findByText('Ruido en motor')).toBeTruthy();
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

  it('staff see open requests, their photos, and triage them', async () => {
    const fetchMock = stubFetch(
      routes(sampleUser, {
        'POST /api/v1/maintenance-requests/r1/triage': () =>
          jsonResponse(200, { ...request, state: 'triaged', priority: 'high', assignee_id: 't1' }),
      }),
    );
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />);
    expect(await screen.findByText('Pierde aceite hidráulico')).toBeTruthy();
    // The inbox hides rejected requests by default.
    expect(screen.queryByText('Ruido en motor')).toBeNull();
    fireEvent.change(screen.getByLabelText('Mostrar'), { target: { value: 'all' } });
    expect(await screen.findByText('Ruido en motor')).toBeTruthy();

    fireEvent.click(screen.getAllByRole('button', { name: /^Ver la solicitud/ })[0]);
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
  });

  it('staff convert a request into an order and an appointment and get links to both', async () => {
    const fetchMock = stubFetch(
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
    const fetchMock = stubFetch(routes(sampleUser));
    renderPage('/maintenance-requests', <MaintenanceRequestsPage />, '/maintenance-requests?id=r1');
    const form = await screen.findByRole('form', { name: 'Convertir' });
    fireEvent.click(within(form).getByLabelText('Crear una orden de servicio'));
    fireEvent.click(within(form).getByRole('button', { name: 'Convertir solicitud' }));
    expect(await within(form).findByText('Elige crear una orden, una cita o ambas.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/maintenance-requests/r1/convert')).toHaveLength(0);
  });

  it('a customer adds photos to an open request', async () => {
    const fetchMock = stubFetch(
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
