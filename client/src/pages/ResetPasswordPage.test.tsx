/** Tests for /reset-password and /set-password. */
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, problemResponse, renderPage, stubFetch } from '../test/utils';
import { ResetPasswordPage } from './ResetPasswordPage';

function submit(password: string, confirmation: string) {
  fireEvent.change(screen.getByLabelText(/^Nueva contraseña/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/^Confirmar nueva contraseña/), { target: { value: confirmation } });
  fireEvent.click(screen.getByRole('button', { name: 'Guardar contraseña' }));
}

describe('ResetPasswordPage', () => {
  it('refuses mismatched passwords without calling fetch', async () => {
    const fetchMock = stubFetch({});
    renderPage('/reset-password', <ResetPasswordPage mode="reset" />, '/reset-password?token=abc');
    submit('long-enough-1', 'long-enough-2');
    expect(await screen.findByText('Las contraseñas no coinciden.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('refuses passwords shorter than 8 characters without calling fetch', async () => {
    const fetchMock = stubFetch({});
    renderPage('/reset-password', <ResetPasswordPage mode="reset" />, '/reset-password?token=abc');
    submit('short', 'short');
    expect(await screen.findByText('La contraseña debe tener al menos 8 caracteres.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('posts the token and password, then offers the way to log in', async () => {
    const fetchMock = stubFetch({ 'POST /api/v1/auth/reset': () => new Response(null, { status: 204 }) });
    renderPage('/reset-password', <ResetPasswordPage mode="reset" />, '/reset-password?token=abc%2F123');
    submit('a-good-password', 'a-good-password');
    expect(await screen.findByText('Tu contraseña fue actualizada. Ya puedes iniciar sesión.')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Ir a iniciar sesión' }).getAttribute('href')).toBe('/login');
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/reset')).toEqual([
      { token: 'abc/123', new_password: 'a-good-password' },
    ]);
  });

  it('explains an expired link and links to a new one', async () => {
    stubFetch({ 'POST /api/v1/auth/reset': () => problemResponse(400, 'invalid_token') });
    renderPage('/reset-password', <ResetPasswordPage mode="reset" />, '/reset-password?token=old');
    submit('a-good-password', 'a-good-password');
    expect(await screen.findByText(/El enlace no es válido o ya expiró/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Solicitar un nuevo enlace' })).toBeTruthy();
  });

  it('shows weak_password from the server', async () => {
    stubFetch({ 'POST /api/v1/auth/reset': () => problemResponse(422, 'weak_password') });
    renderPage('/set-password', <ResetPasswordPage mode="invitation" />, '/set-password?token=t');
    submit('password', 'password');
    expect(await screen.findByText(/La contraseña es demasiado débil/)).toBeTruthy();
  });

  it('words the invitation page differently', () => {
    stubFetch({});
    renderPage('/set-password', <ResetPasswordPage mode="invitation" />, '/set-password?token=t');
    expect(screen.getByRole('heading', { name: 'Crea tu contraseña' })).toBeTruthy();
  });

  it('rejects a link without a token', () => {
    stubFetch({});
    renderPage('/reset-password', <ResetPasswordPage mode="reset" />, '/reset-password');
    expect(screen.getByText('Este enlace no es válido o está incompleto.')).toBeTruthy();
    expect(screen.queryByLabelText(/^Nueva contraseña/)).toBeNull();
  });
});
