/** Tests for /catalogs (status catalogs, payment methods) and /settings (company data, logo). */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { type OrderStatus, type PaymentMethod, moveId, problemField } from '../api/admin';
import { ApiError } from '../api/client';
import { normalizeCompanySettings } from '../api/settings';
import type { User } from '../api/auth';
import { callsTo, jsonResponse, problemResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { CatalogsPage, SettingsPage } from './AdminPages';

const admin = { ...sampleUser, role: 'admin' as const };
/** The machine running the suite is shared: give slower round trips room. */
const SLOW = { timeout: 4000 };

/** The time zone input (the Autocomplete also labels its suggestion list). */
const timeZoneInput = async () =>
  (await screen.findAllByLabelText(/^Zona horaria/)).find((e): e is HTMLInputElement => e instanceof HTMLInputElement)!;

function problemWithField(status: number, code: string, field: string): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail: code, field }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

const status = (id: string, visibility: 'public' | 'internal', label: string, position: number, active = true): OrderStatus => ({
  id,
  visibility,
  label,
  position,
  active,
  created_at: '2026-01-01T00:00:00Z',
});
const statuses = [
  status('p1', 'public', 'Recibida', 1),
  status('p2', 'public', 'En diagnóstico', 2),
  status('p3', 'public', 'Lista', 3, false),
  status('i1', 'internal', 'Esperando repuesto', 1),
];
const methods: PaymentMethod[] = [
  { id: 'm1', name: 'Efectivo', active: true, in_use: true, created_at: '2026-01-01T00:00:00Z' },
  { id: 'm2', name: 'Zelle', active: true, in_use: false, created_at: '2026-01-01T00:00:00Z' },
];

function setupCatalogs(extra: Parameters<typeof stubFetch>[0] = {}, me: User = admin) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/order-statuses': () => jsonResponse(200, statuses),
    'GET /api/v1/payment-methods': () => jsonResponse(200, methods),
    ...extra,
  });
  renderPage('/catalogs', <CatalogsPage />);
  return fetchMock;
}

