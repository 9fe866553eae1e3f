/**
 * Ticket SLA policies (issue 16): the settings at `/api/v1/settings/sla`
 * (master, admin) — business hours Monday first, holidays, the targets of
 * every ticket type and priority in business minutes, and how long before
 * a breach the assignee is warned — and the compliance report at
 * `/api/v1/sla/compliance?from=&to=` (office roles).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, apiFetch } from './client';
import type { Role } from './auth';
import type { BusinessDay, ComplianceFigure, SlaCompliance, SlaPolicy, SlaSettings, SlaTarget } from './generated';

export type { BusinessDay, ComplianceFigure, SlaCompliance, SlaPolicy, SlaSettings, SlaTarget };

/** The two targets of a ticket, in the order they are shown. */
export const SLA_TARGETS = ['first_response', 'resolution'] as const satisfies readonly SlaTarget[];

/** Largest target the server accepts: a year, in minutes. */
export const MAX_TARGET_MINUTES = 525_600;
/** Largest warning lead the server accepts: a day, in minutes. */
export const MAX_WARNING_MINUTES = 1440;

/** What `PUT /api/v1/settings/sla` takes. */
export type SlaSettingsInput = Omit<SlaSettings, 'updated_at'>;

/** Office roles: they read the compliance report (and the SLA badges' full picture). */
export const seesSlaCompliance = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

export const slaKeys = {
  settings: ['settings', 'sla'] as const,
  compliance: (from: string, to: string) => ['sla', 'compliance', from, to] as const,
};

/** The SLA settings; only fetched for those who may edit them. */
export function useSlaSettings(enabled: boolean) {
  return useQuery({
    queryKey: slaKeys.settings,
    queryFn: ({ signal }) => api.get<SlaSettings>('/api/v1/settings/sla', signal),
    enabled,
    staleTime: 0,
  });
}

export function useUpdateSlaSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SlaSettingsInput) => apiFetch<SlaSettings>('/api/v1/settings/sla', { method: 'PUT', body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(slaKeys.settings, saved);
      // New targets move the tickets' due times and the report.
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      void queryClient.invalidateQueries({ queryKey: ['ticket'] });
      void queryClient.invalidateQueries({ queryKey: ['sla'] });
    },
  });
}

/** The report's URL; empty ends are left out (the server then uses the last 90 days). */
export function complianceUrl(from: string, to: string): string {
  const params = new URLSearchParams();
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  const qs = params.toString();
  return `/api/v1/sla/compliance${qs ? `?${qs}` : ''}`;
}

export function useSlaCompliance(from: string, to: string, enabled = true) {
  return useQuery({
    queryKey: slaKeys.compliance(from, to),
    queryFn: ({ signal }) => api.get<SlaCompliance>(complianceUrl(from, to), signal),
    enabled,
  });
}
