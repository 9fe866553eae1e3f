/**
 * Query hooks for the pickers of the schedule forms: the customers in the
 * caller's scope, one customer's equipment, the technicians who can be sent
 * on a visit (technicians only, never an office user) and the staff users who
 * can handle a request. Each is only fetched when the role may read it (a
 * seller cannot list users; a technician cannot read customers),
 * so the forms degrade to "not assigned" instead of failing. (Lists and
 * details need no lookups: appointments and requests carry their machine's
 * and assignee's names.)
 */
import { useQuery } from '@tanstack/react-query';
import type { Role } from '../../api/auth';
import { canListUsers, fetchCustomerOptions, fetchEquipmentOf, fetchStaff, fetchTechnicianOptions } from '../../api/schedule';

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

export function useStaff(role: Role | undefined) {
  return useQuery({
    queryKey: ['schedule', 'staff'],
    queryFn: ({ signal }) => fetchStaff(signal),
    enabled: !!role && canListUsers(role),
    staleTime: 60_000,
  });
}

/** Active technicians, for every "technician" picker (visits, orders from a request). */
export function useTechnicians(role: Role | undefined) {
  return useQuery({
    queryKey: ['schedule', 'technicians'],
    queryFn: ({ signal }) => fetchTechnicianOptions(signal),
    enabled: !!role && canListUsers(role),
    staleTime: 60_000,
  });
}
