/**
 * Billing after the quote: invoices (search, drafts from an order, issue,
 * void), payments applied to them, credit notes, the account statement and
 * receivables — the client of `/api/v1/invoices`, `/api/v1/credit-notes`,
 * `/api/v1/customers/{id}/statement|credit` and `/api/v1/receivables`.
 *
 * Money travels as decimal strings and is only formatted for display. The
 * PDFs and exports are plain links (the browser downloads them with the
 * session cookie).
 */
import { api, apiFetch } from './client';

export type InvoiceState = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'void';
export const INVOICE_STATES: readonly InvoiceState[] = ['draft', 'issued', 'partially_paid', 'paid', 'void'];

export interface Invoice {
  id: string;
  number?: string | null;
  customer_id: string;
  customer_name: string;
  customer_tax_id: string;
  order_id?: string | null;
  order_number?: string | null;
  state: InvoiceState;
  currency: string;
  issue_date?: string | null;
  due_date?: string | null;
  notes: string;
  terms: string;
  subtotal: string;
  tax: string;
  total: string;
  allocated: string;
  credited: string;
  open: string;
  created_by_name: string;
  created_at: string;
  void_reason?: string | null;
}

export interface DocumentLine {
  position: number;
  kind: 'service' | 'part';
  description: string;
  quantity: string;
  unit_price: string;
  discount_pct: string;
  tax_exempt: boolean;
  tax_rate: string;
  net: string;
  tax: string;
  total: string;
}

export interface Allocation {
  id: string;
  payment_id: string;
  payment_number: string;
  paid_on: string;
  amount: string;
  created_by_name: string;
  created_at: string;
  released_at?: string | null;
  release_reason?: 'payment_reversed' | 'credit_note' | 'undone' | null;
}

export interface CreditNote {
  id: string;
  number: string;
  invoice_id: string;
  invoice_number: string;
  customer_id: string;
  customer_name: string;
  currency: string;
  issue_date: string;
  reason: string;
  subtotal: string;
  tax: string;
  total: string;
  created_by_name: string;
  created_at: string;
}

export interface InvoiceDetail {
  invoice: Invoice;
  lines: DocumentLine[];
  allocations: Allocation[];
  credit_notes: CreditNote[];
  credit_warning?: { limit: string; exposure: string } | null;
}

export interface InvoiceFilters {
  customer_id?: string;
  state?: InvoiceState;
  issued_from?: string;
  issued_to?: string;
  due_from?: string;
  due_to?: string;
  amount_min?: string;
  amount_max?: string;
  overdue?: boolean;
  q?: string;
}

export interface InvoicePage {
  items: Invoice[];
  next_cursor?: string | null;
}

function query(filters: InvoiceFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(filters)) {
    if (v === undefined || v === '' || v === false) continue;
    params.set(k, String(v));
  }
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export function fetchInvoices(filters: InvoiceFilters, cursor: string | null, signal?: AbortSignal): Promise<InvoicePage> {
  return api.get(`/api/v1/invoices${query(filters, cursor ? { cursor } : {})}`, signal);
}

export function invoicesExportUrl(filters: InvoiceFilters, format: 'csv' | 'xlsx'): string {
  return `/api/v1/invoices/export${query(filters, { format })}`;
}

export const fetchInvoice = (id: string, signal?: AbortSignal) => api.get<InvoiceDetail>(`/api/v1/invoices/${id}`, signal);
export const invoiceFromOrder = (orderId: string) => api.post<InvoiceDetail>(`/api/v1/orders/${orderId}/invoice`, {});
export const issueInvoice = (id: string) => api.post<InvoiceDetail>(`/api/v1/invoices/${id}/issue`, {});
export const voidInvoice = (id: string, reason: string) => api.post<InvoiceDetail>(`/api/v1/invoices/${id}/void`, { reason });
export const deleteDraft = (id: string) => apiFetch<void>(`/api/v1/invoices/${id}`, { method: 'DELETE' });
export const invoicePdfUrl = (id: string) => `/api/v1/invoices/${id}/pdf`;
export const allocatePayment = (id: string, paymentId: string, amount: string) =>
  api.post<InvoiceDetail>(`/api/v1/invoices/${id}/allocations`, { payment_id: paymentId, amount });
