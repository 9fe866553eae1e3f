/** Tests for the maintenance-plan API helpers: the PUT body per basis, roles, and what a save or a reading refetches. */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../components/AppProviders';
import { excavator } from '../components/customers/testFixtures';
import { dueSoonExcavator, excavatorPlan } from '../components/maintenance/testFixtures';
import { callsTo, jsonResponse, stubFetch } from '../test/utils';
import { customerKeys } from './customers';
import { createQueryClient } from './queryClient';
import {
  canEditPlans,
  canRecordReadingOnOrder,
  planInputOf,
  planKeys,
  seesDueSoon,
  useRecordReading,
  useSavePlan,
} from './servicePlans';

const values = {
  basis: 'whichever_first' as const,
  everyHours: 250,
  everyMonths: 6,
  dueSoonDays: null,
  lastServiceOn: '',
  lastServiceHours: null,
};

describe('planInputOf', () => {
  it('sends only the intervals the basis counts and leaves blanks to the server', () => {
    expect(planInputOf(values)).toEqual({ basis: 'whichever_first', every_hours: 250, every_months: 6 });
    expect(planInputOf({ ...values, basis: 'engine_hours' })).toEqual({ basis: 'engine_hours', every_hours: 250 });
    expect(planInputOf({ ...values, basis: 'calendar', dueSoonDays: 0, lastServiceOn: '2026-11-02', lastServiceHours: 90 })).toEqual({
      basis: 'calendar',
      every_months: 6,
      due_soon_days: 0,
      last_service_on: '2026-11-02',
      last_service_hours: 90,
    });
  });
});

describe('roles', () => {
  it('mirror the server: the office edits, technicians read no list but record readings', () => {
    expect(['master', 'admin', 'operator'].every((r) => canEditPlans(r as never))).toBe(true);
    expect(canEditPlans('seller')).toBe(false);
    expect(canEditPlans('customer')).toBe(false);
    expect(seesDueSoon('technician')).toBe(false);
    expect(seesDueSoon('customer')).toBe(true);
    expect(canRecordReadingOnOrder('technician')).toBe(true);
    expect(canRecordReadingOnOrder('seller')).toBe(false);
  });
});

function setup() {
  const queryClient = createQueryClient();
  queryClient.setQueryData(planKeys.plan(excavator.id), { plan: null });
  queryClient.setQueryData(planKeys.plan('other'), { plan: null });
  queryClient.setQueryData(planKeys.dueSoon, []);
  queryClient.setQueryData(customerKeys.equipment(excavator.customer_id), [excavator]);
  const wrapper = ({ children }: { children: ReactNode }) => <AppProviders queryClient={queryClient}>{children}</AppProviders>;
  return { queryClient, wrapper };
}

describe('useSavePlan', () => {
  it('PUTs the plan, keeps the answer and refetches the due-soon list', async () => {
    const fetchMock = stubFetch({
      [`PUT /api/v1/equipment/${excavator.id}/plan`]: () => jsonResponse(200, { plan: excavatorPlan }),
      'GET /api/v1/service-plans/due-soon': () => jsonResponse(200, [dueSoonExcavator]),
    });
    const { queryClient, wrapper } = setup();
    const { result } = renderHook(() => useSavePlan(excavator.id), { wrapper });
    await act(() => result.current.mutateAsync({ basis: 'engine_hours', every_hours: 250 }));
    expect(callsTo(fetchMock, 'PUT', `/api/v1/equipment/${excavator.id}/plan`)).toEqual([{ basis: 'engine_hours', every_hours: 250 }]);
    expect(queryClient.getQueryData(planKeys.plan(excavator.id))).toEqual({ plan: excavatorPlan });
    await waitFor(() => expect(queryClient.getQueryState(planKeys.dueSoon)?.isInvalidated).toBe(true));
  });
});

describe('useRecordReading', () => {
  it('POSTs the reading and refetches plans, due-soon and the machines of the customer', async () => {
    const fetchMock = stubFetch({
      [`POST /api/v1/equipment/${excavator.id}/readings`]: () => jsonResponse(201, { ...excavator, engine_hours: 360 }),
    });
    const { queryClient, wrapper } = setup();
    const { result } = renderHook(() => useRecordReading(excavator.id), { wrapper });
    await act(() => result.current.mutateAsync(360));
    expect(callsTo(fetchMock, 'POST', `/api/v1/equipment/${excavator.id}/readings`)).toEqual([{ hours: 360 }]);
    await waitFor(() => expect(queryClient.getQueryState(planKeys.dueSoon)?.isInvalidated).toBe(true));
    expect(queryClient.getQueryState(planKeys.plan(excavator.id))?.isInvalidated).toBe(true);
    expect(queryClient.getQueryState(customerKeys.equipment(excavator.customer_id))?.isInvalidated).toBe(true);
  });
});
