/**
 * Preventive maintenance plans per machine (issue 16): types (generated from
 * the Rust server), query keys and TanStack Query hooks for
 *
 * - `GET /api/v1/equipment/{id}/plan` → `{plan: ServicePlan | null}` (anyone
 *   who may see the machine: the office, the owning seller, the customer);
 * - `PUT /api/v1/equipment/{id}/plan` (office roles only) → the same;
 * - `GET /api/v1/service-plans/due-soon` → the machines whose next service
 *   is due soon or overdue today, soonest first (scoped by the server:
 *   office all, seller their customers, customer contact their company,
 *   technicians nothing);
 * - `POST /api/v1/equipment/{id}/readings` (existing; technicians may record
 *   one for a machine of an open order assigned to them).
 *
 * A plan's forecast (next due date, status) depends on the meter, so saving a
 * plan or recording a reading refetches every plan query and the due-soon list
 * (`planKeys.all` is their common prefix).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch } from './client';
import type { Role } from './auth';
import { type Equipment, customerKeys } from './customers';
import type { DueBy, DueSoonMachine, EquipmentPlan, PlanBasis, PlanStatus, ProposedVisit, ServicePlan } from './generated';

export type { DueBy, DueSoonMachine, EquipmentPlan, PlanBasis, PlanStatus, ProposedVisit, ServicePlan };

/** The bases in the order the form offers them. */
export const PLAN_BASES = ['whichever_first', 'engine_hours', 'calendar'] as const satisfies readonly PlanBasis[];
/** The statuses, from best to worst. */
export const PLAN_STATUSES = ['ok', 'due_soon', 'overdue'] as const satisfies readonly PlanStatus[];
/** The server's default margin ("due soon" this many days ahead). */
export const DEFAULT_DUE_SOON_DAYS = 14;
/** The largest margin the server accepts. */
export const MAX_DUE_SOON_DAYS = 365;
/** The server's bounds of the intervals. */
export const MAX_EVERY_HOURS = 100_000;
export const MAX_EVERY_MONTHS = 120;

/** Body of `PUT /api/v1/equipment/{id}/plan`; omitted fields take the server's defaults. */
export interface PlanInput {
  basis: PlanBasis;
  every_hours?: number | null;
  every_months?: number | null;
  due_soon_days?: number | null;
  /** `YYYY-MM-DD`, not in the future (default: today). */
  last_service_on?: string | null;
  /** Not above the current meter (default: the current meter). */
  last_service_hours?: number | null;
}

/** The input fields a plan problem may name (`field` of the problem document). */
export const PLAN_FIELDS = ['every_hours', 'every_months', 'due_soon_days', 'last_service_on', 'last_service_hours'] as const;

// --- roles ------------------------------------------------------------------

/** Set or change a machine's plan: the office (master, admin, operator). */
export const canEditPlans = (role: Role) => role === 'master' || role === 'admin' || role === 'operator';
/** See the due-soon list: everyone but technicians (who get an empty list). */
export const seesDueSoon = (role: Role) => role !== 'technician';
/** Record a meter reading from an order: the office and technicians (on their open orders). */
export const canRecordReadingOnOrder = (role: Role) =>
  role === 'master' || role === 'admin' || role === 'operator' || role === 'technician';

/** Whether a basis counts engine hours / the calendar. */
export const countsHours = (basis: PlanBasis) => basis !== 'calendar';
export const countsMonths = (basis: PlanBasis) => basis !== 'engine_hours';

// --- query keys -------------------------------------------------------------

export const planKeys = {
  /** Prefix of every plan query and the due-soon list. */
  all: ['service-plans'] as const,
  plan: (equipmentId: string) => ['service-plans', 'equipment', equipmentId] as const,
  dueSoon: ['service-plans', 'due-soon'] as const,
};

// --- requests ---------------------------------------------------------------

const planUrl = (equipmentId: string) => `/api/v1/equipment/${encodeURIComponent(equipmentId)}/plan`;

export const fetchPlan = (equipmentId: string, signal?: AbortSignal) => api.get<EquipmentPlan>(planUrl(equipmentId), signal);
export const savePlan = (equipmentId: string, input: PlanInput) =>
  apiFetch<EquipmentPlan>(planUrl(equipmentId), { method: 'PUT', body: input });
export const fetchDueSoon = (signal?: AbortSignal) => api.get<DueSoonMachine[]>('/api/v1/service-plans/due-soon', signal);
export const recordReading = (equipmentId: string, hours: number) =>
  api.post<Equipment>(`/api/v1/equipment/${encodeURIComponent(equipmentId)}/readings`, { hours });

// --- hooks ------------------------------------------------------------------

/** One machine's plan (`data.plan` is `null` when it has none). */
export function useEquipmentPlan(equipmentId: string, enabled = true) {
  return useQuery({
    queryKey: planKeys.plan(equipmentId),
    queryFn: ({ signal }) => fetchPlan(equipmentId, signal),
    enabled: enabled && !!equipmentId,
  });
}

/** The machines due soon or overdue, soonest first. */
export function useDueSoon(enabled = true) {
  return useQuery({ queryKey: planKeys.dueSoon, queryFn: ({ signal }) => fetchDueSoon(signal), enabled });
}

/** Sets a machine's plan (office); keeps the answer and refreshes the due-soon list. */
export function useSavePlan(equipmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PlanInput) => savePlan(equipmentId, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(planKeys.plan(equipmentId), saved);
      void queryClient.invalidateQueries({ queryKey: planKeys.all });
    },
  });
}

/** Records a meter reading; refreshes the machine's readings, its customer's machines and every plan query. */
export function useRecordReading(equipmentId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (hours: number) => recordReading(equipmentId, hours),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: planKeys.all });
      void queryClient.invalidateQueries({ queryKey: customerKeys.readings(equipmentId) });
      void queryClient.invalidateQueries({ queryKey: customerKeys.equipment(saved.customer_id) });
    },
  });
}

// --- form helpers -----------------------------------------------------------

/**
 * The body for a plan form's values: only the intervals the basis counts are
 * sent, blank optional fields are left to the server's defaults.
 */
export function planInputOf(values: {
  basis: PlanBasis;
  everyHours: number | null;
  everyMonths: number | null;
  dueSoonDays: number | null;
  lastServiceOn: string;
  lastServiceHours: number | null;
}): PlanInput {
  const input: PlanInput = { basis: values.basis };
  if (countsHours(values.basis)) input.every_hours = values.everyHours;
  if (countsMonths(values.basis)) input.every_months = values.everyMonths;
  if (values.dueSoonDays !== null) input.due_soon_days = values.dueSoonDays;
  if (values.lastServiceOn) input.last_service_on = values.lastServiceOn;
  if (values.lastServiceHours !== null) input.last_service_hours = values.lastServiceHours;
  return input;
}
