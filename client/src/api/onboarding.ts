/**
 * A new customer's onboarding checklist (issue 16, seed 004 "Proceso de
 * Inducción de Cliente Nuevo"): the server creates it with the customer from
 * the steps of the post-sale settings (`onboarding_steps`); each step has an
 * owner (a staff user) who is reminded when its day comes and it is not done
 * (`onboarding_step_due`). Types come from the Rust server (api/generated);
 * this file holds the query keys and TanStack Query hooks for
 *
 * - `GET /api/v1/customers/{id}/onboarding` → `OnboardingTask[]` in step
 *   order; empty for customers created before onboarding existed;
 * - `POST /api/v1/customers/{id}/onboarding` `{}` → starts the checklist for
 *   such a customer (409 `conflict` when it has one) → `OnboardingTask[]`;
 * - `PUT /api/v1/onboarding-tasks/{id}` `{owner_id, due_on, done}` →
 *   `OnboardingTask`; 404 field `owner_id` (not office/sales staff), 422
 *   `validation_failed` field `due_on` (more than 5 years away).
 *
 * The office (master, admin, operator) and the customer's seller (404 for
 * anyone else's customer); technicians and customer contacts get 403, so they
 * never see it. Live: `customer.onboarding_changed` (see
 * `realtime/useInteractionFeed.ts`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch } from './client';
import type { Role } from './auth';
import type { StaffUser } from './admin';
import type { OnboardingStep, OnboardingTask } from './generated';
import { zonedDayKey } from '../lib/format';

export type { OnboardingStep, OnboardingTask };

/** Body of `PUT /api/v1/onboarding-tasks/{id}`: the whole step, changed or not. */
export interface OnboardingTaskInput {
  owner_id: string | null;
  /** `YYYY-MM-DD`, at most 5 years from today. */
  due_on: string;
  done: boolean;
}

/** The server's bounds for the settings' `onboarding_steps`. */
export const MIN_ONBOARDING_STEPS = 1;
export const MAX_ONBOARDING_STEPS = 20;
export const MAX_STEP_TITLE_LENGTH = 200;
export const MAX_STEP_DAYS = 365;

/** Roles that may own a step (not technicians nor customer contacts). */
export const OWNER_ROLES: readonly Role[] = ['master', 'admin', 'operator', 'seller'];

// --- roles ------------------------------------------------------------------

/** Read and work a customer's checklist: the office and sellers (their own customers). */
export const seesOnboarding = (role: Role) =>
  role === 'master' || role === 'admin' || role === 'operator' || role === 'seller';

// --- days -------------------------------------------------------------------

export type DueState = 'today' | 'overdue' | null;

/** Whether an undone step is due today or overdue on the company's calendar (`today`: `YYYY-MM-DD`). */
export function dueState(task: Pick<OnboardingTask, 'due_on' | 'done_at'>, today: string = zonedDayKey(new Date())): DueState {
  if (task.done_at) return null;
  const day = task.due_on.slice(0, 10);
  if (day === today) return 'today';
  return day < today ? 'overdue' : null;
}

/** The body that leaves a step as it is. */
export const taskInputOf = (task: OnboardingTask): OnboardingTaskInput => ({
  owner_id: task.owner_id,
  due_on: task.due_on.slice(0, 10),
  done: task.done_at !== null,
});

// --- query keys -------------------------------------------------------------

export const onboardingKeys = {
  all: ['onboarding'] as const,
  customer: (customerId: string) => ['onboarding', 'customer', customerId] as const,
  /** Under `['users']`, so a change to the staff refreshes the picker too. */
  owners: ['users', 'onboarding-owners'] as const,
};

// --- requests ---------------------------------------------------------------

const onboardingUrl = (customerId: string) => `/api/v1/customers/${encodeURIComponent(customerId)}/onboarding`;

export const fetchOnboarding = (customerId: string, signal?: AbortSignal) =>
  api.get<OnboardingTask[]>(onboardingUrl(customerId), signal);
export const startOnboarding = (customerId: string) => api.post<OnboardingTask[]>(onboardingUrl(customerId), {});
export const updateOnboardingTask = (taskId: string, input: OnboardingTaskInput) =>
  apiFetch<OnboardingTask>(`/api/v1/onboarding-tasks/${encodeURIComponent(taskId)}`, { method: 'PUT', body: input });
/** Active staff who may own a step (the server filters nothing by role: done here). */
export const fetchOnboardingOwners = (signal?: AbortSignal) =>
  api
    .get<StaffUser[]>('/api/v1/users?active=true', signal)
    .then((users) => users.filter((u) => OWNER_ROLES.includes(u.role)));

// --- hooks ------------------------------------------------------------------

/** A customer's checklist, in step order. */
export function useOnboarding(customerId: string, enabled = true) {
  return useQuery({
    queryKey: onboardingKeys.customer(customerId),
    queryFn: ({ signal }) => fetchOnboarding(customerId, signal),
    enabled: enabled && !!customerId,
  });
}

/** Who may own a step; only the office may list users (sellers pass `enabled` false). */
export function useOnboardingOwners(enabled: boolean) {
  return useQuery({
    queryKey: onboardingKeys.owners,
    queryFn: ({ signal }) => fetchOnboardingOwners(signal),
    enabled,
    staleTime: 5 * 60 * 1000,
  });
}

/** Starts the checklist of a customer created before onboarding existed. */
export function useStartOnboarding(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => startOnboarding(customerId),
    onSuccess: (tasks) => {
      queryClient.setQueryData(onboardingKeys.customer(customerId), tasks);
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.customer(customerId) });
    },
    // 409: it has one already (a colleague started it); show that one.
    onError: () => void queryClient.invalidateQueries({ queryKey: onboardingKeys.customer(customerId) }),
  });
}

/** Saves one step (owner, day, done); the list shows the saved step at once. */
export function useUpdateOnboardingTask(customerId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: OnboardingTaskInput }) => updateOnboardingTask(id, input),
    onSuccess: (saved) => {
      queryClient.setQueryData<OnboardingTask[]>(onboardingKeys.customer(customerId), (list) =>
        list?.map((t) => (t.id === saved.id ? saved : t)),
      );
      void queryClient.invalidateQueries({ queryKey: onboardingKeys.customer(customerId) });
    },
  });
}
