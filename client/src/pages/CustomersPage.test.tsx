/** Tests for /customers: listing, filters, "load more", creating a customer (with server field errors), role gating. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  andes,
  callao,
  master,
  operator,
  problemWithField,
  renderAs,
  seller,
  sellerUser,
  technician,
  urlsCalled,
} from '../components/customers/testFixtures';
import i18n, { setLanguage } from '../i18n';
import { callsTo, jsonResponse } from '../test/utils';
import { CustomersPage } from './CustomersPage';

function listOf(...pages: { items: unknown[]; next_cursor?: string | null }[]) {
  let n = 0;
  return () => jsonResponse(200, pages[Math.min(n++, pages.length - 1)]);
}

async function openNewCustomer() {
  fireEvent.click(await screen.findByRole('button', { name: 'Nuevo cliente' }));
  return screen.findByRole('dialog', { name: 'Nuevo cliente' });
}

describe('CustomersPage', () => {
  it('lists customers with links, owner names and credit limits', async () => {
    renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [andes, callao], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
    });
    expect(await screen.findByRole('heading', { level: 1, name: 'Clientes' })).toBeTruthy();
    const link = await screen.findByRole('link', { name: 'Constructora Los Andes C.A.' });
    expect(link.getAttribute('href')).toBe(`/customers/${andes.id}`);
    const table = screen.getByRole('table');
    expect(within(table).getByText('J-12345678-4')).toBeTruthy();
    expect(await within(table).findByText('Sara Vendedora')).toBeTruthy();
    expect(within(table).getByText('Sin vendedor asignado')).toBeTruthy();
    expect(within(table).getByText(/5\.?000,00/)).toBeTruthy();
    // No second page: no "load more".
    expect(screen.queryByRole('button', { name: 'Cargar más' })).toBeNull();
  });

  it('asks for active customers by default and follows next_cursor with "load more"', async () => {
    const { fetchMock } = renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [andes], next_cursor: 'abc' }, { items: [callao], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, []),
    });
    expect(await screen.findByText('Constructora Los Andes C.A.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Cargar más' }));
    expect(await screen.findByText('Minera El Callao S.A.')).toBeTruthy();
    expect(screen.getByText('Constructora Los Andes C.A.')).toBeTruthy();
    const urls = urlsCalled(fetchMock).filter((u) => u.startsWith('/api/v1/customers'));
    expect(urls).toEqual(['/api/v1/customers?active=true&limit=50', '/api/v1/customers?active=true&cursor=abc&limit=50']);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Cargar más' })).toBeNull());
  });

  it('searches by text (debounced)', async () => {
    const { fetchMock } = renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [andes] }),
      'GET /api/v1/users': () => jsonResponse(200, []),
    });
    await screen.findByText('Constructora Los Andes C.A.');
    fireEvent.change(screen.getByRole('searchbox', { name: /Buscar/ }), { target: { value: 'andes' } });
    await waitFor(() =>
      expect(urlsCalled(fetchMock)).toContain('/api/v1/customers?q=andes&active=true&limit=50'),
    );
  });

  it('shows the empty state', async () => {
    renderAs(seller, '/customers', <CustomersPage />, { 'GET /api/v1/customers': listOf({ items: [] }) });
    expect(await screen.findByText('No hay registros.')).toBeTruthy();
  });

  it('creates a customer and opens its page', async () => {
    const { fetchMock } = renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [] }),
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
      'POST /api/v1/customers': () => jsonResponse(201, { ...andes, id: 'new-id' }),
    });
    const dialog = await openNewCustomer();
    fireEvent.change(within(dialog).getByLabelText(/^Nombre o razón social/), { target: { value: ' Ferretería La Nueva ' } });
    fireEvent.change(within(dialog).getByLabelText(/^Identificación fiscal \(RIF\)/), { target: { value: 'j123456784' } });
    fireEvent.change(within(dialog).getByLabelText(/^Límite de crédito/), { target: { value: '1500,50' } });
    fireEvent.change(within(dialog).getByLabelText(/^Correo electrónico/), { target: { value: 'ventas@nueva.example' } });
    // Master and admin pick the owner seller.
    expect(within(dialog).getByRole('textbox', { name: 'Vendedor asignado' })).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Crear cliente' }));
    expect(await screen.findByText('elsewhere')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/customers')).toEqual([
      {
        name: 'Ferretería La Nueva',
        tax_id: 'j123456784',
        tax_id_country: 'VE',
        category: '',
        credit_limit: '1500.50',
        email: 'ventas@nueva.example',
        phone: '',
        address: '',
        city: '',
        notes: '',
        owner_id: null,
      },
    ]);
  });

  it("shows the server's tax-id error on the field and keeps what was typed", async () => {
    renderAs(operator, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [] }),
      'GET /api/v1/users': () => jsonResponse(200, []),
      'POST /api/v1/customers': () => problemWithField(422, 'invalid_tax_id', 'tax_id'),
    });
    const dialog = await openNewCustomer();
    fireEvent.change(within(dialog).getByLabelText(/^Nombre o razón social/), { target: { value: 'Dígito Malo' } });
    const taxId = within(dialog).getByLabelText(/^Identificación fiscal/) as HTMLInputElement;
    fireEvent.change(taxId, { target: { value: 'J-12345678-5' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Crear cliente' }));
    // errors.* texts are shared with other areas (the last catalogue wins): read the live one.
    expect(await within(dialog).findByText(i18n.t('errors.invalid_tax_id'))).toBeTruthy();
    expect(taxId.getAttribute('aria-invalid')).toBe('true');
    expect(taxId.value).toBe('J-12345678-5');
    expect((within(dialog).getByLabelText(/^Nombre o razón social/) as HTMLInputElement).value).toBe('Dígito Malo');
  });

  it('shows tax_id_taken on the field too', async () => {
    renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [] }),
      'GET /api/v1/users': () => jsonResponse(200, []),
      'POST /api/v1/customers': () => problemWithField(409, 'tax_id_taken', 'tax_id'),
    });
    const dialog = await openNewCustomer();
    fireEvent.change(within(dialog).getByLabelText(/^Nombre o razón social/), { target: { value: 'Repetido' } });
    fireEvent.change(within(dialog).getByLabelText(/^Identificación fiscal/), { target: { value: 'J-12345678-4' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Crear cliente' }));
    expect(await within(dialog).findByText(i18n.t('errors.tax_id_taken'))).toBeTruthy();
  });

  it('validates locally before sending', async () => {
    const { fetchMock } = renderAs(master, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [] }),
      'GET /api/v1/users': () => jsonResponse(200, []),
    });
    const dialog = await openNewCustomer();
    expect(within(dialog).getByLabelText(/^Límite de crédito/).hasAttribute('readonly')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText(/^Límite de crédito/), { target: { value: 'mucho' } });
    fireEvent.change(within(dialog).getByLabelText(/^Correo electrónico/), { target: { value: 'no-es-correo' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Crear cliente' }));
    expect(await within(dialog).findByText('Escribe el nombre.')).toBeTruthy();
    expect(within(dialog).getByText('Escribe la identificación fiscal.')).toBeTruthy();
    expect(within(dialog).getByText('Escribe un monto válido, p. ej. 1500.00.')).toBeTruthy();
    expect(within(dialog).getByText('Escribe un correo electrónico válido.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', '/api/v1/customers')).toEqual([]);
  });

  it('a seller sees neither the owner filter nor the owner picker, and users are not requested', async () => {
    const { fetchMock } = renderAs(seller, '/customers', <CustomersPage />, {
      'GET /api/v1/customers': listOf({ items: [andes] }),
    });
    await screen.findByText('Constructora Los Andes C.A.');
    expect(screen.queryByRole('columnheader', { name: 'Vendedor asignado' })).toBeNull();
    const dialog = await openNewCustomer();
    expect(within(dialog).queryByRole('textbox', { name: 'Vendedor asignado' })).toBeNull();
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/users'))).toBe(false);
    // Only the office sets credit limits: the seller's field is read-only.
    expect(within(dialog).getByLabelText(/^Límite de crédito/).hasAttribute('readonly')).toBe(true);
  });

  it('speaks English too', async () => {
    await setLanguage('en');
    renderAs(seller, '/customers', <CustomersPage />, { 'GET /api/v1/customers': listOf({ items: [andes] }) });
    expect(await screen.findByRole('heading', { level: 1, name: 'Customers' })).toBeTruthy();
    expect(await screen.findByRole('columnheader', { name: 'Credit limit' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'New customer' })).toBeTruthy();
  });

  it('tells technicians they have no access', async () => {
    const { fetchMock } = renderAs(technician, '/customers', <CustomersPage />, {});
    expect(await screen.findByText('No tienes permiso para realizar esta acción.')).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Clientes' })).toBeTruthy();
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/customers'))).toBe(false);
  });
});
