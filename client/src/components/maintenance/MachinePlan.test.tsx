/**
 * Tests for the "Plan de mantenimiento" block of each machine (customer page,
 * portal company page): what a plan says, who may define or edit it, the
 * modal form with client checks and the server's field errors, and the
 * days (`YYYY-MM-DD`) shown as the day they are.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { CompanyPage } from '../../pages/CompanyPage';
import { CustomerDetailPage } from '../../pages/CustomerDetailPage';
import { callsTo, jsonResponse, problemResponse } from '../../test/utils';
import type { User } from '../../api/auth';
import { setCompanyTimeZone } from '../../lib/format';
import {
  CUSTOMER_ID,
  andes,
  excavator,
  master,
  operator,
  portalUser,
  problemWithField,
  renderAs,
  sellerUser,
} from '../customers/testFixtures';
import { PROPOSAL_ID, excavatorPlan, idlePlan } from './testFixtures';

const PLAN = `/api/v1/equipment/${excavator.id}/plan`;
const REGION = 'Plan de mantenimiento de John Deere 310L JD310L001';

type Routes = Parameters<typeof renderAs>[3];

function customerPage(me: User, routes: Routes) {
  return renderAs(
    me,
    '/customers/:id',
    <CustomerDetailPage />,
    {
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
      [`GET /api/v1/customers/${CUSTOMER_ID}/contacts`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, [excavator]),
      'GET /api/v1/orders': () => jsonResponse(200, { items: [], next_cursor: null }),
      'GET /api/v1/users': () => jsonResponse(200, [sellerUser]),
      ...routes,
    },
    `/customers/${CUSTOMER_ID}`,
  );
}

const region = () => screen.findByRole('region', { name: REGION });

describe('MachinePlan', () => {
  it('shows a plan: basis, last service, use, next service and why, status and the proposed visit', async () => {
    // West of Greenwich a day parsed as UTC midnight would show as the 20th.
    setCompanyTimeZone('America/Caracas');
    customerPage(operator, { [`GET ${PLAN}`]: () => jsonResponse(200, { plan: excavatorPlan }) });
    const block = await region();
    expect(await within(block).findByText('Cada 250 h o 6 meses, lo que ocurra primero')).toBeTruthy();
    expect(within(block).getByText('1 jul 2026, con 100 h')).toBeTruthy();
    expect(within(block).getByText('8,5 h/día')).toBeTruthy();
    expect(within(block).getByTestId('plan-next-service').textContent).toBe('21 dic 2026, por horas, al llegar a 350 h');
    expect(within(block).getByTestId('plan-status').textContent).toBe('Próximo');
    expect(within(block).getByText('Propuesta')).toBeTruthy();
    const link = within(block).getByRole('link', { name: /^Visita del 7 dic 2026/ });
    expect(link.getAttribute('href')).toBe(`/appointments/${PROPOSAL_ID}`);
    expect(link.textContent).toMatch(/9:00/);
    expect(within(block).getByRole('button', { name: 'Editar plan' })).toBeTruthy();
  });

  it('says when the machine records no use, and a calendar-only plan in months', async () => {
    customerPage(operator, { [`GET ${PLAN}`]: () => jsonResponse(200, { plan: idlePlan }) });
    const block = await region();
    expect(await within(block).findByText('Cada 250 h de motor')).toBeTruthy();
    expect(within(block).getByText('Sin uso registrado')).toBeTruthy();
    expect(within(block).getByText('Sin fecha: el equipo no registra uso')).toBeTruthy();
    expect(within(block).getByText('Sin visita propuesta')).toBeTruthy();
    expect(within(block).getByTestId('plan-status').textContent).toBe('Al día');
  });

  it('lets the office define a plan in a modal, checking the fields first', async () => {
    let saved = false;
    const { fetchMock } = customerPage(master, {
      [`GET ${PLAN}`]: () => jsonResponse(200, { plan: saved ? excavatorPlan : null }),
      [`PUT ${PLAN}`]: () => {
        saved = true;
        return jsonResponse(200, { plan: excavatorPlan });
      },
      'GET /api/v1/service-plans/due-soon': () => jsonResponse(200, []),
    });
    const block = await region();
    expect(await within(block).findByText('Sin plan de mantenimiento')).toBeTruthy();
    fireEvent.click(within(block).getByRole('button', { name: 'Definir plan' }));
    const dialog = await screen.findByRole('dialog', { name: 'Plan de mantenimiento de John Deere 310L JD310L001' });
    const form = within(dialog).getByRole('form', { name: 'Plan de mantenimiento' });
    // Whichever first by default: both intervals are asked for.
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar plan' }));
    expect(await within(form).findByText('Indica las horas entre servicios: un número entero de 1 a 100000.')).toBeTruthy();
    expect(within(form).getByText('Indica los meses entre servicios: un número entero de 1 a 120.')).toBeTruthy();
    fireEvent.change(within(form).getByLabelText('Base del plan'), { target: { value: 'engine_hours' } });
    expect(within(form).queryByLabelText(/^Cada cuántos meses/)).toBeNull();
    fireEvent.change(within(form).getByLabelText(/^Cada cuántas horas/), { target: { value: '250' } });
    fireEvent.change(within(form).getByLabelText(/^Horas en el último servicio/), { target: { value: '151' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar plan' }));
    expect(await within(form).findByText('No puede superar la lectura actual (150 h).')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', PLAN)).toHaveLength(0);
    fireEvent.change(within(form).getByLabelText(/^Horas en el último servicio/), { target: { value: '100' } });
    fireEvent.change(within(form).getByLabelText(/^Fecha del último servicio/), { target: { value: '2026-07-01' } });
    fireEvent.change(within(form).getByLabelText(/^Días de anticipación del aviso/), { target: { value: '10' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar plan' }));
    expect(await screen.findByText('Plan de mantenimiento guardado.')).toBeTruthy();
    expect(callsTo(fetchMock, 'PUT', PLAN)).toEqual([
      { basis: 'engine_hours', every_hours: 250, due_soon_days: 10, last_service_on: '2026-07-01', last_service_hours: 100 },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await within(block).findByRole('button', { name: 'Editar plan' })).toBeTruthy();
  });

  it("shows the server's refusal on the field it names and keeps what was typed", async () => {
    customerPage(operator, {
      [`GET ${PLAN}`]: () => jsonResponse(200, { plan: excavatorPlan }),
      [`PUT ${PLAN}`]: () => problemWithField(409, 'conflict', 'last_service_on', 'the last service cannot be in the future'),
    });
    const block = await region();
    fireEvent.click(await within(block).findByRole('button', { name: 'Editar plan' }));
    const form = await screen.findByRole('form', { name: 'Plan de mantenimiento' });
    // The form starts from the plan.
    expect((within(form).getByLabelText(/^Cada cuántas horas/) as HTMLInputElement).value).toBe('250');
    expect((within(form).getByLabelText(/^Cada cuántos meses/) as HTMLInputElement).value).toBe('6');
    expect((within(form).getByLabelText(/^Fecha del último servicio/) as HTMLInputElement).value).toBe('2026-07-01');
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar plan' }));
    const field = within(form).getByLabelText(/^Fecha del último servicio/);
    await waitFor(() => expect(field.getAttribute('aria-invalid')).toBe('true'));
    expect(within(form).getByText('La fecha no puede ser futura.')).toBeTruthy();
    expect((within(form).getByLabelText(/^Cada cuántas horas/) as HTMLInputElement).value).toBe('250');
  });

  it('shows any other refusal as an alert in the form', async () => {
    customerPage(operator, {
      [`GET ${PLAN}`]: () => jsonResponse(200, { plan: null }),
      [`PUT ${PLAN}`]: () => problemResponse(403, 'forbidden'),
    });
    const block = await region();
    fireEvent.click(await within(block).findByRole('button', { name: 'Definir plan' }));
    const form = await screen.findByRole('form', { name: 'Plan de mantenimiento' });
    fireEvent.change(within(form).getByLabelText('Base del plan'), { target: { value: 'calendar' } });
    fireEvent.change(within(form).getByLabelText(/^Cada cuántos meses/), { target: { value: '6' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Guardar plan' }));
    expect(await within(form).findByRole('alert')).toBeTruthy();
  });

  it('lets a seller read the plan without editing it', async () => {
    customerPage({ ...sellerUser }, { [`GET ${PLAN}`]: () => jsonResponse(200, { plan: excavatorPlan }) });
    const block = await region();
    expect(await within(block).findByText('Cada 250 h o 6 meses, lo que ocurra primero')).toBeTruthy();
    expect(within(block).queryByRole('button', { name: 'Editar plan' })).toBeNull();
  });

  it('lets a customer read their machine plan on the portal, and says when there is none', async () => {
    renderAs(portalUser, '/company', <CompanyPage />, {
      [`GET /api/v1/customers/${CUSTOMER_ID}`]: () => jsonResponse(200, andes),
      [`GET /api/v1/customers/${CUSTOMER_ID}/contacts`]: () => jsonResponse(200, []),
      [`GET /api/v1/customers/${CUSTOMER_ID}/equipment`]: () => jsonResponse(200, [excavator]),
      [`GET ${PLAN}`]: () => jsonResponse(200, { plan: null }),
    });
    const block = await region();
    expect(await within(block).findByText('Sin plan de mantenimiento')).toBeTruthy();
    expect(within(block).queryByRole('button', { name: 'Definir plan' })).toBeNull();
  });
});
