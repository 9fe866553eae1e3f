/**
 * Where a ticket stands against one SLA target (issue 16), from the
 * ticket's own fields and the current time:
 *
 * - `breached`: the server marked the target missed (stays, even once met);
 * - `met`: answered (first response) or closed (resolution) in time;
 * - `due`: the clock runs and the target falls due in the future
 *   (`soon` when under an hour);
 * - `overdue`: the due time passed but the server has not marked it yet;
 * - `paused`: the ticket waits on the customer (`pending`) with no due time;
 * - `none`: no clock (e.g. no policy), nothing to show.
 */
import type { SlaTarget } from '../../api/sla';
import type { Ticket } from '../../api/tickets';

export type SlaState = 'breached' | 'met' | 'due' | 'overdue' | 'paused' | 'none';

export interface SlaStatus {
  target: SlaTarget;
  state: SlaState;
  /** The due time (`due`, `overdue`). */
  dueAt?: string;
  /** When it was marked missed (`breached`). */
  breachedAt?: string;
  /** Milliseconds left (`due`), never negative. */
  remainingMs?: number;
  /** Less than an hour left (`due`). */
  soon?: boolean;
}

const HOUR_MS = 60 * 60 * 1000;

export function slaStatus(ticket: Ticket, target: SlaTarget, now: number): SlaStatus {
  const response = target === 'first_response';
  const breachedAt = response ? ticket.sla_response_breached_at : ticket.sla_resolution_breached_at;
  const dueAt = response ? ticket.sla_response_due_at : ticket.sla_resolution_due_at;
  const met = response ? Boolean(ticket.first_response_at) : ticket.state === 'closed';
  if (breachedAt) return { target, state: 'breached', breachedAt };
  if (met) return { target, state: 'met' };
  if (dueAt) {
    const due = Date.parse(dueAt);
    if (Number.isFinite(due)) {
      const remainingMs = due - now;
      if (remainingMs <= 0) return { target, state: 'overdue', dueAt };
      return { target, state: 'due', dueAt, remainingMs, soon: remainingMs < HOUR_MS };
    }
  }
  if (ticket.state === 'pending') return { target, state: 'paused' };
  return { target, state: 'none' };
}

/** How urgent a status is for the list's single badge (lower first). */
function urgency(s: SlaStatus): number {
  switch (s.state) {
    case 'overdue':
      return 0;
    case 'breached':
      return 1;
    case 'due':
      return 2;
    case 'paused':
      return 3;
    case 'met':
      return 4;
    case 'none':
      return 5;
  }
}

/**
 * The most urgent of the two targets: overdue, then breached, then the
 * sooner due, then paused, then met (only when both are met), else `null`.
 */
export function mostUrgentSla(ticket: Ticket, now: number): SlaStatus | null {
  const response = slaStatus(ticket, 'first_response', now);
  const resolution = slaStatus(ticket, 'resolution', now);
  const [first, second] = [response, resolution].sort(
    (a, b) => urgency(a) - urgency(b) || (a.remainingMs ?? 0) - (b.remainingMs ?? 0),
  );
  if (first.state === 'none') return null;
  // "Met" alone says little while the other target still runs or is unknown.
  if (first.state === 'met' && second.state !== 'met') return null;
  return first.state === 'met' ? resolution : first;
}

/** A duration split for display: whole days, hours and minutes (minutes rounded up). */
export function splitDuration(ms: number): { days: number; hours: number; minutes: number } {
  const total = Math.max(0, Math.ceil(ms / 60_000));
  return { days: Math.floor(total / 1440), hours: Math.floor((total % 1440) / 60), minutes: total % 60 };
}
