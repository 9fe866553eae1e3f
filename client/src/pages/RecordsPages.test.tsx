/**
 * Tests for /parts (the parts used across orders, with their filters) and
 * /cash (Caja / Cobranzas: search, date range, method, totals per method,
 * master's reversal), on a desk screen and on a phone.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { Role } from '../api/auth';
import { ORDER_ID, TECH_ID, sessionRoutes } from '../components/operations/testFixtures';
import { callsTo, jsonResponse, phoneViewport, renderApp, stubFetch } from '../test/utils';

vi.setConfig({ testTimeout: 30_000 });

const partRow = {
  id: 'part-1',
  order_id: ORDER_ID,
  order_number: 'OS-000042',
  customer_id: 'c1',
  customer_name: 'Grúas del Sur C.A.',
  description: 'Filtro de aceite',
  quantity: '2',
  unit_price: '85.00',
  total: '170.00',
  warranty_days: 90,
  warranty_until: '2027-02-18',
  shown_to_customer: false,
  added_by: TECH_ID,
  added_by_name: 'Luis Rojas',
  created_at: '2026-11-20T15:00:00Z',
  updated_at: '2026-11-20T15:00:00Z',
};

const payment = (n: number, over: Record<string, unknown> = {}) => ({
  id: `pay-${n}`,
  number: `REC-00000${n}`,
  order_id: ORDER_ID,
  order_number: 'OS-000042',
  customer_id: 'c1',
  customer_name: 'Grúas del Sur C.A.',
  amount: '100.00',
  method_id: 'm-zelle',
  method_name: 'Zelle',
  reference: `ZL-${n}`,
  paid_on: '2026-11-21',
  registered_by: 'u1',
  registered_by_name: 'Olga Oficina',
  created_at: '2026-11-21T14:00:00Z',
  deleted_at: null,
  ...over,
});

const totals = {
  count: 3,
  total: '1250.50',
  by_method: [
    { method_id: 'm-cash', method_name: 'Efectivo', count: 1, total: '1000.00' },
    { method_id: 'm-zelle', method_name: 'Zelle', count: 2, total: '250.50' },
  ],
};

/** The URLs the page asked for under `prefix`. */
const asked = (fetchMock: ReturnType<typeof stubFetch>, prefix: string) =>
  fetchMock.mock.calls.map(([i]) => String(i)).filter((u) => u.startsWith(prefix));

function partsRoutes(role: Role = 'operator') {
  return {
    ...sessionRoutes(role),
    'GET /api/v1/parts': () => jsonResponse(200, { items: [partRow], next_cursor: null }),
    'GET /api/v1/orders': () => jsonResponse(200, { items: [{ id: ORDER_ID, number: 'OS-000042' }], next_cursor: null }),
    'GET /api/v1/users': () =>
      jsonResponse(200, [
        { id: TECH_ID, name: 'Luis Rojas', role: 'technician', active: true },
        { id: 'u1', name: 'Olga Oficina', role: 'operator', active: true },
      ]),
  };
}

