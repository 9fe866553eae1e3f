/**
 * Query hooks for the pickers of the schedule forms: the customers in the
 * caller's scope, one customer's equipment, and the staff users who can be
 * sent on a visit or handle a request. Each is only fetched when the role may
 * read it (a seller cannot list users; a technician cannot read customers),
 * so the forms degrade to "not assigned" instead of failing.
 */
import { useQueries, useQuery } from '@tanstack/react-query';
import type { Role } from '../../api/auth';
import {
  canListUsers,
  canReadCustomers,
  equipmentLabel,
  fetchCustomerOptions,
  fetchEquipment,
  fetchEquipmentOf,
  fetchStaff,
} from '../../api/schedule';

export function useCustomerOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['schedule', 'customers'],
    queryFn: ({ signal }) => fetchCustomerOptions(signal),
    enabled,
    staleTime: 60_000,
  });
}

export function useEquipmentOf(customerId: string | null | undefined) {
  return useQuery({
    queryKey: ['schedule', 'equipment-of', customerId],
    queryFn: ({ signal }) => fetchEquipmentOf(customerId as string, signal),
    enabled: !!customerId,
    staleTime: 60_000,
  });
}

/** One machine, for roles that may read equipment. */
export function useEquipment(id: string | null | undefined, role: Role | undefined) {
  return useQuery({
    queryKey: ['schedule', 'equipment', id],
    queryFn: ({ signal }) => fetchEquipment(id as string, signal),
    enabled: !!id && !!role && canReadCustomers(role),
    staleTime: 60_000,
    retry: false,
  });
}

export function useStaff(role: Role | undefined) {
  return useQuery({
    queryKey: ['schedule', 'staff'],
    queryFn: ({ signal }) => fetchStaff(signal),
    enabled: !!role && canListUsers(role),
    staleTime: 60_000,
  });
}

/**
 * Labels of several machines by id (the appointment and request lists carry
 * only `equipment_id`). One cached request per distinct machine, only for
 * roles that may read equipment; unknown ids have no label.
 */
export function useEquipmentNames(ids: readonly (string | null | undefined)[], role: Role | undefined) {
  const distinct = [...new Set(ids.filter((id): id is string => !!id))].sort();
  const results = useQueries({
    queries: distinct.map((id) => ({
      queryKey: ['schedule', 'equipment', id],
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchEquipment(id, signal),
      enabled: !!role && canReadCustomers(role),
      staleTime: 60_000,
      retry: false,
    })),
  });
  const names = new Map<string, string>();
  results.forEach((r, i) => {
    if (r.data) names.set(distinct[i], equipmentLabel(r.data));
  });
  return (id: string) => names.get(id);
}
