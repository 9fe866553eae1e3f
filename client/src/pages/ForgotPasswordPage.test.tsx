/** Tests for /forgot-password. */
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, problemResponse, renderPage, stubFetch } from '../test/utils';
import { ForgotPasswordPage } from './ForgotPasswordPage';

describe('ForgotPasswordPage', () => {
  it('sends the address and shows the neutral confirmation', async () => {
    const fetchMock = stubFetch({ 'POST /api/v1/auth/recover': () => new Response(null, { status: 202 }) });
    renderPage('/forgot-password', <ForgotPasswordPage />);
    fireEvent.change(screen.getByLabelText(/^Correo electrónico/), { target: { value: 'nobody@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText(/Si existe una cuenta con ese correo, te enviamos un enlace/)).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/recover')).toEqual([{ email: 'nobody@example.com' }]);
  });
});

describe('ForgotPasswordPage errors', () => {
  it('shows the same neutral confirmation when the server rejects the address', async () => {
    stubFetch({ 'POST /api/v1/auth/recover': () => problemResponse(422, 'validation_failed') });
    renderPage('/forgot-password', <ForgotPasswordPage />);
    fireEvent.change(screen.getByLabelText(/^Correo electrónico/), { target: { value: 'x@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText(/Si existe una cuenta con ese correo/)).toBeTruthy();
  });

  it('reports a rate limit instead of pretending to have sent a link', async () => {
    stubFetch({ 'POST /api/v1/auth/recover': () => problemResponse(429, 'too_many_attempts') });
    renderPage('/forgot-password', <ForgotPasswordPage />);
    fireEvent.change(screen.getByLabelText(/^Correo electrónico/), { target: { value: 'x@example.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText(/Demasiados intentos/)).toBeTruthy();
    expect(screen.queryByText(/Si existe una cuenta con ese correo/)).toBeNull();
  });
});
