/** Tests for /account/password. */
import { fireEvent, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, problemResponse, renderPage, stubFetch } from '../test/utils';
import { ChangePasswordPage } from './ChangePasswordPage';

function submit(current: string, password: string, confirmation = password) {
  fireEvent.change(screen.getByLabelText(/^Contraseña actual/), { target: { value: current } });
  fireEvent.change(screen.getByLabelText(/^Nueva contraseña/), { target: { value: password } });
  fireEvent.change(screen.getByLabelText(/^Confirmar nueva contraseña/), { target: { value: confirmation } });
  fireEvent.click(screen.getByRole('button', { name: 'Guardar contraseña' }));
}

describe('ChangePasswordPage', () => {
  it('changes the password and clears the form', async () => {
    const fetchMock = stubFetch({ 'POST /api/v1/auth/password': () => new Response(null, { status: 204 }) });
    renderPage('/account/password', <ChangePasswordPage />);
    submit('old-password', 'new-password');
    expect((await screen.findAllByText('Tu contraseña fue cambiada.')).length).toBeGreaterThan(0);
    expect(callsTo(fetchMock, 'POST', '/api/v1/auth/password')).toEqual([
      { current_password: 'old-password', new_password: 'new-password' },
    ]);
    expect((screen.getByLabelText(/^Contraseña actual/) as HTMLInputElement).value).toBe('');
  });

  it('says when the current password is wrong', async () => {
    stubFetch({ 'POST /api/v1/auth/password': () => problemResponse(400, 'invalid_credentials') });
    renderPage('/account/password', <ChangePasswordPage />);
    submit('bad-password', 'new-password');
    expect(await screen.findByText('La contraseña actual no es correcta.')).toBeTruthy();
  });

  it('checks the confirmation locally', async () => {
    const fetchMock = stubFetch({});
    renderPage('/account/password', <ChangePasswordPage />);
    submit('old-password', 'new-password', 'other-password');
    expect(await screen.findByText('Las contraseñas no coinciden.')).toBeTruthy();
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
