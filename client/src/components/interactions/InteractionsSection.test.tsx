/**
 * Tests for "Interacciones" on the customer page (issue 16): the timeline
 * (entries, empty state, "Ver más" with the cursor), the quick form (the body
 * it posts, client checks, the server's field error), who sees the section,
 * and the live refresh on `interaction.recorded`.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/auth';
import type { Interaction, InteractionPage } from '../../api/interactions';
import { CustomerDetailPage } from '../../pages/CustomerDetailPage';
import { setCompanyTimeZone } from '../../lib/format';
import { callsTo, jsonResponse, phoneViewport } from '../../test/utils';
import {
  CUSTOMER_ID,
  SELLER_ID,
  andes,
  master,
  operator,
  portalUser,
  problemWithField,
  renderAs,
  seller,
  sellerUser,
  technician,
  urlsCalled,
} from '../customers/testFixtures';
import { InteractionsSection } from './InteractionsSection';
import { TICKET_ID, call, olderEmail, portalTicket } from './testFixtures';
import { andesMetrics } from '../customerMetrics/testFixtures';
import { feeds } from '../../test/realtimeStandIn';

vi.mock('../../realtime/client', async () => (await import('../../test/realtimeStandIn')).realtimeStandIn);

beforeEach(() => feeds.clear());

const INTERACTIONS = `/api/v1/customers/${CUSTOMER_ID}/interactions`;
const page = (items: Interaction[], next_cursor: string | null = null): InteractionPage => ({ items, next_cursor });

type Routes = Parameters<typeof renderAs>[3];

/** The customer page; `answers` are the timeline's successive GET answers (the last one repeats). */
function setup(me: User, answers: InteractionPage[], routes: Routes = {}) {
  let call = 0;
  return renderAs(
    me,
    '/customers/:id',
    <CustomerDetailPage />,
    {
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
      [`GET /api/v1/customers/${CUSTOMER_ID}/contacts`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, []),
      'GET /api/v1/orders': () => jsonResponse(200, { items: [], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
      [`GET ${INTERACTIONS}`]: () => jsonResponse(200, answers[Math.min(call++, answers.length - 1)]),
      [`GET /api/v1/customers/${CUSTOMER_ID}/metrics`]: () => jsonResponse(200, andesMetrics),
      ...routes,
    },
    `/customers/${CUSTOMER_ID}`,
  ).fetchMock;
}

const timelineCalls = (fetchMock: ReturnType<typeof setup>) =>
  urlsCalled(fetchMock).filter((u) => u.startsWith(INTERACTIONS));

const section = async () =>
  (await screen.findByRole('heading', { level: 2, name: 'Interacciones' })).closest('section') as HTMLElement;

describe('InteractionsSection', () => {
  it('lists the interactions, newest first, with date, channel, direction, initiative, reason, outcome, who and link', async () => {
    // Times are shown in the company's zone (Caracas, UTC−4), not the browser's.
    setCompanyTimeZone('America/Caracas');
    setup(master, [page([call, portalTicket])]);
    const list = await screen.findByRole('list', { name: 'Interacciones con el cliente' });
    const entries = within(list).getAllByRole('listitem');
    expect(entries).toHaveLength(2);

    const first = entries[0];
    expect(within(first).getByText('10 mar 2026, 10:30')).toBeTruthy();
    expect(within(first).getByText('Teléfono')).toBeTruthy();
    expect(within(first).getByText('Saliente')).toBeTruthy();
    expect(within(first).getByText('Proactiva')).toBeTruthy();
    const reason = within(first).getByText('Ofrecer mantenimiento de las 500 h');
    expect(reason.getAttribute('style') ?? '').toMatch(/font-weight:\s*700/);
    expect(within(first).getByText('Acepta una visita la próxima semana.')).toBeTruthy();
    expect(within(first).getByText('por Ana Administradora')).toBeTruthy();
    expect(within(first).queryByRole('link')).toBeNull();

    const second = entries[1];
    expect(within(second).getByText('9 mar 2026, 5:05')).toBeTruthy();
    expect(within(second).getByText('Portal')).toBeTruthy();
    expect(within(second).getByText('Entrante')).toBeTruthy();
    expect(within(second).getByText('Reactiva')).toBeTruthy();
    expect(within(second).getByText('Registrada por Faena')).toBeTruthy();
    expect(within(second).getByRole('link', { name: 'Ver ticket' }).getAttribute('href')).toBe(`/tickets/${TICKET_ID}`);

    expect(screen.queryByRole('button', { name: 'Ver más' })).toBeNull();
  });

  it('says when there are no interactions yet', async () => {
    setup(operator, [page([])]);
    const block = await section();
    expect(await within(block).findByText('Aún no hay interacciones registradas.')).toBeTruthy();
    expect(within(block).queryByRole('list')).toBeNull();
    expect(within(block).getByRole('button', { name: 'Registrar interacción' })).toBeTruthy();
  });

  it('"Ver más" loads the older page with the cursor and keeps the first', async () => {
    const fetchMock = setup(master, [page([call, portalTicket], 'cursor-2'), page([olderEmail])]);
    const more = await screen.findByRole('button', { name: 'Ver más' });
    fireEvent.click(more);
    const list = screen.getByRole('list', { name: 'Interacciones con el cliente' });
    expect(await within(list).findByText('Pregunta por repuestos del 310L')).toBeTruthy();
    expect(within(list).getAllByRole('listitem')).toHaveLength(3);
    expect(within(list).getByText('Correo')).toBeTruthy();
    expect(timelineCalls(fetchMock)).toEqual([INTERACTIONS, `${INTERACTIONS}?cursor=cursor-2`]);
    await waitFor(() => expect(screen.queryByRole('button', { name: 'Ver más' })).toBeNull());
  });

  it('records an interaction: posts the body, shows the server field error, then saves and refreshes', async () => {
    let posts = 0;
    const fetchMock = setup(seller, [page([]), page([call])], {
      [`POST ${INTERACTIONS}`]: () =>
        ++posts === 1
          ? problemWithField(422, 'validation_failed', 'reason', 'reason must be a single line of at most 300 characters')
          : jsonResponse(201, call),
    });
    await screen.findByText('Aún no hay interacciones registradas.');
    fireEvent.click(screen.getByRole('button', { name: 'Registrar interacción' }));
    const dialog = await screen.findByRole('dialog', { name: 'Registrar interacción' });

    // Defaults: Teléfono, Saliente, Reactiva, now.
    const channel = within(dialog).getByLabelText('Canal') as HTMLSelectElement;
    expect(channel.value).toBe('phone');
    expect((within(dialog).getByRole('radio', { name: 'Saliente' }) as HTMLInputElement).checked).toBe(true);
    expect((within(dialog).getByRole('radio', { name: 'Reactiva' }) as HTMLInputElement).checked).toBe(true);
    expect(within(dialog).getByRole('radiogroup', { name: 'Dirección' })).toBeTruthy();
    expect(within(dialog).getByRole('radiogroup', { name: 'Iniciativa' })).toBeTruthy();
    const when = within(dialog).getByLabelText(/^Fecha y hora/) as HTMLInputElement;
    expect(when.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);

    // The reason is required, checked before anything is sent.
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar interacción' }));
    expect(await within(dialog).findByText('Escribe el motivo de la interacción.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', INTERACTIONS)).toEqual([]);

    fireEvent.change(channel, { target: { value: 'visit' } });
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Entrante' }));
    fireEvent.click(within(dialog).getByRole('radio', { name: 'Proactiva' }));
    const reason = within(dialog).getByLabelText(/^Motivo/) as HTMLInputElement;
    fireEvent.change(reason, { target: { value: '  Revisión del 310L en obra ' } });
    fireEvent.change(within(dialog).getByLabelText(/^Resultado/), { target: { value: 'Cambiar filtros.' } });
    fireEvent.change(when, { target: { value: '2026-03-01T10:15' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar interacción' }));

    expect(
      await within(dialog).findByText('Escribe el motivo en una sola línea de hasta 300 caracteres.'),
    ).toBeTruthy();
    expect(reason.getAttribute('aria-invalid')).toBe('true');
    expect(reason.value).toBe('  Revisión del 310L en obra ');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar interacción' }));
    expect(await screen.findByText('Interacción registrada.')).toBeTruthy();
    const body = {
      channel: 'visit',
      direction: 'inbound',
      initiative: 'proactive',
      reason: 'Revisión del 310L en obra',
      outcome: 'Cambiar filtros.',
      occurred_at: '2026-03-01T10:15:00.000Z',
    };
    expect(callsTo(fetchMock, 'POST', INTERACTIONS)).toEqual([body, body]);
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Registrar interacción' })).toBeNull());
    // The timeline is fetched again and shows the new entry.
    expect(await screen.findByText('Ofrecer mantenimiento de las 500 h')).toBeTruthy();
  });

  it('refuses a time in the future and leaves out an empty outcome', async () => {
    const fetchMock = setup(operator, [page([])], {
      [`POST ${INTERACTIONS}`]: () => jsonResponse(201, call),
    });
    fireEvent.click(await screen.findByRole('button', { name: 'Registrar interacción' }));
    const dialog = await screen.findByRole('dialog', { name: 'Registrar interacción' });
    fireEvent.change(within(dialog).getByLabelText(/^Motivo/), { target: { value: 'Llamada de seguimiento' } });
    const when = within(dialog).getByLabelText(/^Fecha y hora/);
    fireEvent.change(when, { target: { value: '2999-01-01T08:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar interacción' }));
    expect(await within(dialog).findByText('La fecha y hora no pueden estar en el futuro.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', INTERACTIONS)).toEqual([]);

    fireEvent.change(when, { target: { value: '2026-02-02T08:00' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Guardar interacción' }));
    expect(await screen.findByText('Interacción registrada.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', INTERACTIONS)).toEqual([
      {
        channel: 'phone',
        direction: 'outbound',
        initiative: 'reactive',
        reason: 'Llamada de seguimiento',
        occurred_at: '2026-02-02T08:00:00.000Z',
      },
    ]);
  });

  it('opens the form full screen on a phone', async () => {
    phoneViewport();
    setup(seller, [page([call])]);
    fireEvent.click(await screen.findByRole('button', { name: 'Registrar interacción' }));
    const dialog = await screen.findByRole('dialog', { name: 'Registrar interacción' });
    expect(dialog.getAttribute('data-full-screen')).toBe('true');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cerrar' }));
    await waitFor(() => expect(screen.queryByRole('dialog', { name: 'Registrar interacción' })).toBeNull());
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('is not shown to %s and the timeline is never asked for', async (_who, me) => {
    const { fetchMock } = renderAs(me, '/customers/:id', <InteractionsSection customerId={CUSTOMER_ID} />, {}, `/customers/${CUSTOMER_ID}`);
    await waitFor(() => expect(urlsCalled(fetchMock)).toContain('/api/v1/auth/me'));
    // Let the session settle before looking.
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Interacciones' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Registrar interacción' })).toBeNull();
    expect(timelineCalls(fetchMock)).toEqual([]);
    expect(feeds.size).toBe(0);
  });

  it('refreshes live when an interaction is recorded for this customer (office: staff:crm)', async () => {
    const fetchMock = setup(operator, [page([]), page([portalTicket])]);
    expect(await screen.findByText('Aún no hay interacciones registradas.')).toBeTruthy();
    await waitFor(() => expect(feeds.has('staff:crm')).toBe(true));

    // Another customer's interaction changes nothing here.
    act(() =>
      feeds.get('staff:crm')?.({ type: 'interaction.recorded', interaction: { ...portalTicket, customer_id: 'other' } }),
    );
    act(() => feeds.get('staff:crm')?.({ type: 'opportunity.updated' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(timelineCalls(fetchMock)).toHaveLength(1);

    act(() => feeds.get('staff:crm')?.({ type: 'interaction.recorded', interaction: portalTicket }));
    const list = await screen.findByRole('list', { name: 'Interacciones con el cliente' });
    expect(within(list).getByText('Ticket TK-000012: fuga hidráulica')).toBeTruthy();
    expect(within(list).getByText('Registrada por Faena')).toBeTruthy();
    expect(timelineCalls(fetchMock)).toHaveLength(2);
  });

  it("a seller follows their own CRM channel", async () => {
    setup(seller, [page([]), page([call])]);
    await screen.findByText('Aún no hay interacciones registradas.');
    await waitFor(() => expect(feeds.has(`crm:${SELLER_ID}`)).toBe(true));
    expect(feeds.has('staff:crm')).toBe(false);
    act(() => feeds.get(`crm:${SELLER_ID}`)?.({ type: 'interaction.recorded', interaction: call }));
    expect(await screen.findByText('Ofrecer mantenimiento de las 500 h')).toBeTruthy();
  });
});
