/**
 * Tests for the "Lectura del horómetro" form of /orders/:id: a technician
 * records the machine's engine hours from the order (phone width), sees the
 * saved value, and the server's refusal of a lower reading on the field.
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { User } from '../api/auth';
import { excavator, operator, portalUser, problemWithField, renderAs, sellerUser, technician } from '../components/customers/testFixtures';
import { ORDER_ID, orderDetail } from '../components/operations/testFixtures';
import { callsTo, jsonResponse, phoneViewport } from '../test/utils';
import { OrderDetailPage } from './OrderDetailPage';

vi.mock('../realtime/client', () => import('../components/operations/realtimeMock'));

const READINGS = `/api/v1/equipment/${excavator.id}/readings`;
const withMachine = orderDetail({
  equipment_id: excavator.id,
  equipment_brand: excavator.brand,
  equipment_model: excavator.model,
  equipment_serial: excavator.serial,
});

function setup(me: User, order = withMachine, extra: Parameters<typeof renderAs>[3] = {}) {
  return renderAs(
    me,
    '/orders/:id',
    <OrderDetailPage />,
    {
      [`GET /api/v1/orders/${ORDER_ID}`]: () => jsonResponse(200, order),
      [`GET /api/v1/orders/${ORDER_ID}/payments`]: () => jsonResponse(200, { items: [] }),
      'GET /api/v1/order-statuses': () => jsonResponse(200, []),
      'GET /api/v1/payment-methods': () => jsonResponse(200, []),
      ...extra,
    },
    `/orders/${ORDER_ID}`,
  );
}

const section = () => screen.findByRole('region', { name: 'Lectura del horómetro' });

describe('engine-hour reading on the order page', () => {
  it('lets a technician record a reading on a phone and refuses a lower one on the field', async () => {
    phoneViewport();
    let calls = 0;
    const { fetchMock } = setup(technician, withMachine, {
      [`POST ${READINGS}`]: () =>
        ++calls === 1
          ? problemWithField(422, 'engine_hours_decreased', 'hours', 'the meter already reads 150 hours; readings never decrease')
          : jsonResponse(200, { ...excavator, engine_hours: 1250 }),
    });
    const form = await section();
    const field = within(form).getByLabelText(/^Horas del horómetro/) as HTMLInputElement;
    fireEvent.change(field, { target: { value: '120' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrar lectura' }));
    expect(await within(form).findByText('El horómetro ya marca 150 h: la lectura no puede ser menor.')).toBeTruthy();
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(field.value).toBe('120');

    fireEvent.change(field, { target: { value: '1250' } });
    fireEvent.click(within(form).getByRole('button', { name: 'Registrar lectura' }));
    expect(await within(form).findByText('Lectura registrada: 1250 h')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', READINGS)).toEqual([{ hours: 120 }, { hours: 1250 }]);
    await waitFor(() => expect(field.value).toBe(''));
  });

  it('checks the number before sending it', async () => {
    const { fetchMock } = setup(operator);
    const form = await section();
    fireEvent.click(within(form).getByRole('button', { name: 'Registrar lectura' }));
    expect(await within(form).findByText('Indica un número entero de horas, sin decimales.')).toBeTruthy();
    expect(callsTo(fetchMock, 'POST', READINGS)).toHaveLength(0);
  });

  it('is not offered for an order without a machine', async () => {
    setup(technician, orderDetail({ equipment_id: null }));
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Lectura del horómetro' })).toBeNull();
  });

  it.each([
    ['a seller', sellerUser, withMachine],
    ['a customer', portalUser, withMachine],
    ['a closed order', technician, { ...withMachine, state: 'closed' as const }],
  ])('is hidden for %s', async (_what, me, order) => {
    setup(me, order);
    expect(await screen.findByRole('heading', { level: 1 })).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Lectura del horómetro' })).toBeNull();
  });
});
