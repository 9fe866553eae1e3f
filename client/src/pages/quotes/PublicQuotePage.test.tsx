/**
 * The signed link of the quote e-mail: the customer sees the quote and
 * approves with one click, or asks for changes (a comment is needed), with
 * no sign-in; refusals (expired, superseded) are explained.
 */
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { QuoteDetail } from '../../api/quotes';
import { callsTo, jsonResponse, problemResponse, renderPage, stubFetch } from '../../test/utils';
import { PublicQuotePage } from './PublicQuotePage';

const version = {
  id: 'v1',
  version: 1,
  number: 'PRE-000007',
  state: 'sent' as const,
  valid_until: '2026-12-20',
  notes: '',
  terms: '',
  gross: '360.00',
  discount: '0.00',
  subtotal: '360.00',
  tax: '57.60',
  total: '417.60',
  created_at: '2026-12-01T10:00:00Z',
  sent_at: '2026-12-01T10:05:00Z',
  answered_at: null,
  answered_in_app: false,
  answer_comment: null,
};
const detail: QuoteDetail = {
  quote: {
    id: 'q1',
    number: 'PRE-000007',
    version_id: 'v1',
    version: 1,
    version_number: 'PRE-000007',
    state: 'sent',
    customer_id: 'c1',
    customer_name: 'Constructora Los Andes C.A.',
    order_id: null,
    order_number: null,
    currency: 'USD',
    valid_until: '2026-12-20',
    total: '417.60',
    sent_at: '2026-12-01T10:05:00Z',
    answered_at: null,
    created_by_name: 'Ana',
    created_at: '2026-12-01T10:00:00Z',
    updated_at: '2026-12-01T10:05:00Z',
  },
  version,
  lines: [
    {
      position: 1,
      kind: 'service',
      description: 'Mano de obra: mantenimiento 500 h',
      quantity: '8',
      unit_price: '45.00',
      discount_pct: '0',
      tax_exempt: false,
      tax_rate: '16',
      gross: '360.00',
      discount: '0.00',
      net: '360.00',
      tax: '57.60',
      total: '417.60',
    },
  ],
  versions: [version],
  can_answer: true,
  can_edit: false,
};
const TOKEN = 'abcdefghijklmnopqrstuvwxyz012345';
const approved: QuoteDetail = { ...detail, quote: { ...detail.quote, state: 'approved' }, can_answer: false };

describe('PublicQuotePage', () => {
  it('approves with one click, without signing in', async () => {
    const fetchMock = stubFetch({
      [`GET /api/v1/public/quotes/${TOKEN}`]: () => jsonResponse(200, detail),
      [`POST /api/v1/public/quotes/${TOKEN}/answer`]: () => jsonResponse(200, approved),
    });
    renderPage('/q/:token', <PublicQuotePage />, `/q/${TOKEN}`);
    expect(await screen.findByText('Mano de obra: mantenimiento 500 h')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Aprobar' }));
    expect(await screen.findByText('¡Gracias! Recibimos tu respuesta.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', `/api/v1/public/quotes/${TOKEN}/answer`)).toEqual([{ answer: 'approve', comment: '' }]);
    await waitFor(() => expect(screen.getAllByText('Aprobado').length).toBeGreaterThan(0));
  });

  it('explains an expired quote', async () => {
    stubFetch({
      [`GET /api/v1/public/quotes/${TOKEN}`]: () => jsonResponse(200, detail),
      [`POST /api/v1/public/quotes/${TOKEN}/answer`]: () => problemResponse(409, 'quote_expired'),
    });
    renderPage('/q/:token', <PublicQuotePage />, `/q/${TOKEN}`);
    fireEvent.click(await screen.findByRole('button', { name: 'Pedir cambios' }));
    fireEvent.change(screen.getByLabelText(/¿Qué cambios necesitas\?/), { target: { value: 'Sin traslado' } });
    fireEvent.click(screen.getByRole('button', { name: 'Enviar pedido de cambios' }));
    expect(await screen.findByText('El presupuesto venció; pide una versión nueva.')).toBeTruthy();
  });
});