describe('CatalogsPage', () => {
  it('shows both status catalogs in order and the payment methods', async () => {
    setupCatalogs();
    expect(await screen.findByRole('heading', { level: 1, name: 'Catálogos' })).toBeTruthy();
    const pub = await screen.findByRole('region', { name: 'Estados públicos' });
    const items = within(pub).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual([
      expect.stringContaining('Recibida'),
      expect.stringContaining('En diagnóstico'),
      expect.stringContaining('Lista'),
    ]);
    expect(within(items[2]).getByText('Inactivo')).toBeTruthy();
    expect(within(pub).getByRole('button', { name: 'Subir «Recibida»' }).hasAttribute('disabled')).toBe(true);
    const pm = screen.getByRole('region', { name: 'Formas de pago' });
    expect(within(pm).getByText('Zelle')).toBeTruthy();
    // A method with payments can only be deactivated.
    expect(within(pm).queryByRole('button', { name: 'Eliminar «Efectivo»' })).toBeNull();
    expect(within(pm).getByRole('button', { name: 'Eliminar «Zelle»' })).toBeTruthy();
  });

  it('moves a status down by sending the whole catalog in its new order', async () => {
    const fetchMock = setupCatalogs({
      'PUT /api/v1/order-statuses/positions': () =>
        jsonResponse(200, [status('p2', 'public', 'En diagnóstico', 1), status('p1', 'public', 'Recibida', 2), statuses[2]]),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Bajar «Recibida»' }));
    await waitFor(() =>
      expect(callsTo(fetchMock, 'PUT', '/api/v1/order-statuses/positions')).toEqual([
        { visibility: 'public', ids: ['p2', 'p1', 'p3'] },
      ]),
    );
  });

  it('adds, renames and deactivates statuses', async () => {
    const fetchMock = setupCatalogs({
      'POST /api/v1/order-statuses': () => jsonResponse(201, status('i2', 'internal', 'En taller', 2)),
      'PUT /api/v1/order-statuses/p2': (init) => jsonResponse(200, { ...statuses[1], ...JSON.parse(String(init?.body)) }),
    });
    const internal = await screen.findByRole('region', { name: 'Estados internos' });
    fireEvent.click(within(internal).getByRole('button', { name: 'Agregar' }));
    expect(await within(internal).findByText('Escribe un nombre.')).toBeTruthy();
    fireEvent.change(within(internal).getByLabelText('Nuevo estado interno'), { target: { value: ' En taller ' } });
    fireEvent.click(within(internal).getByRole('button', { name: 'Agregar' }));
    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/order-statuses')).toEqual([{ visibility: 'internal', label: 'En taller' }]));

    fireEvent.click(screen.getByRole('button', { name: 'Renombrar «En diagnóstico»' }));
    const input = screen.getByLabelText('Nuevo nombre de «En diagnóstico»');
    fireEvent.change(input, { target: { value: 'Diagnóstico' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Nombre cambiado.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Desactivar «En diagnóstico»' }));
    await waitFor(() => expect(callsTo(fetchMock, 'PUT', '/api/v1/order-statuses/p2')).toEqual([{ label: 'Diagnóstico' }, { active: false }]));
  });

  it('says when a status label is taken', async () => {
    setupCatalogs({ 'POST /api/v1/order-statuses': () => problemWithField(409, 'conflict', 'label') });
    const pub = await screen.findByRole('region', { name: 'Estados públicos' });
    fireEvent.change(within(pub).getByLabelText('Nuevo estado público'), { target: { value: 'recibida' } });
    fireEvent.click(within(pub).getByRole('button', { name: 'Agregar' }));
    expect(await within(pub).findByText('Ya existe un estado con ese nombre en este catálogo.')).toBeTruthy();
    expect((within(pub).getByLabelText('Nuevo estado público') as HTMLInputElement).value).toBe('recibida');
  });

  it('deletes an unused payment method after confirming', async () => {
    const fetchMock = setupCatalogs({ 'DELETE /api/v1/payment-methods/m2': () => new Response(null, { status: 204 }) });
    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar «Zelle»' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Eliminar' }));
    expect(await screen.findByText('«Zelle» fue eliminado.')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url, init]) => String(url) === '/api/v1/payment-methods/m2' && init?.method === 'DELETE')).toBe(true);
  });

  it('explains method_in_use and offers to deactivate instead', async () => {
    const fetchMock = setupCatalogs({
      'DELETE /api/v1/payment-methods/m2': () => problemResponse(409, 'method_in_use'),
      'PUT /api/v1/payment-methods/m2': () => jsonResponse(200, { ...methods[1], active: false, in_use: true }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar «Zelle»' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Eliminar' }));
    expect(await within(dialog).findByText(/tiene pagos registrados, así que no se puede eliminar/)).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Desactivar' }));
    expect(await screen.findByText('«Zelle» fue desactivado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/payment-methods/m2')).toEqual([{ active: false }]);
  });

  it('shows a taken payment method name on the field', async () => {
    setupCatalogs({ 'POST /api/v1/payment-methods': () => problemWithField(409, 'method_name_taken', 'name') });
    const pm = await screen.findByRole('region', { name: 'Formas de pago' });
    fireEvent.change(within(pm).getByLabelText('Nueva forma de pago'), { target: { value: 'zelle' } });
    fireEvent.click(within(pm).getByRole('button', { name: 'Agregar' }));
    expect(await within(pm).findByText('Ya existe una forma de pago con ese nombre.')).toBeTruthy();
  });

  it('refuses roles without access', async () => {
    setupCatalogs({}, { ...sampleUser, role: 'seller' });
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
  });
});

const company = {
  company_name: 'Maquinarias del Sur',
  address: 'Av. Principal 123',
  phone: '+56 2 1234 5678',
  email: 'contacto@example.com',
  currency: 'CLP',
  tax_rate: '19',
  tax_id_country: 'CL',
  time_zone: 'America/Santiago',
  terms: 'Garantía de 90 días.',
  updated_at: '2026-01-01T00:00:00Z',
};

function setupSettings(extra: Parameters<typeof stubFetch>[0] = {}, me: User = admin) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/settings/company': () => jsonResponse(200, company),
    ...extra,
  });
  renderPage('/settings', <SettingsPage />);
  return fetchMock;
}

