/** Tests for the billing screens: the invoice search (filters in the URL) and the statement (running balance, aging). */
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { User } from '../../api/auth';
import type { AccountStatement, InvoicePage } from '../../api/billing';
import { jsonResponse, renderApp, sampleUser, stubFetch } from '../../test/utils';

const customer: User = { ...sampleUser, role: 'customer', customer_id: '0190f1c2-0000-7000-8000-00000000c001' };

const page: InvoicePage = {
  items: [
    {
      id: '0190f1c2-0000-7000-8000-000000000001',
      number: 'FAC-000001',
      customer_id: customer.customer_id!,
      customer_name: 'Constructora Los Andes C.A.',
      customer_tax_id: 'J-12345678-9',
      order_id: null,
      order_number: null,
      state: 'partially_paid',
      currency: 'USD',
      issue_date: '2026-03-01',
      due_date: '2026-03-31',
      notes: '',
      terms: '',
      subtotal: '1000.00',
      tax: '160.00',
      total: '1160.00',
      allocated: '300.00',
      credited: '0.00',
      open: '860.00',
      created_by_name: 'Ana',
      created_at: '2026-03-01T10:00:00Z',
    },
  ],
  next_cursor: null,
};

const statement: AccountStatement = {
  customer_id: customer.customer_id!,
  customer_name: 'Constructora Los Andes C.A.',
  customer_tax_id: 'J-12345678-9',
  currency: 'USD',
  from: null,
  to: '2026-03-10',
  opening_balance: '0',
  lines: [
    { date: '2026-03-01', kind: 'payment', document_id: 'p1', number: 'REC-000001', reference: 'OS-000001', charge: '0', credit: '300.00', balance: '-300.00' },
    { date: '2026-03-02', kind: 'invoice', document_id: 'i1', number: 'FAC-000001', reference: 'OS-000001', charge: '1160.00', credit: '0', balance: '860.00' },
  ],
  charges: '1160.00',
  credits: '300.00',
  closing_balance: '860.00',
  aging: { current: '860.00', days_1_30: '0', days_31_60: '0', days_61_90: '0', over_90: '0', total: '860.00' },
  generated_at: '2026-03-10T10:00:00Z',
};

describe('InvoicesPage', () => {
  it('searches with the filters of the URL and lists the invoices', async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser),
      'GET /api/v1/invoices': () => jsonResponse(200, page),
    });
    renderApp('/billing/invoices?state=partially_paid&overdue=true');
    expect(await screen.findByRole('heading', { level: 1, name: 'Facturas' })).toBeTruthy();
    const row = await screen.findByTestId('invoice-FAC-000001');
    expect(within(row).getByText('Pago parcial')).toBeTruthy();
    await waitFor(() => {
      const url = fetchMock.mock.calls.map(([input]) => String(input)).find((u) => u.startsWith('/api/v1/invoices'));
      expect(url).toContain('state=partially_paid');
      expect(url).toContain('overdue=true');
    });
  });
});

describe('InvoicesPage drill-down', () => {
  it("opens with the revenue report's customer and issue days", async () => {
    const fetchMock = stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, sampleUser),
      'GET /api/v1/invoices': () => jsonResponse(200, page),
    });
    renderApp(`/billing/invoices?customer_id=${customer.customer_id}&issued_from=2026-03-01&issued_to=2026-03-07`);
    await screen.findByTestId('invoice-FAC-000001');
    await waitFor(() =>
      expect(fetchMock.mock.calls.map(([input]) => String(input)).filter((u) => u.startsWith('/api/v1/invoices'))[0]).toBe(
        `/api/v1/invoices?customer_id=${customer.customer_id}&issued_from=2026-03-01&issued_to=2026-03-07`,
      ),
    );
    const filters = screen.getByRole('search', { name: 'Filtros' });
    expect((within(filters).getByLabelText('Emitida desde') as HTMLInputElement).value).toBe('2026-03-01');
    expect((within(filters).getByLabelText('Emitida hasta') as HTMLInputElement).value).toBe('2026-03-07');
    expect(within(filters).getByText(/Cliente: Constructora Los Andes C\.A\./)).toBeTruthy();
  });
});

describe('StatementPage', () => {
  it("shows the customer's own statement with the running balance after each line and the aging", async () => {
    stubFetch({
      'GET /api/v1/auth/me': () => jsonResponse(200, customer),
      [`GET /api/v1/customers/${customer.customer_id}/statement`]: () => jsonResponse(200, statement),
    });
    renderApp('/billing/statement');
    expect(await screen.findByRole('heading', { level: 1, name: 'Estado de cuenta' })).toBeTruthy();
    const balances = await screen.findAllByTestId('line-balance');
    expect(balances).toHaveLength(2);
    expect(balances[1].textContent).toContain('860');
    expect(screen.getByTestId('closing-balance').textContent).toContain('860');
    expect(screen.getByText('Antigüedad de saldos')).toBeTruthy();
  });
});
