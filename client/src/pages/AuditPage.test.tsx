/** Tests for /audit: who did what in sentences (both languages, every action), company-zone times, server-side filters. */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, type AuditEntry } from '../api/audit';
import { auditDetail, auditSentence } from '../components/audit/auditText';
import i18n from '../i18n';
import { setCompanyTimeZone } from '../lib/format';
import { jsonResponse, renderPage, sampleUser, stubFetch } from '../test/utils';
import { AuditPage } from './AuditPage';

const master = { ...sampleUser, id: 'me-0001', name: 'Usuario Maestro', role: 'master' as const };

const entry = (over: Partial<AuditEntry>): AuditEntry => ({
  id: 'a-1',
  at: '2026-12-03T10:18:00Z',
  actor_id: 'me-0001',
  actor_name: 'Usuario Maestro',
  action: 'role_changed',
  subject_type: 'user',
  subject_id: 'u-1',
  detail: 'technician -> operator',
  ip: '127.0.0.1',
  subject_name: 'Ana Pérez',
  ...over,
});

const entries = [
  entry({}),
  entry({ id: 'a-2', action: 'login_failed', actor_id: null, actor_name: null, subject_type: 'email', subject_id: 'x@y.com', subject_name: null, detail: '' }),
  entry({
    id: 'a-3',
    action: 'payment_deleted',
    subject_type: 'payment',
    subject_id: 'p-1',
    subject_name: null,
    detail: 'REC-000012 of order OS-000034: 50.00 USD (Efectivo); reason: pago duplicado',
  }),
];

function setup() {
  const fetchMock = stubFetch({
    'GET /api/v1/auth/me': () => jsonResponse(200, master),
    'GET /api/v1/users': () => jsonResponse(200, [{ ...master, email: 'm@x.com', phone: '', active: true, customer_id: null, has_password: true }]),
    'GET /api/v1/audit': () => jsonResponse(200, entries),
  });
  renderPage('/audit', <AuditPage />);
  return fetchMock;
}

const auditCalls = (fetchMock: ReturnType<typeof stubFetch>) =>
  fetchMock.mock.calls.map(([input]) => String(input)).filter((u) => u.startsWith('/api/v1/audit'));

describe('AuditPage', () => {
  it('says who did what, in Spanish, at the company clock', async () => {
    setCompanyTimeZone('America/Caracas');
    setup();
    const table = await screen.findByTestId('audit-table');
    expect(within(table).getByText('Usuario Maestro cambió el rol de Ana Pérez.')).toBeTruthy();
    expect(within(table).getByText('De Técnico a Operador')).toBeTruthy();
    expect(within(table).getByText('Alguien sin sesión')).toBeTruthy();
    expect(within(table).getByText('Inicio de sesión fallido con el correo x@y.com.')).toBeTruthy();
    expect(within(table).getByText('Pago REC-000012 de la orden OS-000034: 50.00 USD (Efectivo). Motivo: pago duplicado')).toBeTruthy();
    // 10:18 UTC is 6:18 in Caracas.
    expect(within(table).getAllByText(/3 dic 2026, 6:18/)).toHaveLength(3);
    expect(table.textContent).not.toMatch(/auditArea|technician|undefined/);
  });

  it('sends the filters to the server', async () => {
    const fetchMock = setup();
    await screen.findByTestId('audit-table');
    fireEvent.click(screen.getByRole('textbox', { name: 'Acción' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Rol cambiado', hidden: true }));
    await waitFor(() => expect(auditCalls(fetchMock).some((u) => u.includes('action=role_changed'))).toBe(true));
    fireEvent.click(screen.getByRole('textbox', { name: 'Usuario' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Usuario Maestro', hidden: true }));
    await waitFor(() => expect(auditCalls(fetchMock).some((u) => u.includes('actor=me-0001') && u.includes('action=role_changed'))).toBe(true));
    fireEvent.change(screen.getByLabelText('Desde'), { target: { value: '2026-12-01' } });
    fireEvent.change(screen.getByLabelText('Hasta'), { target: { value: '2026-12-03' } });
    await waitFor(() => expect(auditCalls(fetchMock).some((u) => u.includes('from=2026-12-01') && u.includes('to=2026-12-03'))).toBe(true));
    // A range that ends before it starts is not sent.
    const before = auditCalls(fetchMock).length;
    fireEvent.change(screen.getByLabelText('Hasta'), { target: { value: '2026-11-01' } });
    expect(await screen.findByText(/debe ser igual o posterior/)).toBeTruthy();
    expect(auditCalls(fetchMock).length).toBe(before);
  });

  it('has a label and a sentence for every action, in both languages', () => {
    for (const lang of ['es', 'en'] as const) {
      const t = i18n.getFixedT(lang);
      for (const action of AUDIT_ACTIONS) {
        const label = t(`auditArea.action.${action}`);
        const sentence = auditSentence(entry({ action, detail: '' }), t);
        expect(label).not.toContain('auditArea');
        expect(sentence).not.toContain('auditArea');
        expect(sentence).not.toContain('{{');
        expect(auditDetail(entry({ action, detail: '' }), t)).toBe('');
      }
    }
    const en = i18n.getFixedT('en');
    expect(auditSentence(entry({}), en)).toBe("Usuario Maestro changed Ana Pérez's role.");
    expect(auditDetail(entry({}), en)).toBe('From Technician to Operator');
    const created = entry({ action: 'user_created', detail: 'ana@x.com as technician' });
    expect(auditDetail(created, i18n.getFixedT('es'))).toBe('ana@x.com, como Técnico');
    expect(auditDetail({ ...created, action: 'portal_invited', detail: 'c@x.com as customer' }, en)).toBe('c@x.com, as Customer');
  });
});
