/** Tests for /company: a portal contact sees and edits their own company (contact details only), contacts and equipment. */
import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import {
  CUSTOMER_ID,
  andes,
  excavator,
  lucia,
  pedro,
  portalUser,
  renderAs,
  urlsCalled,
} from '../components/customers/testFixtures';
import { callsTo, jsonResponse } from '../test/utils';
import { CompanyPage } from './CompanyPage';

function setup(routes: Parameters<typeof renderAs>[3] = {}, me = portalUser) {
  return renderAs(me, '/company', <CompanyPage />, {
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222': () => jsonResponse(200, andes),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/contacts': () => jsonResponse(200, [pedro, lucia]),
    'GET /api/v1/customers/22222222-2222-4222-8222-222222222222/equipment': () => jsonResponse(200, [excavator]),
    ...routes,
  });
}

describe('CompanyPage', () => {
  it("shows the contact's company without the office's commercial terms", async () => {
    setup();
    expect(await screen.findByRole('heading', { level: 1, name: 'Mi empresa' })).toBeTruthy();
    expect(await screen.findByRole('heading', { name: andes.name })).toBeTruthy();
    expect(screen.getByText('J-12345678-4')).toBeTruthy();
    expect(screen.queryByText('Límite de crédito')).toBeNull();
    expect(screen.queryByText(andes.notes)).toBeNull();
    expect(await screen.findByText('Lucía Gómez')).toBeTruthy();
    expect(await screen.findByText('JD310L001')).toBeTruthy();
    // Only staff invite contacts to the portal.
    expect(screen.queryByRole('button', { name: /Invitar/ })).toBeNull();
  });

  it('edits the contact details and sends the commercial terms back unchanged', async () => {
    const { fetchMock } = setup({
      'PUT /api/v1/customers/22222222-2222-4222-8222-222222222222': () =>
        jsonResponse(200, { ...andes, address: 'Nueva dirección', updated_at: '2026-03-01T00:00:00Z' }),
    });
    await screen.findByRole('heading', { name: andes.name });
    const card = screen.getByRole('heading', { name: 'Datos de la empresa' }).closest('div.mantine-Card-root') as HTMLElement;
    fireEvent.click(within(card).getByRole('button', { name: 'Editar' }));
    expect(within(card).queryByLabelText(/^Límite de crédito/)).toBeNull();
    expect((within(card).getByLabelText(/^Identificación fiscal/) as HTMLInputElement).readOnly).toBe(true);
    fireEvent.change(within(card).getByLabelText(/^Dirección/), { target: { value: 'Nueva dirección' } });
    fireEvent.click(within(card).getByRole('button', { name: 'Guardar' }));
    expect(await screen.findByText('Datos de la empresa guardados.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', `/api/v1/customers/${CUSTOMER_ID}`)).toEqual([
      {
        name: andes.name,
        tax_id: andes.tax_id,
        tax_id_country: 'VE',
        category: 'VIP',
        owner_id: andes.owner_id,
        credit_limit: '5000.00',
        email: andes.email,
        phone: andes.phone,
        address: 'Nueva dirección',
        city: andes.city,
        notes: andes.notes,
      },
    ]);
  });

  it('explains when the account has no company', async () => {
    const { fetchMock } = setup({}, { ...portalUser, customer_id: null });
    expect(await screen.findByText(/no está vinculada a ninguna empresa/)).toBeTruthy();
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/customers'))).toBe(false);
  });
});