describe('SettingsPage', () => {
  it('saves the company settings and refreshes them', async () => {
    const fetchMock = setupSettings({
      'PUT /api/v1/settings/company': (init) => jsonResponse(200, { ...company, ...JSON.parse(String(init?.body)) }),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Configuración' })).toBeTruthy();
    const name = await screen.findByLabelText(/^Empresa/);
    expect((name as HTMLInputElement).value).toBe('Maquinarias del Sur');
    expect((screen.getByLabelText(/^Términos y condiciones/) as HTMLTextAreaElement).value).toBe('Garantía de 90 días.');
    fireEvent.change(name, { target: { value: 'Maquinarias del Norte' } });
    fireEvent.change(screen.getByLabelText(/^Moneda/), { target: { value: 'usd' } });
    fireEvent.change(screen.getByLabelText(/^Tasa de impuesto/), { target: { value: '16,5' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Configuración guardada.', {}, SLOW)).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/company')).toEqual([
      {
        company_name: 'Maquinarias del Norte',
        address: 'Av. Principal 123',
        phone: '+56 2 1234 5678',
        email: 'contacto@example.com',
        terms: 'Garantía de 90 días.',
        currency: 'USD',
        tax_rate: '16.5',
        tax_id_country: 'CL',
        time_zone: 'America/Santiago',
      },
    ]);
    // The shared company settings query is refetched (the header reads it).
    await waitFor(() => expect(callsTo(fetchMock, 'GET', '/api/v1/settings/company').length).toBeGreaterThanOrEqual(2));
  });

  it('checks currency, tax rate and time zone before sending', async () => {
    const fetchMock = setupSettings();
    fireEvent.change(await screen.findByLabelText(/^Moneda/), { target: { value: 'US' } });
    fireEvent.change(screen.getByLabelText(/^Tasa de impuesto/), { target: { value: '150' } });
    fireEvent.change(screen.getByLabelText(/^Empresa/), { target: { value: '  ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Usa un código de moneda de 3 letras, p. ej. USD.')).toBeTruthy();
    expect(screen.getByText('Escribe un porcentaje de 0 a 100.')).toBeTruthy();
    expect(screen.getByText('Escribe el nombre de la empresa.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/company')).toHaveLength(0);
  });

  it('shows the server refusal on the field', async () => {
    setupSettings({ 'PUT /api/v1/settings/company': () => problemWithField(422, 'validation_failed', 'time_zone') });
    fireEvent.change(await timeZoneInput(), { target: { value: 'Mars/Olympus' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Elige una zona horaria válida, p. ej. America/Caracas.', {}, SLOW)).toBeTruthy();
    expect((await timeZoneInput()).value).toBe('Mars/Olympus');
  });

  it('uploads a logo and explains a file that is too large', async () => {
    let calls = 0;
    const fetchMock = setupSettings({
      'PUT /api/v1/settings/logo': () => (++calls === 1 ? problemResponse(413, 'payload_too_large') : jsonResponse(200, company)),
    });
    const picker = await screen.findByLabelText(/^Archivo de imagen/);
    // A translated Mantine picker, not the browser's "Choose File / No file chosen".
    expect(picker.tagName).toBe('BUTTON');
    expect(picker.textContent).toBe('Elegir imagen…');
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    const file = new File([new Uint8Array([137, 80, 78, 71])], 'logo.png', { type: 'image/png' });
    fireEvent.change(input, { target: { files: [file] } });
    fireEvent.click(screen.getByRole('button', { name: 'Subir logo' }));
    const tooLarge = await screen.findByText('La imagen es demasiado grande: el máximo es 5 MB.', {}, SLOW);
    expect(picker.getAttribute('aria-describedby')?.split(' ')).toContain(tooLarge.id);
    fireEvent.click(screen.getByRole('button', { name: 'Subir logo' }));
    expect(await screen.findByText('Logo actualizado.', {}, SLOW)).toBeTruthy();
    const uploads = fetchMock.mock.calls.filter(([url, init]) => String(url) === '/api/v1/settings/logo' && init?.method === 'PUT');
    expect(uploads).toHaveLength(2);
    expect((uploads[0][1]?.body as FormData).get('file')).toBeInstanceOf(File);
  });

  it('refuses a file that is not an image before sending', async () => {
    const fetchMock = setupSettings();
    await screen.findByLabelText(/^Archivo de imagen/);
    const input = document.querySelector('input[type="file"]') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['hola'], 'notas.txt', { type: 'text/plain' })] } });
    fireEvent.click(screen.getByRole('button', { name: 'Subir logo' }));
    expect(await screen.findByText('Ese archivo no es una imagen compatible. Usa PNG, JPEG, WebP o GIF.')).toBeTruthy();
    expect(fetchMock.mock.calls.some(([url]) => String(url) === '/api/v1/settings/logo')).toBe(false);
  });

  it('is read-only for roles that may not edit', async () => {
    setupSettings({}, { ...sampleUser, role: 'operator' });
    expect(await screen.findByText('Solo el usuario maestro y los administradores pueden cambiar la configuración.')).toBeTruthy();
    expect(((await screen.findByLabelText(/^Empresa/)) as HTMLInputElement).readOnly).toBe(true);
    expect(screen.queryByRole('button', { name: 'Guardar' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Subir logo' })).toBeNull();
  });
});

const SEED_STEPS = [
  { title: 'Entrega de equipo y documentación', due_after_days: 0 },
  { title: 'Capacitación inicial en operación y mantenimiento básico', due_after_days: 7 },
  { title: 'Presentación del equipo de soporte asignado', due_after_days: 7 },
  { title: 'Configuración de accesos al portal de clientes', due_after_days: 14 },
  { title: 'Programación del primer seguimiento', due_after_days: 30 },
];

describe('SettingsPage: post-sale', () => {
  it('checks the ranges, then saves the warranty-end alert days and the at-risk threshold', async () => {
    let saved = { warranty_alert_days: 30, at_risk_threshold: 50, onboarding_steps: SEED_STEPS };
    const fetchMock = setupSettings({
      'GET /api/v1/settings/billing': () => jsonResponse(500, {}),
      'GET /api/v1/settings/post-sale': () => jsonResponse(200, { ...saved, updated_at: '2026-01-01T00:00:00Z' }),
      'PUT /api/v1/settings/post-sale': (init) => {
        saved = JSON.parse(String(init?.body));
        return jsonResponse(200, { ...saved, updated_at: '2026-01-02T00:00:00Z' });
      },
    });
    const form = await screen.findByRole('form', { name: 'Posventa' }, SLOW);
    const input = within(form).getByLabelText(/^Aviso de fin de garantía/) as HTMLInputElement;
    const threshold = within(form).getByLabelText(/^Umbral de riesgo del cliente \(puntos\)/) as HTMLInputElement;
    await waitFor(() => expect(input.value).toBe('30'));
    expect(threshold.value).toBe('50');
    fireEvent.change(input, { target: { value: '400' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await within(form).findByText('Entre 0 y 365 días')).toBeTruthy();
    fireEvent.change(input, { target: { value: '45' } });
    fireEvent.change(threshold, { target: { value: '0' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await within(form).findByText('Entre 1 y 100 puntos')).toBeTruthy();
    expect(within(form).queryByText('Entre 0 y 365 días')).toBeNull();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/post-sale')).toHaveLength(0);
    fireEvent.change(input, { target: { value: '45' } });
    fireEvent.change(threshold, { target: { value: '60' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await screen.findByText('Configuración de posventa guardada.', {}, SLOW)).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/post-sale')).toEqual([
      { warranty_alert_days: 45, at_risk_threshold: 60, onboarding_steps: SEED_STEPS },
    ]);
  });

  it('edits the onboarding steps: add, check, move, remove, then saves them with the rest', async () => {
    let saved = { warranty_alert_days: 30, at_risk_threshold: 50, onboarding_steps: SEED_STEPS.slice(0, 2) };
    const fetchMock = setupSettings({
      'GET /api/v1/settings/billing': () => jsonResponse(500, {}),
      'GET /api/v1/settings/post-sale': () => jsonResponse(200, { ...saved, updated_at: '2026-01-01T00:00:00Z' }),
      'PUT /api/v1/settings/post-sale': (init) => {
        saved = JSON.parse(String(init?.body));
        return jsonResponse(200, { ...saved, updated_at: '2026-01-02T00:00:00Z' });
      },
    });
    const form = await screen.findByRole('form', { name: 'Posventa' }, SLOW);
    const editor = await within(form).findByRole('group', { name: 'Pasos de incorporación' });
    await waitFor(() => expect((within(editor).getByLabelText('Paso 1') as HTMLInputElement).value).toBe(SEED_STEPS[0].title));
    expect((within(editor).getByLabelText('Días para el paso 2') as HTMLInputElement).value).toBe('7');
    expect((within(editor).getByRole('button', { name: 'Subir paso 1' }) as HTMLButtonElement).disabled).toBe(true);
    expect((within(editor).getByRole('button', { name: 'Bajar paso 2' }) as HTMLButtonElement).disabled).toBe(true);

    // A new, empty step is refused before anything is sent; so are days out of range.
    fireEvent.click(within(editor).getByRole('button', { name: 'Agregar paso' }));
    fireEvent.change(within(editor).getByLabelText('Días para el paso 3'), { target: { value: '400' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await within(editor).findByText('Escribe el nombre del paso.')).toBeTruthy();
    expect(within(editor).getByText('Entre 0 y 365 días.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/post-sale')).toHaveLength(0);

    fireEvent.change(within(editor).getByLabelText('Paso 3'), { target: { value: '  Visita de bienvenida ' } });
    fireEvent.change(within(editor).getByLabelText('Días para el paso 3'), { target: { value: '3' } });
    await waitFor(() => expect(within(editor).queryByText('Escribe el nombre del paso.')).toBeNull());
    // Move the new step up, then remove the first one.
    fireEvent.click(within(editor).getByRole('button', { name: 'Subir paso 3' }));
    expect((within(editor).getByLabelText('Paso 2') as HTMLInputElement).value).toBe('  Visita de bienvenida ');
    fireEvent.click(within(editor).getByRole('button', { name: 'Quitar paso 1' }));
    expect((within(editor).getByLabelText('Paso 1') as HTMLInputElement).value).toBe('  Visita de bienvenida ');
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await screen.findByText('Configuración de posventa guardada.', {}, SLOW)).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', '/api/v1/settings/post-sale')).toEqual([
      {
        warranty_alert_days: 30,
        at_risk_threshold: 50,
        onboarding_steps: [
          { title: 'Visita de bienvenida', due_after_days: 3 },
          { title: SEED_STEPS[1].title, due_after_days: 7 },
        ],
      },
    ]);
  });

  it("shows the server's refusal of the onboarding steps on the editor", async () => {
    setupSettings({
      'GET /api/v1/settings/billing': () => jsonResponse(500, {}),
      'GET /api/v1/settings/post-sale': () =>
        jsonResponse(200, { warranty_alert_days: 30, at_risk_threshold: 50, onboarding_steps: SEED_STEPS, updated_at: '2026-01-01T00:00:00Z' }),
      'PUT /api/v1/settings/post-sale': () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'x', status: 422, code: 'validation_failed', detail: 'x', field: 'onboarding_steps' }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const form = await screen.findByRole('form', { name: 'Posventa' }, SLOW);
    const editor = await within(form).findByRole('group', { name: 'Pasos de incorporación' });
    await waitFor(() => expect((within(editor).getByLabelText('Paso 5') as HTMLInputElement).value).toBe(SEED_STEPS[4].title));
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    const alert = await within(editor).findByRole('alert', {}, SLOW);
    expect(alert.textContent).toContain('Revisa los pasos');
  });

  it("shows the server's refusal of the threshold on its field", async () => {
    setupSettings({
      'GET /api/v1/settings/billing': () => jsonResponse(500, {}),
      'GET /api/v1/settings/post-sale': () =>
        jsonResponse(200, { warranty_alert_days: 30, at_risk_threshold: 50, onboarding_steps: SEED_STEPS, updated_at: '2026-01-01T00:00:00Z' }),
      'PUT /api/v1/settings/post-sale': () =>
        new Response(
          JSON.stringify({ type: 'about:blank', title: 'x', status: 422, code: 'validation_failed', detail: 'x', field: 'at_risk_threshold' }),
          { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    const form = await screen.findByRole('form', { name: 'Posventa' }, SLOW);
    const threshold = within(form).getByLabelText(/^Umbral de riesgo del cliente/) as HTMLInputElement;
    await waitFor(() => expect(threshold.value).toBe('50'));
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar posventa' }));
    expect(await within(form).findByText('Entre 1 y 100 puntos', {}, SLOW)).toBeTruthy();
    expect(threshold.getAttribute('aria-invalid')).toBe('true');
  });
});

describe('normalizeCompanySettings', () => {
  it('fills `name` from the server`s `company_name` and keeps an explicit name', () => {
    expect(normalizeCompanySettings(company).name).toBe('Maquinarias del Sur');
    expect(normalizeCompanySettings({ name: 'Otra', currency: 'USD' }).company_name).toBe('Otra');
  });
});

describe('admin API helpers', () => {
  it('moveId swaps neighbours and leaves the ends alone', () => {
    const list = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
    expect(moveId(list, 'b', -1)).toEqual(['b', 'a', 'c']);
    expect(moveId(list, 'b', 1)).toEqual(['a', 'c', 'b']);
    expect(moveId(list, 'a', -1)).toEqual(['a', 'b', 'c']);
    expect(moveId(list, 'c', 1)).toEqual(['a', 'b', 'c']);
  });

  it('problemField reads the field the server named', () => {
    expect(problemField(new ApiError(422, 'validation_failed', { code: 'validation_failed', field: 'tax_rate' } as never))).toBe('tax_rate');
    expect(problemField(new ApiError(422, 'validation_failed', { code: 'validation_failed' }))).toBeNull();
    expect(problemField(new Error('boom'))).toBeNull();
  });
});
