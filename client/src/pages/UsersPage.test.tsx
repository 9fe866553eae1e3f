/** Tests for /users: listing, creating (invitation), editing roles, activation with confirmation, role gating. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffUser } from '../api/admin';
import type { User } from '../api/auth';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { UsersPage } from './UsersPage';

const master = { ...sampleUser, id: 'me-0001', name: 'Marta Maestra', role: 'master' as const };

const luis: StaffUser = {
  id: '11111111-1111-4111-8111-111111111111',
  email: 'luis@example.com',
  name: 'Luis Técnico',
  phone: '+58 412 000 0000',
  role: 'technician',
  active: true,
  customer_id: null,
  has_password: false,
  created_at: '2026-01-10T12:00:00Z',
  updated_at: '2026-01-10T12:00:00Z',
};
const marta: StaffUser = { ...luis, id: 'me-0001', email: 'marta@example.com', name: 'Marta Maestra', role: 'master', has_password: true, phone: '' };

function problemWithField(status: number, code: string, field: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: code, field }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

function setup(me: User = master, extra: Parameters<typeof stubFetch>[0] = {}) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/users': () => jsonResponse(200, [luis, marta]),
    ...extra,
  });
  renderPage('/users', <UsersPage />);
  return fetchMock;
}

describe('UsersPage', () => {
  it('lists staff users with their role and status', async () => {
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Usuarios y roles' })).toBeTruthy();
    expect(await screen.findByText('Luis Técnico')).toBeTruthy();
    expect(screen.getByText('luis@example.com')).toBeTruthy();
    expect(within(screen.getByRole('table')).getByText('Técnico')).toBeTruthy();
    expect(screen.getByText('Invitación pendiente')).toBeTruthy();
    // The master cannot deactivate themself.
    expect(screen.getByRole('button', { name: 'Desactivar a Luis Técnico' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Desactivar a Marta Maestra' })).toBeNull();
  });

  it('shows what was sent to a person, e.g. whether their invitation left', async () => {
    const fetchMock = setup(master, {
      'GET /api/v1/notifications/deliveries': () =>
        jsonResponse(200, [
          {
            id: 'd-1', kind: 'invitation', channel: 'email', recipient_user_id: luis.id, recipient_address: 'luis@example.com',
            status: 'sent', attempts: 1, next_attempt_at: '2026-01-10T12:00:00Z', last_error: '', subject_type: 'user',
            subject_id: luis.id, created_at: '2026-01-10T12:00:00Z', sent_at: '2026-01-10T12:00:01Z',
          },
        ]),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Avisos enviados a Luis Técnico' }));
    const dialog = await screen.findByRole('dialog', { name: 'Avisos enviados a Luis Técnico' });
    expect(await within(dialog).findByText('Invitación')).toBeTruthy();
    expect(within(dialog).getByText('Enviado', { selector: 'span, div' })).toBeTruthy();
    expect(callsTo(fetchMock, 'GET', `/api/v1/notifications/deliveries?subject_type=user&subject_id=${luis.id}`)).toHaveLength(1);
  });

  it('creates a staff user, which sends the invitation', async () => {
    const fetchMock = setup(master, {
      'POST /api/v1/users': () => jsonResponse(201, { ...luis, id: 'new', name: 'Nora Nueva', email: 'nora@example.com' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Nuevo usuario' }));
    const form = screen.getByRole('form', { name: 'Nuevo usuario' });
    fireEvent.change(within(form).getByLabelText(/^Nombre/), { target: { value: ' Nora Nueva ' } });
    fireEvent.change(within(form).getByLabelText(/^Correo/), { target: { value: 'nora@example.com' } });
    fireEvent.change(within(form).getByLabelText(/^Rol/), { target: { value: 'operator' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear y enviar invitación' }));
    expect(await screen.findByText('Usuario creado. Enviamos la invitación a nora@example.com.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/users')).toEqual([
      { name: 'Nora Nueva', email: 'nora@example.com', phone: '', role: 'operator' },
    ]);
  });

  it('checks the form locally and shows server field errors without losing the input', async () => {
    const fetchMock = setup(master, { 'POST /api/v1/users': () => problemWithField(409, 'email_taken', 'email') });
    fireEvent.click(await screen.findByRole('button', { name: 'Nuevo usuario' }));
    const form = screen.getByRole('form', { name: 'Nuevo usuario' });
    fireEvent.change(within(form).getByLabelText(/^Correo/), { target: { value: 'no-es-correo' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear y enviar invitación' }));
    expect(await within(form).findByText('Escribe el nombre.')).toBeTruthy();
    expect(within(form).getByText('Escribe un correo electrónico válido.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/users')).toHaveLength(0);

    fireEvent.change(within(form).getByLabelText(/^Nombre/), { target: { value: 'Luis Dos' } });
    fireEvent.change(within(form).getByLabelText(/^Correo/), { target: { value: 'luis@example.com' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Crear y enviar invitación' }));
    expect(await within(form).findByText('Ya existe un usuario con este correo.')).toBeTruthy();
    expect((within(form).getByLabelText(/^Nombre/) as HTMLInputElement).value).toBe('Luis Dos');
  });

  it('deactivates a user after a confirmation that warns about the sessions', async () => {
    const fetchMock = setup(master, {
      'PUT /api/v1/users/11111111-1111-4111-8111-111111111111/active': () => jsonResponse(200, { ...luis, active: false }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Desactivar a Luis Técnico' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText(/se cerrarán de inmediato todas sus sesiones abiertas/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Desactivar' }));
    expect(await screen.findByText('Luis Técnico fue desactivado y se cerraron sus sesiones.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/users/11111111-1111-4111-8111-111111111111/active')).toEqual([{ active: false }]);
  });

  it('edits the name and role', async () => {
    const fetchMock = setup(master, {
      'PATCH /api/v1/users/11111111-1111-4111-8111-111111111111': () => jsonResponse(200, { ...luis, role: 'seller' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Editar a Luis Técnico' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Rol/), { target: { value: 'seller' } });
    expect(within(dialog).getByText(/se cerrarán sus sesiones abiertas/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Cambios guardados.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PATCH', '/api/v1/users/11111111-1111-4111-8111-111111111111')).toEqual([
      { name: 'Luis Técnico', phone: '+58 412 000 0000', role: 'seller' },
    ]);
  });

  it('shows the list without controls to an admin', async () => {
    setup({ ...sampleUser, role: 'admin' });
    expect(await screen.findByText('Luis Técnico')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Nuevo usuario' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Editar/ })).toBeNull();
  });

  it('tells other roles they have no access', async () => {
    const fetchMock = setup({ ...sampleUser, role: 'technician' });
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
    await waitFor(() => expect(callsTo(fetchMock, 'GET', '/api/v1/users')).toHaveLength(0));
  });

  it('says when the list cannot be loaded', async () => {
    setup(master, { 'GET /api/v1/users': () => problemResponse(500, 'internal') });
    expect(await screen.findByText('Ocurrió un error en el servidor. Inténtalo más tarde.', {}, { timeout: 5000 })).toBeTruthy();
  });
});
