/**
 * Test fixtures for the customers area (imported by tests only): sample
 * customers, contacts, equipment and users, a problem response naming a
 * field, and a render helper that puts a page behind `RequireAuth` so
 * `useCurrentUser()` works exactly as in the app.
 */
import { configure } from '@testing-library/react';
import type { ReactElement } from 'react';
import type { User } from '../../api/auth';
import type { Contact, Customer, Equipment } from '../../api/customers';
import { RequireAuth } from '../RequireAuth';
import { jsonResponse, renderPage, sampleUser, stubFetch } from '../../test/utils';

// These pages chain several requests (and dialogs); on a busy shared machine
// the default 1 s wait of findBy*/waitFor is too tight.
configure({ asyncUtilTimeout: 4000 });

export const CUSTOMER_ID = '22222222-2222-4222-8222-222222222222';
export const SELLER_ID = '33333333-3333-4333-8333-333333333333';

export const master: User = { ...sampleUser, id: 'me-master', name: 'Marta Maestra', role: 'master' };
export const seller: User = { ...sampleUser, id: SELLER_ID, name: 'Sara Vendedora', role: 'seller' };
export const operator: User = { ...sampleUser, id: 'me-operator', name: 'Oscar Operador', role: 'operator' };
export const technician: User = { ...sampleUser, id: 'me-tech', name: 'Tomás Técnico', role: 'technician' };
export const portalUser: User = {
  ...sampleUser,
  id: 'me-portal',
  name: 'Pedro Pérez',
  role: 'customer',
  customer_id: CUSTOMER_ID,
};

export const andes: Customer = {
  id: CUSTOMER_ID,
  number: 'CLI-000001',
  name: 'Constructora Los Andes C.A.',
  tax_id: 'J-12345678-4',
  tax_id_country: 'VE',
  category: 'VIP',
  owner_id: SELLER_ID,
  credit_limit: '5000.00',
  email: 'compras@andes.example',
  phone: '+58 212 555 0000',
  address: 'Av. Principal, Caracas',
  city: 'Caracas',
  notes: 'Paga a 30 días',
  active: true,
  created_at: '2026-01-10T12:00:00Z',
  updated_at: '2026-01-10T12:00:00Z',
};

export const callao: Customer = {
  ...andes,
  id: '44444444-4444-4444-8444-444444444444',
  number: 'CLI-000002',
  name: 'Minera El Callao S.A.',
  tax_id: 'J-11223344-0',
  category: '',
  owner_id: null,
  credit_limit: '0',
};

export const pedro: Contact = {
  id: '55555555-5555-4555-8555-555555555555',
  customer_id: CUSTOMER_ID,
  name: 'Pedro Pérez',
  email: 'pedro@andes.example',
  phone: '+58 414 000 0000',
  position: 'Gerente',
  user_id: 'me-portal',
  created_at: '2026-01-10T12:00:00Z',
};

export const lucia: Contact = {
  ...pedro,
  id: '66666666-6666-4666-8666-666666666666',
  name: 'Lucía Gómez',
  email: 'lucia@andes.example',
  position: 'Compras',
  user_id: null,
};

export const excavator: Equipment = {
  id: '77777777-7777-4777-8777-777777777777',
  customer_id: CUSTOMER_ID,
  brand: 'John Deere',
  model: '310L',
  serial: 'JD310L001',
  year: 2021,
  engine_hours: 150,
  warranty_ends_on: '2027-06-30',
  notes: '',
  created_at: '2026-01-10T12:00:00Z',
};

export const sellerUser: User = { ...seller, email: 'sara@example.com' };

export const companySettings = {
  name: 'Faena Demo',
  address: '',
  phone: '',
  email: '',
  currency: 'USD',
  tax_rate: '16',
  tax_id_country: 'VE',
  time_zone: 'America/Caracas',
  terms: '',
  logo_url: null,
};

/** A problem+json response that names the offending input field. */
export function problemWithField(status: number, code: string, field: string, detail = code): Response {
  return new Response(JSON.stringify({ type: 'about:blank', title: code, status, code, detail, field }), {
    status,
    headers: { 'Content-Type': 'application/problem+json' },
  });
}

type Routes = Parameters<typeof stubFetch>[0];

/** Stubs the session (`me`), company settings and `routes`, then renders `element` behind `RequireAuth`. */
export function renderAs(me: User, path: string, element: ReactElement, routes: Routes, url = path) {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, me),
    'GET /api/v1/settings/company': () => jsonResponse(200, companySettings),
    ...routes,
  });
  const view = renderPage(path, <RequireAuth>{element}</RequireAuth>, url);
  return { fetchMock, view };
}

/** The URLs `fetch` was called with for `method`, in order. */
export function urlsCalled(fetchMock: ReturnType<typeof stubFetch>, method = 'GET'): string[] {
  return fetchMock.mock.calls
    .filter(([, init]) => ((init as RequestInit | undefined)?.method ?? 'GET') === method)
    .map(([input]) => String(input));
}
