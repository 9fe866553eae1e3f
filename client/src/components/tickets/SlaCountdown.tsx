/**
 * A ticket's SLA at a glance (issue 16), for staff only (the pages decide):
 *
 * - {@link SlaBadges}: both targets, "Primera respuesta" and "Resolución",
 *   each with a badge — red "Incumplido", "Vence en 2 h 15 min" (orange
 *   under an hour), red "Vencido", grey "En pausa" or green "Cumplido";
 * - {@link SlaCompactBadge}: the most urgent target only, for the list.
 *
 * Countdowns tick every 30 seconds ({@link useNow}); a list passes one `now`
 * to every row instead of running a timer per row.
 */
import { Badge, Group, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SLA_TARGETS } from '../../api/sla';
import type { Ticket } from '../../api/tickets';
import { formatDateTime } from '../../lib/format';
import { type SlaStatus, mostUrgentSla, slaStatus, splitDuration } from './slaStatus';

/** How often the countdowns are redrawn. */
export const SLA_TICK_MS = 30_000;

/** The current time, refreshed every `everyMs` while `enabled`. */
export function useNow(everyMs = SLA_TICK_MS, enabled = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!enabled) return;
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs, enabled]);
  return now;
}

const COLORS: Record<Exclude<SlaStatus['state'], 'none'>, string> = {
  breached: 'red',
  overdue: 'red',
  due: 'blue',
  paused: 'gray',
  met: 'green',
};

/** "2 h 15 min", "1 d 3 h", "45 min". */
function useDurationText() {
  const { t } = useTranslation();
  return (ms: number) => {
    const { days, hours, minutes } = splitDuration(ms);
    const parts: string[] = [];
    if (days > 0) parts.push(t('slaArea.duration.days', { count: days }));
    if (hours > 0) parts.push(t('slaArea.duration.hours', { count: hours }));
    // Minutes are left out past a day: "1 d 3 h" is precise enough.
    if (minutes > 0 && days === 0) parts.push(t('slaArea.duration.minutes', { count: minutes }));
    if (parts.length === 0) parts.push(t('slaArea.duration.minutes', { count: 0 }));
    return parts.join(' ');
  };
}

function StatusBadge({ status, prefix }: { status: SlaStatus; prefix?: string }) {
  const { t, i18n } = useTranslation();
  const duration = useDurationText();
  if (status.state === 'none') return null;
  const text =
    status.state === 'due' ? t('slaArea.status.dueIn', { time: duration(status.remainingMs ?? 0) }) : t(`slaArea.status.${status.state}`);
  const color = status.state === 'due' && status.soon ? 'orange' : COLORS[status.state];
  const title = status.dueAt
    ? t('slaArea.dueAt', { date: formatDateTime(status.dueAt, i18n.language) })
    : status.breachedAt
      ? t('slaArea.breachedAt', { date: formatDateTime(status.breachedAt, i18n.language) })
      : undefined;
  return (
    <Badge
      color={color}
      variant={status.state === 'breached' || status.state === 'overdue' ? 'filled' : 'light'}
      title={title}
      data-testid={`sla-badge-${status.target}`}
      data-sla-state={status.state === 'due' && status.soon ? 'due_soon' : status.state}
      style={{ textTransform: 'none' }}
    >
      {prefix ? `${prefix}: ${text}` : text}
    </Badge>
  );
}

/** Both targets with their labels; nothing when neither has anything to say. */
export function SlaBadges({ ticket, now }: { ticket: Ticket; now?: number }) {
  const { t } = useTranslation();
  const ownNow = useNow(SLA_TICK_MS, now === undefined);
  const at = now ?? ownNow;
  const statuses = SLA_TARGETS.map((target) => slaStatus(ticket, target, at)).filter((s) => s.state !== 'none');
  if (statuses.length === 0) return null;
  return (
    <Group gap="sm" role="group" aria-label={t('slaArea.badgesLabel')} data-testid="sla-badges">
      {statuses.map((s) => (
        <Group key={s.target} gap={4} wrap="nowrap" data-testid={`sla-${s.target}`}>
          <Text size="sm" c="dimmed">
            {t(`slaArea.targets.${s.target}`)}:
          </Text>
          <StatusBadge status={s} />
        </Group>
      ))}
    </Group>
  );
}

/** The most urgent target as one badge ("1.ª respuesta: Vence en 45 min"); nothing when there is none. */
export function SlaCompactBadge({ ticket, now }: { ticket: Ticket; now?: number }) {
  const { t } = useTranslation();
  const ownNow = useNow(SLA_TICK_MS, now === undefined);
  const status = mostUrgentSla(ticket, now ?? ownNow);
  if (!status) return null;
  return <StatusBadge status={status} prefix={t(`slaArea.targetsShort.${status.target}`)} />;
}