describe('PartsPage', () => {
  it('lists date, description, warranty, price and who added each part, and filters', async () => {
    const fetchMock = stubFetch(partsRoutes());
    renderApp('/parts');
    expect(await screen.findByRole('heading', { level: 1, name: 'Repuestos usados' }, { timeout: 5000 })).toBeTruthy();
    const row = (await screen.findByText('Filtro de aceite')).closest('tr') as HTMLElement;
    expect(within(row).getByRole('link', { name: 'OS-000042' }).getAttribute('href')).toBe(`/orders/${ORDER_ID}`);
    expect(row.textContent).toContain('90 días, hasta 18 feb 2027');
    expect(row.textContent).toMatch(/2 × .*85,00.* = .*170,00/);
    expect(row.textContent).toContain('Luis Rojas');
    expect(row.textContent).toContain('Interno: no se cobra al cliente');
    const headers = screen.getAllByRole('columnheader').map((h) => h.textContent);
    expect(headers).toEqual(['Fecha', 'Orden', 'Descripción', 'Precio', 'Incorporado por', 'Acciones']);

    const filters = screen.getByRole('search', { name: 'Filtros' });
    fireEvent.change(within(filters).getByLabelText('Desde'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(filters).getByLabelText('Hasta'), { target: { value: '2026-11-30' } });
    fireEvent.change(within(filters).getByLabelText('Descripción'), { target: { value: 'filtro' } });
    fireEvent.change(within(filters).getByLabelText('Orden'), { target: { value: 'os-000042' } });
    await waitFor(() =>
      expect(asked(fetchMock, '/api/v1/parts')).toContain(`/api/v1/parts?from=2026-11-01&to=2026-11-30&order_id=${ORDER_ID}&q=filtro`),
    );
    // A range that ends before it starts is explained and not sent.
    const before = asked(fetchMock, '/api/v1/parts').length;
    fireEvent.change(within(filters).getByLabelText('Hasta'), { target: { value: '2026-10-01' } });
    expect(await within(filters).findByText('La fecha «hasta» debe ser igual o posterior a «desde».')).toBeTruthy();
    await new Promise((r) => setTimeout(r, 400));
    expect(asked(fetchMock, '/api/v1/parts')).toHaveLength(before);
  });

  it('says when no order has the number typed', async () => {
    stubFetch({ ...partsRoutes(), 'GET /api/v1/orders': () => jsonResponse(200, { items: [], next_cursor: null }) });
    renderApp('/parts');
    const filters = await screen.findByRole('search', { name: 'Filtros' }, { timeout: 5000 });
    fireEvent.change(within(filters).getByLabelText('Orden'), { target: { value: 'OS-999999' } });
    expect(await within(filters).findByText('No hay ninguna orden con ese número.')).toBeTruthy();
  });

  it('becomes cards on a phone', async () => {
    phoneViewport();
    stubFetch(partsRoutes());
    renderApp('/parts');
    const card = await screen.findByRole('article', { name: 'Filtro de aceite' }, { timeout: 5000 });
    expect(screen.queryByRole('table')).toBeNull();
    expect(card.textContent).toContain('Incorporado por: Luis Rojas');
    expect(within(card).getByRole('link', { name: 'OS-000042' })).toBeTruthy();
  });
});

function cashRoutes(role: Role, items = [payment(1), payment(2, { method_id: 'm-cash', method_name: 'Efectivo', amount: '1000.00' })]) {
  return {
    ...sessionRoutes(role),
    'GET /api/v1/payments': () => jsonResponse(200, { items, next_cursor: null, totals }),
    'GET /api/v1/payment-methods': () =>
      jsonResponse(200, [
        { id: 'm-cash', name: 'Efectivo', active: true },
        { id: 'm-zelle', name: 'Zelle', active: true },
      ]),
  };
}

describe('CashPage', () => {
  it('searches by receipt, reference, order or customer within a date range and shows totals per method', async () => {
    const fetchMock = stubFetch(cashRoutes('operator'));
    renderApp('/cash');
    expect(await screen.findByRole('heading', { level: 1, name: 'Caja / Cobranzas' }, { timeout: 5000 })).toBeTruthy();
    const totalsBox = await screen.findByRole('region', { name: 'Totales de la búsqueda' });
    expect(within(totalsBox).getByTestId('total-Efectivo').textContent).toMatch(/Efectivo · 1 pago.*1\.?000,00\sUS\$/);
    expect(within(totalsBox).getByTestId('total-Zelle').textContent).toMatch(/Zelle · 2 pagos.*250,50/);
    expect(within(totalsBox).getByTestId('total-all').textContent).toMatch(/Total · 3 pagos.*1\.?250,50\sUS\$/);
    const row = screen.getByRole('link', { name: 'Ver recibo REC-000001' }).closest('tr') as HTMLElement;
    expect(within(row).getByRole('link', { name: 'Ver recibo REC-000001' }).getAttribute('href')).toBe('/api/v1/payments/pay-1/receipt');
    expect(row.textContent).toContain('21 nov 2026');
    expect(row.textContent).toContain('ZL-1');
    expect(within(row).getByRole('link', { name: 'OS-000042' }).getAttribute('href')).toBe(`/orders/${ORDER_ID}`);
    // An operator cannot reverse.
    expect(screen.queryByRole('button', { name: /Eliminar \(anular\)/ })).toBeNull();

    const filters = screen.getByRole('search', { name: 'Filtros' });
    fireEvent.change(within(filters).getByLabelText('Buscar'), { target: { value: '0134-9988' } });
    fireEvent.change(within(filters).getByLabelText('Desde'), { target: { value: '2026-11-01' } });
    fireEvent.change(within(filters).getByLabelText('Hasta'), { target: { value: '2026-11-30' } });
    fireEvent.click(within(filters).getByLabelText('Incluir pagos anulados'));
    await waitFor(() =>
      expect(asked(fetchMock, '/api/v1/payments')).toContain('/api/v1/payments?q=0134-9988&from=2026-11-01&to=2026-11-30&include_deleted=true'),
    );
  });

  it('reads its filters from the URL (the revenue report links here) and keeps them there', async () => {
    const fetchMock = stubFetch(cashRoutes('operator'));
    renderApp('/cash?customer_id=c1&from=2026-11-01&to=2026-11-30');
    const filters = await screen.findByRole('search', { name: 'Filtros' }, { timeout: 5000 });
    await waitFor(() => expect(asked(fetchMock, '/api/v1/payments')).toEqual(['/api/v1/payments?customer_id=c1&from=2026-11-01&to=2026-11-30']));
    expect((within(filters).getByLabelText('Desde') as HTMLInputElement).value).toBe('2026-11-01');
    expect((within(filters).getByLabelText('Hasta') as HTMLInputElement).value).toBe('2026-11-30');
    expect((await within(filters).findByText(/Cliente: Grúas del Sur C\.A\./)).textContent).toBe('Cliente: Grúas del Sur C.A.');
    fireEvent.click(within(filters).getByRole('button', { name: 'Quitar el filtro de cliente' }));
    await waitFor(() => expect(asked(fetchMock, '/api/v1/payments')).toContain('/api/v1/payments?from=2026-11-01&to=2026-11-30'));
    expect(within(filters).queryByText(/Cliente:/)).toBeNull();
  });

  it('lets master reverse a payment from the cash desk, with a reason', async () => {
    const fetchMock = stubFetch({
      ...cashRoutes('master'),
      'DELETE /api/v1/payments/pay-1': () =>
        jsonResponse(200, { payment: payment(1, { deleted_at: '2026-11-22T10:00:00Z' }), balance: { service_value: '150.00', parts_total: '0.00', paid: '0.00', balance: '150.00' } }),
    });
    renderApp('/cash');
    fireEvent.click(await screen.findByRole('button', { name: 'Eliminar (anular) el pago REC-000001' }, { timeout: 5000 }));
    const dialog = await screen.findByRole('dialog', { name: '¿Eliminar (anular) el pago REC-000001?' });
    fireEvent.change(within(dialog).getByLabelText(/^Motivo/), { target: { value: 'Transferencia rechazada por el banco' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Anular el pago' }));
    await waitFor(() => expect(callsTo(fetchMock, 'DELETE', '/api/v1/payments/pay-1')).toEqual([{ reason: 'Transferencia rechazada por el banco' }]));
  });

  it('marks reversed payments with who, when and why', async () => {
    stubFetch(
      cashRoutes('admin', [payment(3, { deleted_at: '2026-11-22T10:00:00Z', deleted_by_name: 'Marco Maestro', delete_reason: 'Pago duplicado' })]),
    );
    renderApp('/cash');
    const row = (await screen.findByRole('link', { name: 'Ver recibo REC-000003' }, { timeout: 5000 })).closest('tr') as HTMLElement;
    expect(within(row).getByText('Anulado')).toBeTruthy();
    expect(row.textContent).toMatch(/Anulado por Marco Maestro el .* · Motivo: Pago duplicado/);
  });

  it('becomes cards on a phone', async () => {
    phoneViewport();
    stubFetch(cashRoutes('operator'));
    renderApp('/cash');
    const card = await screen.findByRole('article', { name: 'Recibo REC-000001' }, { timeout: 5000 });
    expect(screen.queryByRole('table')).toBeNull();
    expect(card.textContent).toContain('Zelle · ZL-1');
  });
});
