/** Tests for /login: labels, language, error translation, redirect back after login. */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY } from '../i18n';
import { callsTo, jsonResponse, problemResponse, renderApp, sampleUser, stubFetch } from '../test/utils';

const anonymousSettings = () => problemResponse(401, 'unauthenticated');

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText(/^Correo electrónico/), { target: { value: email } });
  fireEvent.change(screen.getByLabelText(/^Contraseña/), { target: { value: password } });
  fireEvent.click(screen.getByRole('button', { name: 'Ingresar' }));
}

describe('LoginPage', () => {
  it('renders labelled inputs and the remember-me checkbox in Spanish', async () => {
    stubFetch({ 'GET /api/v1/settings/company': anonymousSettings });
    renderApp('/login');

    expect(screen.getByRole('heading', { name: 'Iniciar sesión' })).toBeTruthy();
    const email = screen.getByLabelText(/^Correo electrónico/);
    expect(email.getAttribute('type')).toBe('email');
    const password = screen.getByLabelText(/^Contraseña/);
    expect(password.getAttribute('type')).toBe('password');
    const remember = screen.getByRole('checkbox', { name: 'Mantener sesión iniciada' });
    expect((remember as HTMLInputElement).checked).toBe(false);
    expect(screen.getByRole('link', { name: '¿Olvidaste tu contraseña?' }).getAttribute('href')).toBe(
      '/forgot-password',
    );

    // The reveal toggle is a labelled, focusable button.
    const toggle = screen.getByRole('button', { name: 'Mostrar contraseña' });
    expect(toggle.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(toggle, { key: 'Enter' });
    expect(password.getAttribute('type')).toBe('text');
    // The company name is not public here: the product name is shown instead.
    await waitFor(() => expect(screen.getByText('Faena')).toBeTruthy());
  });

  it('shows the translated message for invalid_credentials', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/settings/company': anonymousSettings,
      'POST /api/v1/auth/login': () => problemResponse(401, 'invalid_credentials', 'Invalid credentials'),
    });
    renderApp('/login');

    fireEvent.click(screen.getByRole('checkbox', { name: 'Mantener sesión iniciada' }));
    fillAndSubmit('ana@example.com', 'wrong-password');

    expect(await screen.findByText('Correo o contraseña incorrectos.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/login')).toEqual([
      { email: 'ana@example.com', password: 'wrong-password', remember_me: true },
    ]);
  });

  it('translates too_many_attempts too', async () => {
    stubFetch({
      'GET /api/v1/settings/company': anonymousSettings,
      'POST /api/v1/auth/login': () => problemResponse(429, 'too_many_attempts'),
    });
    renderApp('/login');
    fillAndSubmit('ana@example.com', 'whatever');
    expect(await screen.findByText(/Demasiados intentos/)).toBeTruthy();
  });

  it('checks the fields before calling the server', async () => {
    const fetchMock = stubFetch({ 'GET /api/v1/settings/company': anonymousSettings });
    renderApp('/login');
    fillAndSubmit('not-an-email', '');
    expect(await screen.findByText('Escribe un correo electrónico válido.')).toBeTruthy();
    expect(screen.getByText('Escribe tu contraseña.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/login')).toEqual([]);
  });

  it('switches to English and remembers the choice', async () => {
    stubFetch({ 'GET /api/v1/settings/company': anonymousSettings });
    renderApp('/login');
    fireEvent.click(screen.getByRole('radio', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Sign in' })).toBeTruthy();
    expect(screen.getByLabelText(/^Email/)).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: 'Keep me signed in' })).toBeTruthy();
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
  });

  it('redirects a signed-out visitor to login and back to the page they wanted', async () => {
    let signedIn = false;
    stubFetch({
      'GET /api/v1/settings/company': anonymousSettings,
      'GET /api/v1/auth/me': () => (signedIn ? jsonResponse(200, sampleUser) : problemResponse(401, 'unauthenticated')),
      'POST /api/v1/auth/login': () => {
        signedIn = true;
        return jsonResponse(200, { user: sampleUser });
      },
    });
    renderApp('/account/password');

    expect(await screen.findByRole('heading', { name: 'Iniciar sesión' })).toBeTruthy();
    fillAndSubmit('ana@example.com', 'correct-password');
    expect(await screen.findByRole('heading', { name: 'Cambiar contraseña' })).toBeTruthy();
  });
});
