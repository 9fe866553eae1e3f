/**
 * Tests for the onboarding API helpers: who sees a checklist, when an undone
 * step is due today or overdue, the requests the hooks make, and what a save
 * refreshes.
 */
import { act, renderHook, waitFor } from '@testing-library/react';
import type { ReactNode } from 'react';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../components/AppProviders';
import { CUSTOMER_ID } from '../components/customers/testFixtures';
import { deliveryStep, trainingStep } from '../components/onboarding/testFixtures';
import { callsTo, jsonResponse, stubFetch } from '../test/utils';
import {
  dueState,
  onboardingKeys,
  seesOnboarding,
  taskInputOf,
  useOnboarding,
  useOnboardingOwners,
  useStartOnboarding,
  useUpdateOnboardingTask,
} from './onboarding';
import { createQueryClient } from './queryClient';

const LIST = `/api/v1/customers/${CUSTOMER_ID}/onboarding`;

function setup() {
  const queryClient = createQueryClient();
  const wrapper = ({ children }: { children: ReactNode }) => <AppProviders queryClient={queryClient}>{children}</AppProviders>;
  return { queryClient, wrapper };
}

describe('seesOnboarding', () => {
  it('is the office and sellers, never technicians nor customer contacts', () => {
    expect(['master', 'admin', 'operator', 'seller'].every((r) => seesOnboarding(r as never))).toBe(true);
    expect(seesOnboarding('technician')).toBe(false);
    expect(seesOnboarding('customer')).toBe(false);
  });
});

describe('dueState', () => {
  it('says today or overdue for undone steps only, by calendar day', () => {
    expect(dueState({ due_on: '2026-03-10', done_at: null }, '2026-03-10')).toBe('today');
    expect(dueState({ due_on: '2026-03-09', done_at: null }, '2026-03-10')).toBe('overdue');
    expect(dueState({ due_on: '2026-03-11', done_at: null }, '2026-03-10')).toBeNull();
    expect(dueState({ due_on: '2026-03-01', done_at: '2026-03-02T10:00:00Z' }, '2026-03-10')).toBeNull();
  });
});

describe('taskInputOf', () => {
  it('is the step as it is', () => {
    expect(taskInputOf(deliveryStep)).toEqual({ owner_id: deliveryStep.owner_id, due_on: '2026-03-01', done: true });
    expect(taskInputOf(trainingStep)).toEqual({ owner_id: null, due_on: trainingStep.due_on, done: false });
  });
});

describe('hooks', () => {
  it('list, start and update call the endpoints and keep the list in step', async () => {
    const saved = { ...trainingStep, done_at: '2026-03-10T12:00:00Z', done_by_name: 'Marta Maestra' };
    let stored = [deliveryStep, trainingStep];
    const fetchMock = stubFetch({
      [`GET ${LIST}`]: () => jsonResponse(200, stored),
      [`POST ${LIST}`]: () => jsonResponse(200, stored),
      [`PUT /api/v1/onboarding-tasks/${trainingStep.id}`]: () => {
        stored = [deliveryStep, saved];
        return jsonResponse(200, saved);
      },
    });
    const { queryClient, wrapper } = setup();
    const list = renderHook(() => useOnboarding(CUSTOMER_ID), { wrapper });
    await waitFor(() => expect(list.result.current.data).toHaveLength(2));

    const start = renderHook(() => useStartOnboarding(CUSTOMER_ID), { wrapper });
    await act(() => start.result.current.mutateAsync());
    expect(callsTo(fetchMock, 'POST', LIST)).toEqual([{}]);

    const update = renderHook(() => useUpdateOnboardingTask(CUSTOMER_ID), { wrapper });
    const input = { owner_id: null, due_on: trainingStep.due_on, done: true };
    await act(() => update.result.current.mutateAsync({ id: trainingStep.id, input }));
    expect(callsTo(fetchMock, 'PUT', `/api/v1/onboarding-tasks/${trainingStep.id}`)).toEqual([input]);
    const cached = queryClient.getQueryData<typeof saved[]>(onboardingKeys.customer(CUSTOMER_ID));
    expect(cached?.[1].done_by_name).toBe('Marta Maestra');
  });

  it('offers office and sales staff as owners, never technicians nor contacts', async () => {
    const person = (id: string, role: string) => ({ id, name: id, role, active: true });
    stubFetch({
      'GET /api/v1/users': () =>
        jsonResponse(200, [person('m', 'master'), person('a', 'admin'), person('o', 'operator'), person('s', 'seller'), person('t', 'technician'), person('c', 'customer')]),
    });
    const { wrapper } = setup();
    const owners = renderHook(() => useOnboardingOwners(true), { wrapper });
    await waitFor(() => expect(owners.result.current.data?.map((u) => u.id)).toEqual(['m', 'a', 'o', 's']));
  });
});
