/** Tests for /account/profile: details, own name/phone editing, photo upload. */
import { configure, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { ProfilePage } from './ProfilePage';

// The whole client suite shares two busy cores: allow slow renders.
configure({ asyncUtilTimeout: 4000 });

const me = { ...sampleUser, phone: '+56 9 1111 2222', updated_at: '2026-11-20T10:00:00Z' };

function setup(routes: Parameters<typeof stubFetch>[0] = {}) {
  const fetchMock = stubFetch({ 'GET /api/v1/auth/me': () => jsonResponse(200, me), ...routes });
  const view = renderPage('/account/profile', <ProfilePage />);
  return { fetchMock, ...view };
}

function fileInput(container: HTMLElement): HTMLInputElement {
  const input = container.querySelector('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input as HTMLInputElement;
}

function photoUploads(fetchMock: ReturnType<typeof stubFetch>) {
  return fetchMock.mock.calls.filter(
    ([url, init]) => String(url) === `/api/v1/users/${me.id}/photo` && init?.method === 'PUT',
  );
}

describe('ProfilePage', () => {
  it('shows the e-mail, role, photo and links', async () => {
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Mi perfil' })).toBeTruthy();
    expect((await screen.findByLabelText(/^Correo electrónico/) as HTMLInputElement).value).toBe('ana@example.com');
    expect((screen.getByLabelText(/^Rol/) as HTMLInputElement).value).toBe('Operador');
    expect((screen.getByLabelText(/^Teléfono/) as HTMLInputElement).value).toBe('+56 9 1111 2222');
    const photo = screen.getByAltText('Tu foto de perfil') as HTMLImageElement;
    expect(photo.getAttribute('src')).toBe(`/api/v1/users/${me.id}/photo?v=2026-11-20T10%3A00%3A00Z`);
    expect(screen.getByRole('link', { name: 'Cambiar contraseña' }).getAttribute('href')).toBe('/account/password');
    expect(screen.getByRole('link', { name: 'Preferencias de notificaciones' }).getAttribute('href')).toBe(
      '/account/notifications',
    );
  });

  it('saves the own name and phone', async () => {
    const { fetchMock } = setup({
      [`PATCH /api/v1/users/${me.id}`]: (init) => jsonResponse(200, { ...me, ...JSON.parse(String(init?.body)) }),
    });
    const name = (await screen.findByLabelText(/^Nombre/)) as HTMLInputElement;
    fireEvent.change(name, { target: { value: '  Ana María Pérez ' } });
    fireEvent.change(screen.getByLabelText(/^Teléfono/), { target: { value: '+56 9 3333 4444' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    expect(await screen.findByText('Tus datos fueron guardados.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PATCH', `/api/v1/users/${me.id}`)).toEqual([
      { name: 'Ana María Pérez', phone: '+56 9 3333 4444' },
    ]);
    expect(name.value).toBe('Ana María Pérez');
  });

  it('checks the name before sending', async () => {
    const { fetchMock } = setup();
    fireEvent.change(await screen.findByLabelText(/^Nombre/), { target: { value: '   ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    expect(await screen.findByText('Escribe tu nombre.')).toBeTruthy();
    fireEvent.change(screen.getByLabelText(/^Nombre/), { target: { value: 'x'.repeat(121) } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    expect(await screen.findByText('El nombre puede tener como máximo 120 caracteres.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PATCH', `/api/v1/users/${me.id}`)).toHaveLength(0);
  });

  it('shows a server field error on the field and keeps what was typed', async () => {
    setup({
      [`PATCH /api/v1/users/${me.id}`]: () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'x', status: 422, code: 'validation_failed', detail: 'x', field: 'phone' }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const phone = (await screen.findByLabelText(/^Teléfono/)) as HTMLInputElement;
    fireEvent.change(phone, { target: { value: '12345' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar cambios' }));
    const message = await screen.findByText('El servidor no aceptó este teléfono. Revísalo.');
    expect(phone.getAttribute('aria-invalid')).toBe('true');
    expect(phone.getAttribute('aria-describedby')?.split(' ')).toContain(message.id);
    expect(phone.value).toBe('12345');
  });

  it('refuses a file that is not an image before sending', async () => {
    const { fetchMock, container } = setup();
    await screen.findByLabelText(/^Nombre/);
    fireEvent.change(fileInput(container), { target: { files: [new File(['hola'], 'notas.txt', { type: 'text/plain' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Subir foto' }));
    expect(await screen.findByText('Ese archivo no es una imagen PNG, JPEG, WebP o GIF.')).toBeTruthy();
    expect(photoUploads(fetchMock)).toHaveLength(0);
  });

  it('uploads a photo, explaining a file the server finds too large first', async () => {
    let calls = 0;
    const { fetchMock, container } = setup({
      [`PUT /api/v1/users/${me.id}/photo`]: () =>
        ++calls === 1
          ? problemResponse(413, 'payload_too_large')
          : jsonResponse(200, { ...me, updated_at: '2026-11-21T12:00:00Z' }),
    });
    await screen.findByLabelText(/^Nombre/);
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'yo.png', { type: 'image/png' });
    fireEvent.change(fileInput(container), { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Subir foto' }));
    expect(await screen.findByText('La imagen pesa más de 5 MB. Elige una más liviana.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Subir foto' }));
    expect(await screen.findByText('Tu foto de perfil fue actualizada.')).toBeTruthy();
    const uploads = photoUploads(fetchMock);
    expect(uploads).toHaveLength(2);
    expect((uploads[1][1]?.body as FormData).get('file')).toBeInstanceOf(File);
    await waitFor(() =>
      expect((screen.getByAltText('Tu foto de perfil') as HTMLImageElement).getAttribute('src')).toContain(
        'v=2026-11-21T12%3A00%3A00Z',
      ),
    );
  });

  it('explains an unreadable image', async () => {
    const { container } = setup({
      [`PUT /api/v1/users/${me.id}/photo`]: () => problemResponse(422, 'invalid_image'),
    });
    await screen.findByLabelText(/^Nombre/);
    fireEvent.change(fileInput(container), {
      target: { files: [new File(['not really'], 'yo.jpg', { type: 'image/jpeg' })] },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Subir foto' }));
    expect(
      await screen.findByText('No pudimos leer la imagen. Prueba con otro archivo PNG, JPEG, WebP o GIF.'),
    ).toBeTruthy();
  });
});
