/**
 * Tests for "Incorporación del cliente" on the customer page (issue 16): the
 * progress line, each step (done, owner, day, "Vence hoy"/"Vencido", who did
 * it), changes saved at once with the server's refusals on the step, starting
 * a checklist for an older customer, who sees the section, and the live
 * refresh on `customer.onboarding_changed`.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { User } from '../../api/auth';
import type { OnboardingTask } from '../../api/onboarding';
import { setCompanyTimeZone } from '../../lib/format';
import { CustomerDetailPage } from '../../pages/CustomerDetailPage';
import { feeds } from '../../test/realtimeStandIn';
import { callsTo, jsonResponse, phoneViewport } from '../../test/utils';
import { andesMetrics } from '../customerMetrics/testFixtures';
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
import { OnboardingSection } from './OnboardingSection';
import { OPERATOR_OWNER, checklist, portalStep, supportStep, trainingStep } from './testFixtures';

vi.mock('../../realtime/client', async () => (await import('../../test/realtimeStandIn')).realtimeStandIn);

beforeEach(() => {
  feeds.clear();
  setCompanyTimeZone('America/Caracas');
});

const LIST = `/api/v1/customers/${CUSTOMER_ID}/onboarding`;
const task = (id: string) => `/api/v1/onboarding-tasks/${id}`;

const staff = [
  { ...sellerUser },
  { ...master, id: OPERATOR_OWNER, name: 'Olga Operadora', role: 'operator' },
  { ...master, id: 'u-admin', name: 'Ana Administradora', role: 'admin' },
  { ...technician, id: 'u-tech', name: 'Tomás Técnico' },
];

type Routes = Parameters<typeof renderAs>[3];

/** The customer page; `answers` are the checklist's successive GET answers (the last one repeats). */
function setup(me: User, answers: OnboardingTask[][], routes: Routes = {}) {
  let call = 0;
  return renderAs(
    me,
    '/customers/:id',
    <CustomerDetailPage />,
    {
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
      [`GET /api/v1/customers/${CUSTOMER_ID}/contacts`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/interactions`]: () => jsonResponse(200, { items: [], next_cursor: null }),
      [`GET /api/v1/customers/${CUSTOMER_ID}/metrics`]: () => jsonResponse(200, andesMetrics),
      'GET /api/v1/orders': () => jsonResponse(200, { items: [], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, staff),
      [`GET ${LIST}`]: () => jsonResponse(200, answers[Math.min(call++, answers.length - 1)]),
      ...routes,
    },
    `/customers/${CUSTOMER_ID}`,
  ).fetchMock;
}

const section = async () =>
  (await screen.findByRole('region', { name: 'Incorporación del cliente' })) as HTMLElement;
const steps = async () => screen.findByRole('list', { name: 'Pasos de incorporación' });
const stepOf = (list: HTMLElement, title: string) => within(list).getByRole('listitem', { name: title });
const listCalls = (fetchMock: ReturnType<typeof setup>) => urlsCalled(fetchMock).filter((u) => u === LIST);

describe('OnboardingSection', () => {
  it('shows the progress and each step: done, owner, day, due badges and who did it', async () => {
    setup(master, [checklist]);
    const block = await section();
    expect(within(block).getByRole('heading', { level: 2, name: 'Incorporación del cliente' })).toBeTruthy();
    expect(await within(block).findByText('2 de 5 pasos hechos')).toBeTruthy();
    expect(within(block).getByRole('progressbar')).toBeTruthy();

    const list = await steps();
    expect(within(list).getAllByRole('listitem')).toHaveLength(5);

    const delivery = stepOf(list, 'Entrega de equipo y documentación');
    expect((within(delivery).getByRole('checkbox', { name: 'Entrega de equipo y documentación' }) as HTMLInputElement).checked).toBe(true);
    expect(within(delivery).getByText('Hecho por Marta Maestra el 2 mar 2026')).toBeTruthy();
    expect(within(delivery).getByText('Vence el 1 mar 2026')).toBeTruthy();
    // Done steps are never late.
    expect(within(delivery).queryByText('Vencido')).toBeNull();
    const deliveryOwner = within(delivery).getByLabelText('Responsable de Entrega de equipo y documentación') as HTMLSelectElement;
    expect(deliveryOwner.value).toBe(OPERATOR_OWNER);
    expect((within(delivery).getByLabelText('Fecha de Entrega de equipo y documentación') as HTMLInputElement).value).toBe('2026-03-01');

    const training = stepOf(list, trainingStep.title);
    expect((within(training).getByRole('checkbox', { name: trainingStep.title }) as HTMLInputElement).checked).toBe(false);
    expect(within(training).getByText('Vence hoy')).toBeTruthy();
    expect((within(training).getByLabelText(`Responsable de ${trainingStep.title}`) as HTMLSelectElement).value).toBe('');

    expect(within(stepOf(list, supportStep.title)).getByText('Vencido')).toBeTruthy();
    const portal = stepOf(list, portalStep.title);
    expect(within(portal).queryByText('Vencido')).toBeNull();
    expect(within(portal).queryByText('Vence hoy')).toBeNull();

    // Owners: office and sales staff, never technicians.
    await waitFor(() =>
      expect(within(deliveryOwner).getAllByRole('option').map((o) => o.textContent)).toEqual([
        'Sin responsable',
        'Sara Vendedora',
        'Olga Operadora',
        'Ana Administradora',
      ]),
    );
  });

  it('saves each change at once: done, owner and day', async () => {
    // The server keeps what was saved: the refetch after each save shows it.
    let stored = checklist;
    const fetchMock = setup(master, [checklist], {
      [`GET ${LIST}`]: () => jsonResponse(200, stored),
      [`PUT ${task(trainingStep.id)}`]: (init) => {
        const body = JSON.parse(String(init?.body));
        const saved: OnboardingTask = {
          ...trainingStep,
          owner_id: body.owner_id,
          owner_name: body.owner_id ? 'Sara Vendedora' : null,
          due_on: body.due_on,
          done_at: body.done ? '2026-03-10T15:00:00Z' : null,
          done_by_name: body.done ? 'Marta Maestra' : null,
        };
        stored = stored.map((t) => (t.id === saved.id ? saved : t));
        return jsonResponse(200, saved);
      },
    });
    const list = await steps();
    const training = stepOf(list, trainingStep.title);
    fireEvent.click(within(training).getByRole('checkbox', { name: trainingStep.title }));
    expect(await within(training).findByText('Hecho por Marta Maestra el 10 mar 2026')).toBeTruthy();
    expect(within(training).queryByText('Vence hoy')).toBeNull();

    const owner = within(training).getByLabelText(`Responsable de ${trainingStep.title}`);
    await waitFor(() => expect(within(owner).getAllByRole('option')).toHaveLength(4));
    fireEvent.change(owner, { target: { value: SELLER_ID } });
    await waitFor(() => expect(callsTo(fetchMock, 'PUT', task(trainingStep.id))).toHaveLength(2));

    const day = within(training).getByLabelText(`Fecha de ${trainingStep.title}`);
    await waitFor(() => expect((day as HTMLInputElement).disabled).toBe(false));
    fireEvent.change(day, { target: { value: '2026-04-20' } });
    fireEvent.blur(day);
    await waitFor(() => expect(callsTo(fetchMock, 'PUT', task(trainingStep.id))).toHaveLength(3));
    expect(callsTo(fetchMock, 'PUT', task(trainingStep.id))).toEqual([
      { owner_id: null, due_on: trainingStep.due_on, done: true },
      { owner_id: SELLER_ID, due_on: trainingStep.due_on, done: true },
      { owner_id: SELLER_ID, due_on: '2026-04-20', done: true },
    ]);
  });

  it("shows the server's refusals on the step", async () => {
    setup(operator, [checklist], {
      [`PUT ${task(portalStep.id)}`]: (init) =>
        JSON.parse(String(init?.body)).owner_id === 'u-admin'
          ? problemWithField(404, 'not_found', 'owner_id')
          : problemWithField(409, 'conflict', 'due_on'),
    });
    const list = await steps();
    const portal = stepOf(list, portalStep.title);
    const owner = within(portal).getByLabelText(`Responsable de ${portalStep.title}`);
    await waitFor(() => expect(within(owner).getAllByRole('option')).toHaveLength(4));
    fireEvent.change(owner, { target: { value: 'u-admin' } });
    expect(
      await within(portal).findByText('Esa persona no puede ser responsable: elige a alguien de la oficina o de ventas.'),
    ).toBeTruthy();
    // The step keeps its saved owner.
    expect((owner as HTMLSelectElement).value).toBe(OPERATOR_OWNER);

    const day = within(portal).getByLabelText(`Fecha de ${portalStep.title}`) as HTMLInputElement;
    fireEvent.change(day, { target: { value: '2040-01-01' } });
    fireEvent.keyDown(day, { key: 'Enter' });
    expect(await within(portal).findByText('Elige una fecha válida de hasta 5 años desde hoy.')).toBeTruthy();
    expect(day.getAttribute('aria-invalid')).toBe('true');
    expect(day.value).toBe('2040-01-01');
    // Other steps are untouched.
    expect(within(stepOf(list, supportStep.title)).queryByRole('alert')).toBeNull();
  });

  it('starts the checklist of a customer that has none', async () => {
    const fetchMock = setup(operator, [[], checklist], {
      [`POST ${LIST}`]: () => jsonResponse(200, checklist),
    });
    const block = await section();
    expect(await within(block).findByText('Este cliente no tiene lista de incorporación.')).toBeTruthy();
    expect(within(block).queryByRole('list')).toBeNull();
    fireEvent.click(within(block).getByRole('button', { name: 'Iniciar incorporación' }));
    expect(await within(block).findByText('2 de 5 pasos hechos')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', LIST)).toEqual([{}]);
  });

  it('lays the start button full width on a phone', async () => {
    phoneViewport();
    setup(seller, [[]]);
    const button = await screen.findByRole('button', { name: 'Iniciar incorporación' });
    expect(button.getAttribute('data-block')).toBe('true');
  });

  it('a seller picks themselves or keeps the owner, never lists the staff, and follows their own channel', async () => {
    const fetchMock = setup(seller, [checklist, [{ ...portalStep, done_at: '2026-03-11T12:00:00Z', done_by_name: 'Olga Operadora' }]]);
    const list = await steps();
    const owner = within(stepOf(list, portalStep.title)).getByLabelText(`Responsable de ${portalStep.title}`);
    expect(within(owner).getAllByRole('option').map((o) => o.textContent)).toEqual([
      'Sin responsable',
      'Sara Vendedora',
      'Olga Operadora',
    ]);
    expect(urlsCalled(fetchMock).some((u) => u.startsWith('/api/v1/users'))).toBe(false);

    await waitFor(() => expect(feeds.has(`crm:${SELLER_ID}`)).toBe(true));
    expect(feeds.has('staff:crm')).toBe(false);
    act(() => feeds.get(`crm:${SELLER_ID}`)?.({ type: 'customer.onboarding_changed', customer_id: CUSTOMER_ID }));
    expect(await screen.findByText('1 de 1 pasos hechos')).toBeTruthy();
  });

  it('refreshes live when this customer’s checklist changes (office: staff:crm)', async () => {
    const fetchMock = setup(operator, [[], checklist]);
    expect(await screen.findByText('Este cliente no tiene lista de incorporación.')).toBeTruthy();
    await waitFor(() => expect(feeds.has('staff:crm')).toBe(true));

    act(() => feeds.get('staff:crm')?.({ type: 'customer.onboarding_changed', customer_id: 'other' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(listCalls(fetchMock)).toHaveLength(1);

    act(() => feeds.get('staff:crm')?.({ type: 'customer.onboarding_changed', customer_id: CUSTOMER_ID }));
    expect(await screen.findByText('2 de 5 pasos hechos')).toBeTruthy();
    expect(listCalls(fetchMock)).toHaveLength(2);
  });

  it.each([
    ['a technician', technician],
    ['a customer contact', portalUser],
  ])('is not shown to %s and the checklist is never asked for', async (_who, me) => {
    const { fetchMock } = renderAs(me, '/customers/:id', <OnboardingSection customerId={CUSTOMER_ID} />, {}, `/customers/${CUSTOMER_ID}`);
    await waitFor(() => expect(urlsCalled(fetchMock)).toContain('/api/v1/auth/me'));
    await new Promise((r) => setTimeout(r, 50));
    expect(screen.queryByRole('heading', { name: 'Incorporación del cliente' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Iniciar incorporación' })).toBeNull();
    expect(urlsCalled(fetchMock).filter((u) => u.startsWith(LIST))).toEqual([]);
    expect(feeds.size).toBe(0);
  });
});
