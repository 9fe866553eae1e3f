/**
 * Tests for /customers/:id: data and sections, editing, the master/admin
 * controls (active, owner), contacts with portal invitations, equipment and
 * engine-hour readings that never decrease, the customer's orders.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_ID,
  andes,
  excavator,
  lucia,
  master,
  operator,
  pedro,
  problemWithField,
  renderAs,
  seller,
  sellerUser,
  urlsCalled,
} from '../components/customers/testFixtures';
import type { User } from '../api/auth';
import i18n from '../i18n';
import { callsTo, jsonResponse, problemResponse } from '../test/utils';
import { CustomerDetailPage } from './CustomerDetailPage';
import { andesMetrics } from '../components/customerMetrics/testFixtures';

const order = {
  id: '88888888-8888-4888-8888-888888888888',
  number: 'OS-000123',
  customer_id: CUSTOMER_ID,
  customer_name: andes.name,
  reason: 'Cambio de aceite',
  service_value: '100.00',
  qr_token: 'tok',
  state: 'open',
  active: true,
  received_at: '2026-02-01T12:00:00Z',
  equipment_brand: 'John Deere',
  equipment_model: '310L',
  equipment_serial: 'JD310L001',
  technicians: [],
};

function setup(me: User, routes: Parameters<typeof renderAs>[3] = {}) {
  return renderAs(me, '/customers/:id', <CustomerDetailPage />, {
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222': () => jsonResponse(200, andes),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/contacts': () => jsonResponse(200, [pedro, lucia]),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/equipment': () => jsonResponse(200, [excavator]),
    'GET /api/v1/orders': () => jsonResponse(200, { items: [order], next_cursor: null }),
    'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/interactions': () =>
      jsonResponse(200, { items: [], next_cursor: null }),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/metrics': () => jsonResponse(200, andesMetrics),
    ...routes,
  }, `/customers/${CUSTOMER_ID}`);
}

const renderAsAdmin = (routes: Parameters<typeof renderAs>[3]) => setup({ ...master, role: 'admin' }, routes);

describe('CustomerDetailPage', () => {
  it('shows the customer, its contacts, equipment and orders', async () => {
    const { fetchMock } = setup(master);
    expect(await screen.findByRole('heading', { level: 1, name: andes.name })).toBeTruthy();
    expect(screen.getByText('J-12345678-4')).toBeTruthy();
    expect((await screen.findAllByText('Sara Vendedora')).length).toBeGreaterThan(0);
    expect(await screen.findByText('Lucía Gómez')).toBeTruthy();
    expect(screen.getByText('Con acceso')).toBeTruthy();
    expect(await screen.findByText('JD310L001')).toBeTruthy();
    expect(screen.getByText('150 h')).toBeTruthy();
    const orderLink = await screen.findByRole('link', { name: 'OS-000123' });
    expect(orderLink.getAttribute('href')).toBe(`/orders/${order.id}`);
    expect(urlsCalled(fetchMock)).toContain(`/api/v1/orders?customer_id=${CUSTOMER_ID}&limit=20`);
    // The interactions timeline (details in components/interactions).
    expect(screen.getByRole('heading', { level: 2, name: 'Interacciones' })).toBeTruthy();
    expect(await screen.findByText('Aún no hay interacciones registradas.')).toBeTruthy();
    expect(urlsCalled(fetchMock)).toContain(`/api/v1/customers/${CUSTOMER_ID}/interactions`);
    // The indicators card (details in components/customerMetrics).
    expect(screen.getByRole('heading', { level: 2, name: 'Indicadores del cliente' })).toBeTruthy();
    expect(await screen.findByText('Riesgo: 65/100')).toBeTruthy();
  });

  it('edits the customer data with PUT and keeps the owner', async () => {
    const { fetchMock } = setup(operator, {
      'PUT /api/v1/customers/22222222-2222-4222-8222-222222222222': () =>
        jsonResponse(200, { ...andes, phone: '+58 212 999 8888', updated_at: '2026-03-01T00:00:00Z' }),
    });
    await screen.findByRole('heading', { level: 1, name: andes.name });
    const dataCard = screen.getByRole('heading', { name: 'Datos del cliente' }).closest('div.mantine-Card-root') as HTMLElement;
    fireEvent.click(within(dataCard).getByRole('button', { name: 'Editar' }));
    fireEvent.change(within(dataCard).getByLabelText(/^Teléfono/), { target: { value: '+58 212 999 8888' } });
    fireEvent.click(within(dataCard).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('+58 212 999 8888')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/customers/${CUSTOMER_ID}`)).toEqual([
      {
        name: andes.name,
        tax_id: andes.tax_id,
        tax_id_country: 'VE',
        category: 'VIP',
        credit_limit: '5000.00',
        email: andes.email,
        phone: '+58 212 999 8888',
        address: andes.address,
        city: andes.city,
        notes: andes.notes,
        owner_id: andes.owner_id,
      },
    ]);
    // An operator may edit but not administer.
    expect(screen.queryByRole('button', { name: 'Desactivar (eliminar)' })).toBeNull();
  });

  it('lets master deactivate the customer', async () => {
    const { fetchMock } = setup(master, {
      'PUT /api/v1/customers/22222222-2222-4222-8222-222222222222/active': () =>
        jsonResponse(200, { ...andes, active: false }),
    });
    // The seed's "eliminar" is a deactivation, and the screen says so before anything changes.
    expect(await screen.findByText(/«eliminar» un cliente es desactivarlo/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: 'Desactivar (eliminar)' }));
    const dialog = await screen.findByRole('dialog', { name: /¿Desactivar \(eliminar\) a/ });
    expect(within(dialog).getByText(/El cliente no se borra: se desactiva/)).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/customers/${CUSTOMER_ID}/active`)).toHaveLength(0);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Desactivar (eliminar)' }));
    expect(await screen.findByRole('button', { name: 'Activar cliente' })).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/customers/${CUSTOMER_ID}/active`)).toEqual([{ active: false }]);
    expect(screen.getAllByText('Inactivo').length).toBeGreaterThan(0);
  });

  it('lets admin move the customer to another seller', async () => {
    const other = { ...sellerUser, id: '99999999-9999-4999-8999-999999999999', name: 'Víctor Ventas' };
    const { fetchMock } = renderAsAdmin({
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser, other]),
      'PUT /api/v1/customers/22222222-2222-4222-8222-222222222222': () =>
        jsonResponse(200, { ...andes, owner_id: other.id, updated_at: '2026-03-01T00:00:00Z' }),
    });
    const change = await screen.findByRole('button', { name: 'Cambiar vendedor' });
    expect((change as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(screen.getByRole('textbox', { name: 'Vendedor asignado' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Víctor Ventas', hidden: true }));
    fireEvent.click(change);
    expect(await screen.findByText('Vendedor asignado actualizado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/customers/${CUSTOMER_ID}`)).toEqual([
      expect.objectContaining({ owner_id: other.id, tax_id: andes.tax_id, credit_limit: '5000.00' }),
    ]);
  });

  it('edits a contact with PUT /contacts/{id}', async () => {
    const { fetchMock } = setup(master, {
      'PUT /api/v1/contacts/55555555-5555-4555-8555-555555555555': () =>
        jsonResponse(200, { ...pedro, position: 'Gerente general' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Editar contacto Pedro Pérez' }));
    const dialog = await screen.findByRole('dialog', { name: 'Editar contacto' });
    const position = within(dialog).getByLabelText(/^Cargo/) as HTMLInputElement;
    expect(position.value).toBe('Gerente');
    fireEvent.change(position, { target: { value: 'Gerente general' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Contacto guardado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/contacts/${pedro.id}`)).toEqual([
      { name: 'Pedro Pérez', email: 'pedro@andes.example', phone: '+58 414 000 0000', position: 'Gerente general' },
    ]);
  });

  it('a seller gets neither the office controls nor the users list', async () => {
    const { fetchMock } = setup(seller);
    await screen.findByRole('heading', { level: 1, name: andes.name });
    expect(screen.queryByRole('button', { name: 'Desactivar (eliminar)' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Cambiar vendedor' })).toBeNull();
    // The seller owns this customer: shown by name without listing users.
    expect(screen.getByText('Sara Vendedora')).toBeTruthy();
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/users'))).toBe(false);
  });

  it('says when the customer is not found', async () => {
    setup(seller, {
      'GET /api/v1/customers/22222222-2222-4222-8222-222222222222': () => problemResponse(404, 'not_found'),
    });
    expect(await screen.findByText('No encontramos lo que buscas.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Clientes' })).toBeTruthy();
  });

  it('invites a contact to the portal', async () => {
    let invited = false;
    const { fetchMock } = setup(seller, {
      'POST /api/v1/contacts/66666666-6666-4666-8666-666666666666/invite': () => {
        invited = true;
        return jsonResponse(200, { ...lucia, user_id: 'new-user' });
      },
      'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/contacts': () =>
        jsonResponse(200, [pedro, invited ? { ...lucia, user_id: 'new-user' } : lucia]),
    });
    // Pedro already has access: only Lucía can be invited.
    expect(screen.queryByRole('button', { name: 'Invitar a Pedro Pérez al portal' })).toBeNull();
    fireEvent.click(await screen.findByRole('button', { name: 'Invitar a Lucía Gómez al portal' }));
    expect(await screen.findByText('Enviamos a Lucía Gómez una invitación al portal.')).toBeTruthy();
    await waitFor(() => expect(screen.getAllByText('Con acceso')).toHaveLength(2));
    expect(callsTo(fetchMock, 'POST', `/api/v1/contacts/${lucia.id}/invite`)).toEqual([{}]);
  });

  it('explains why a contact without e-mail cannot be invited', async () => {
    setup(master, {
      'POST /api/v1/contacts/66666666-6666-4666-8666-666666666666/invite': () =>
        problemWithField(422, 'validation_failed', 'email'),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Invitar a Lucía Gómez al portal' }));
    expect(
      await screen.findByText('El contacto necesita un correo electrónico para recibir la invitación.'),
    ).toBeTruthy();
  });

  it('adds a contact, showing the server e-mail error on the field first', async () => {
    let attempts = 0;
    const { fetchMock } = setup(master, {
      'POST /api/v1/customers/22222222-2222-4222-8222-222222222222/contacts': () =>
        ++attempts === 1
          ? problemWithField(422, 'invalid_email', 'email')
          : jsonResponse(201, { ...lucia, id: 'c-new', name: 'Ana Ruiz' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Agregar contacto' }));
    const dialog = await screen.findByRole('dialog', { name: 'Agregar contacto' });
    fireEvent.change(within(dialog).getByLabelText(/^Nombre/), { target: { value: 'Ana Ruiz' } });
    fireEvent.change(within(dialog).getByLabelText(/^Cargo/), { target: { value: 'Jefa de taller' } });
    fireEvent.change(within(dialog).getByLabelText(/^Correo electrónico/), { target: { value: 'ana@ruiz.x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await within(dialog).findByText(i18n.t('errors.invalid_email'))).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Contacto guardado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `/api/v1/customers/${CUSTOMER_ID}/contacts`)[1]).toEqual({
      name: 'Ana Ruiz',
      email: 'ana@ruiz.x',
      phone: '',
      position: 'Jefa de taller',
    });
  });

  it('adds equipment with an initial engine-hour reading', async () => {
    const { fetchMock } = setup(master, {
      'POST /api/v1/customers/22222222-2222-4222-8222-222222222222/equipment': () =>
        jsonResponse(201, { ...excavator, id: 'eq-new' }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Agregar equipo' }));
    const dialog = await screen.findByRole('dialog', { name: 'Agregar equipo' });
    fireEvent.change(within(dialog).getByLabelText(/^Marca/), { target: { value: 'Caterpillar' } });
    fireEvent.change(within(dialog).getByLabelText(/^Modelo/), { target: { value: '320D' } });
    fireEvent.change(within(dialog).getByLabelText(/^Año/), { target: { value: '1800' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await within(dialog).findByText('Escribe un año entre 1900 y 2100.')).toBeTruthy();
    fireEvent.change(within(dialog).getByLabelText(/^Año/), { target: { value: '2019' } });
    fireEvent.change(within(dialog).getByLabelText(/^Horómetro inicial/), { target: { value: '1200' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Equipo guardado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `/api/v1/customers/${CUSTOMER_ID}/equipment`)).toEqual([
      {
        brand: 'Caterpillar',
        model: '320D',
        serial: '',
        year: 2019,
        warranty_ends_on: null,
        notes: '',
        engine_hours: 1200,
      },
    ]);
  });

  it("records a reading and shows the server's refusal of a lower one", async () => {
    let calls = 0;
    const { fetchMock } = setup(master, {
      'GET /api/v1/equipment/77777777-7777-4777-8777-777777777777/readings': () =>
        jsonResponse(200, [{ id: 'r1', equipment_id: excavator.id, hours: 150, read_at: '2026-01-20T10:00:00Z', recorded_by: null }]),
      'POST /api/v1/equipment/77777777-7777-4777-8777-777777777777/readings': () =>
        ++calls === 1
          ? problemWithField(422, 'engine_hours_decreased', 'hours', 'the meter already reads 150 hours; readings never decrease')
          : jsonResponse(200, { ...excavator, engine_hours: 180 }),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Lecturas del horómetro de John Deere 310L JD310L001' }));
    const dialog = await screen.findByRole('dialog', { name: 'Horómetro de John Deere 310L' });
    expect(await within(dialog).findByText('Lectura actual: 150 h')).toBeTruthy();
    const field = within(dialog).getByLabelText(/^Nueva lectura/) as HTMLInputElement;
    fireEvent.change(field, { target: { value: '120' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Registrar lectura' }));
    expect(
      await within(dialog).findByText('La lectura no puede ser menor que la última registrada (150 h).'),
    ).toBeTruthy();
    expect(field.value).toBe('120');
    expect(field.getAttribute('aria-invalid')).toBe('true');

    fireEvent.change(field, { target: { value: '180' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Registrar lectura' }));
    await waitFor(() => expect(calls).toBe(2));
    expect(await screen.findByText('Lectura registrada.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `/api/v1/equipment/${excavator.id}/readings`)).toEqual([
      { hours: 120 },
      { hours: 180 },
    ]);
  });

  it('refuses a non-numeric reading locally', async () => {
    const { fetchMock } = setup(master, {
      'GET /api/v1/equipment/77777777-7777-4777-8777-777777777777/readings': () => jsonResponse(200, []),
    });
    fireEvent.click(await screen.findByRole('button', { name: /^Lecturas del horómetro/ }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText(/^Nueva lectura/), { target: { value: '12.5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Registrar lectura' }));
    expect(await within(dialog).findByText('Escribe un número entero de horas, sin decimales.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `/api/v1/equipment/${excavator.id}/readings`)).toEqual([]);
  });
});
