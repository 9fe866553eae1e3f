/** Tests for /stock/reorder: the list with its suggestions, and drafting purchase orders. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { BackorderEntry, ReorderEntry } from '../../api/stock';
import { callsTo, jsonResponse, renderApp, sampleUser, stubFetch } from '../../test/utils';

vi.mock('../../realtime/client', () => import('../../components/operations/realtimeMock'));

const admin = { ...sampleUser, role: 'admin' as const };
const SLOW = { timeout: 8000 };

const entry: ReorderEntry = {
  item_id: 'i1',
  sku: 'KIT-SELLO-WA470',
  description: 'Kit de sellos del cilindro de levante',
  unit: 'kit',
  average_cost: '129.00',
  minimum: '1',
  maximum: '4',
  reorder_multiple: '1',
  preferred_supplier_id: 's1',
  supplier_name: 'Repuestos Industriales del Pacífico SpA',
  on_hand: '1',
  reserved: '1',
  available: '0',
  on_order: '0',
  backordered: '0',
  projected: '0',
  in_draft: '0',
  suggested: '4',
  backorders: 0,
  reorder_since: '2026-03-01T10:00:00Z',
};

describe('ReorderPage', () => {
  it('lists the items below their minimum with the suggested quantity and drafts purchase orders', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, admin),
      'GET /api/v1/stock/reorder': () => jsonResponse(200, [entry]),
      'GET /api/v1/stock/backorders': () => jsonResponse(200, []),
      'POST /api/v1/stock/reorder/draft-purchase-orders': () =>
        jsonResponse(201, {
          orders: [{ id: 'p1', number: 'OC-000001', supplier_id: 's1', supplier_name: entry.supplier_name, lines: 1 }],
          without_supplier: [],
        }),
    });
    renderApp('/stock/reorder');
    expect(await screen.findByRole('heading', { level: 1, name: 'Para reponer' }, SLOW)).toBeTruthy();
    const table = await screen.findByRole('table', { name: 'Para reponer' }, SLOW);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('KIT-SELLO-WA470')).toBeTruthy();
    expect(within(rows[1]).getByTestId('suggested').textContent).toBe('4');
    expect(within(rows[1]).getByText('Repuestos Industriales del Pacífico SpA')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Crear órdenes de compra en borrador' }));
    expect(await screen.findByText('Se crearon 1 órdenes de compra en borrador.')).toBeTruthy();
    expect(screen.getByText(/OC-000001/)).toBeTruthy();
    await waitFor(() => expect(callsTo(fetchMock, 'POST', '/api/v1/stock/reorder/draft-purchase-orders')).toHaveLength(1));
  });

  it('says when there is nothing to reorder', async () => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, admin),
      'GET /api/v1/stock/reorder': () => jsonResponse(200, []),
      'GET /api/v1/stock/backorders': () => jsonResponse(200, []),
    });
    renderApp('/stock/reorder');
    expect(await screen.findByText('Nada por reponer.', {}, SLOW)).toBeTruthy();
    expect(await screen.findByText('Ninguna orden espera repuestos.', {}, SLOW)).toBeTruthy();
  });

  it('lists the parts orders wait for ("Por pedir") with their order, customer, who and since when', async () => {
    const backorder: BackorderEntry = {
      part_id: 'op1',
      item_id: 'i1',
      sku: 'KIT-SELLO-WA470',
      description: 'Kit de sellos del cilindro de levante',
      unit: 'kit',
      quantity: '2',
      order_id: 'o1',
      order_number: 'OS-000042',
      customer_id: 'c1',
      customer_name: 'Constructora Andina',
      added_by: 'u2',
      added_by_name: 'Tomás Técnico',
      since: '2026-03-01T10:00:00Z',
    };
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, admin),
      'GET /api/v1/stock/reorder': () => jsonResponse(200, [{ ...entry, backorders: 1, backordered: '2', projected: '-2', suggested: '6' }]),
      'GET /api/v1/stock/backorders': () => jsonResponse(200, [backorder]),
    });
    renderApp('/stock/reorder');
    const table = await screen.findByRole('table', { name: 'Por pedir' }, SLOW);
    const rows = within(table).getAllByRole('row');
    expect(rows).toHaveLength(2);
    expect(within(rows[1]).getByText('KIT-SELLO-WA470')).toBeTruthy();
    expect(within(rows[1]).getByRole('link', { name: 'OS-000042' }).getAttribute('href')).toBe('/orders/o1');
    expect(within(rows[1]).getByText('Constructora Andina')).toBeTruthy();
    expect(within(rows[1]).getByText('Tomás Técnico')).toBeTruthy();
  });
});
