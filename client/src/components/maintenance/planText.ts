/**
 * A plan as sentences: its basis ("Cada 250 h o 6 meses, lo que ocurra
 * primero"), the last service, the machine's use per day and when the next
 * service falls due and why. Days (`YYYY-MM-DD`) are written as the day they
 * are (`formatDay`), never shifted by the browser's zone; instants (a
 * proposed visit's start) in the company's zone.
 */
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { ServicePlan } from '../../api/servicePlans';
import { formatDay } from '../../lib/day';
import { formatNumber } from '../../lib/format';

export function usePlanText() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const hours = useCallback((n: number) => formatNumber(n, lang, 0), [lang]);

  const basis = useCallback(
    (p: Pick<ServicePlan, 'basis' | 'every_hours' | 'every_months'>) => {
      const months = t('maintenanceArea.plan.months', { count: p.every_months });
      return t(`maintenanceArea.plan.basisText.${p.basis}`, { hours: hours(p.every_hours), months });
    },
    [t, hours],
  );

  const lastService = useCallback(
    (p: Pick<ServicePlan, 'last_service_on' | 'last_service_hours'>) =>
      t('maintenanceArea.plan.lastServiceValue', {
        date: formatDay(p.last_service_on, lang),
        hours: hours(p.last_service_hours),
      }),
    [t, lang, hours],
  );

  const usage = useCallback(
    (p: Pick<ServicePlan, 'hours_per_day'>) =>
      p.hours_per_day === null
        ? t('maintenanceArea.plan.noUsage')
        : t('maintenanceArea.plan.hoursPerDay', { hours: formatNumber(p.hours_per_day, lang, 1) }),
    [t, lang],
  );

  /** "21 dic 2026, por horas, al llegar a 1500 h", or "Sin fecha: …" when the machine is idle. */
  const nextService = useCallback(
    (p: Pick<ServicePlan, 'due_on' | 'due_by' | 'due_at_hours'>) => {
      if (!p.due_on) return t('maintenanceArea.plan.noDate');
      const date = formatDay(p.due_on, lang);
      if (!p.due_by) return date;
      const why = t(`maintenanceArea.plan.dueBy.${p.due_by}`, { hours: hours(p.due_at_hours ?? 0) });
      return `${date}, ${why}`;
    },
    [t, lang, hours],
  );

  /** "Por horas (a las 1500 h)" / "Por calendario"; '—' when it has no date. */
  const reason = useCallback(
    (p: Pick<ServicePlan, 'due_on' | 'due_by' | 'due_at_hours'>) =>
      p.due_on && p.due_by
        ? t(`maintenanceArea.dueSoon.reasons.${p.due_by}`, { hours: hours(p.due_at_hours ?? 0) })
        : '—',
    [t, hours],
  );

  return { basis, lastService, usage, nextService, reason, hours };
}