export const payInvoice = (id: string, input: { amount: string; method_id: string; reference: string }) =>
  api.post<InvoiceDetail>(`/api/v1/invoices/${id}/payments`, input);
export const issueCreditNote = (id: string, reason: string, amount: string) =>
  api.post<{ credit_note: CreditNote }>(`/api/v1/invoices/${id}/credit-notes`, {
    reason,
    lines: [{ kind: 'service', description: reason, quantity: '1', unit_price: amount, tax_exempt: true }],
  });
export const creditNotePdfUrl = (id: string) => `/api/v1/credit-notes/${id}/pdf`;

export interface PaymentCredit {
  payment_id: string;
  number: string;
  paid_on: string;
  amount: string;
  allocated: string;
  unallocated: string;
}

export interface CustomerCredit {
  customer_id: string;
  total: string;
  payments: PaymentCredit[];
}

export const fetchCustomerCredit = (customerId: string, signal?: AbortSignal) =>
  api.get<CustomerCredit>(`/api/v1/customers/${customerId}/credit`, signal);

// --- statement and receivables ------------------------------------------------

export type MovementKind = 'invoice' | 'payment_reversal' | 'payment' | 'credit_note' | 'invoice_void';

export interface StatementLine {
  date: string;
  kind: MovementKind;
  document_id: string;
  number: string;
  reference: string;
  charge: string;
  credit: string;
  balance: string;
}

export interface Aging {
  current: string;
  days_1_30: string;
  days_31_60: string;
  days_61_90: string;
  over_90: string;
  total: string;
}

export const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;

export interface AccountStatement {
  customer_id: string;
  customer_name: string;
  customer_tax_id: string;
  currency: string;
  from?: string | null;
  to: string;
  opening_balance: string;
  lines: StatementLine[];
  charges: string;
  credits: string;
  closing_balance: string;
  aging: Aging;
  generated_at: string;
}

export interface Period {
  from?: string;
  to?: string;
}

function periodQuery(p: Period, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  if (p.from) params.set('from', p.from);
  if (p.to) params.set('to', p.to);
  for (const [k, v] of Object.entries(extra)) params.set(k, v);
  const text = params.toString();
  return text ? `?${text}` : '';
}

export const fetchStatement = (customerId: string, period: Period, signal?: AbortSignal) =>
  api.get<AccountStatement>(`/api/v1/customers/${customerId}/statement${periodQuery(period)}`, signal);
export const statementPdfUrl = (customerId: string, period: Period) => `/api/v1/customers/${customerId}/statement/pdf${periodQuery(period)}`;
/** What e-mailing a statement did: the addresses it went to. */
export interface StatementSent {
  recipients: string[];
  closing_balance: string;
}
export const sendStatement = (customerId: string, period: Period) =>
  api.post<StatementSent>(`/api/v1/customers/${customerId}/statement/send${periodQuery(period)}`, {});
export const statementExportUrl = (customerId: string, period: Period, format: 'csv' | 'xlsx') =>
  `/api/v1/customers/${customerId}/statement/export${periodQuery(period, { format })}`;

export interface ReceivableInvoice {
  invoice_id: string;
  number: string;
  customer_id: string;
  customer_name: string;
  issue_date: string;
  due_date: string;
  total: string;
  open: string;
  days_late: number;
  bucket: (typeof AGING_BUCKETS)[number];
}

export interface Receivables {
  as_of: string;
  currency: string;
  totals: Aging;
  customers: { customer_id: string; customer_name: string; aging: Aging }[];
  invoices: ReceivableInvoice[];
}

export const fetchReceivables = (signal?: AbortSignal) => api.get<Receivables>('/api/v1/receivables', signal);
