/** Tests for the signed-in shell: header, role-based navbar, logout. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, jsonResponse, problemResponse, renderApp, sampleUser, stubFetch } from '../test/utils';

const company = {
  name: 'Maquinarias del Sur',
  address: 'Av. Principal 123',
  phone: '+56 2 1234 5678',
  email: 'contacto@example.com',
  currency: 'CLP',
  tax_rate: '19',
  tax_id_country: 'CL',
  time_zone: 'America/Santiago',
  terms: '',
  logo_url: null,
};

describe('AppLayout', () => {
  it('shows company, user, role and the navigation, and logs out', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser),
      'GET /api/v1/settings/company': () => jsonResponse(200, company),
      'POST /api/v1/auth/logout': () => new Response(null, { status: 204 }),
    });
    renderApp('/');

    expect(await screen.findByRole('heading', { name: '¡Hola, Ana Pérez!' })).toBeTruthy();
    expect((await screen.findAllByText('Maquinarias del Sur')).length).toBeGreaterThan(0);
    expect(screen.getAllByText('Ana Pérez').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Operador').length).toBeGreaterThan(0);

    const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
    expect(within(nav).getByRole('link', { name: 'Inicio' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Cambiar contraseña' })).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Cerrar sesión' }));
    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/logout')).toHaveLength(1);
  });

  it('sends the user to login when the session expires mid-way', async () => {
    let expired = false;
    stubFetch({
      'GET /api/v1/auth/me': () => (expired ? problemResponse(401, 'unauthenticated') : jsonResponse(200, sampleUser)),
      'GET /api/v1/settings/company': () => jsonResponse(200, company),
      'POST /api/v1/auth/password': () => {
        expired = true;
        return problemResponse(401, 'unauthenticated');
      },
    });
    renderApp('/account/password');
    await screen.findByRole('heading', { name: 'Cambiar contraseña' });
    fireEvent.change(screen.getByLabelText(/^Contraseña actual/), { target: { value: 'old-password' } });
    fireEvent.change(screen.getByLabelText(/^Nueva contraseña/), { target: { value: 'new-password' } });
    fireEvent.change(screen.getByLabelText(/^Confirmar nueva contraseña/), { target: { value: 'new-password' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar contraseña' }));
    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeTruthy();
  });
});
