/**
 * The audit log (`GET /api/v1/audit`, master only): newest first, each entry
 * with its actor's name, filtered by actor, action and a range of days in the
 * company's calendar, paged with `before` (the last id of the previous page).
 */
import { api } from './client';
import type { AuditAction, AuditEntry } from './generated';

export type { AuditAction, AuditEntry };

/** What each action is about; `satisfies` makes this list exhaustive over the server's enum. */
const ACTION_SUBJECTS = {
  user_created: 'user',
  user_updated: 'user',
  role_changed: 'user',
  user_activated: 'user',
  user_deactivated: 'user',
  login_failed: 'email',
  login_throttled: 'email',
  password_changed: 'user',
  password_reset: 'user',
  portal_invited: 'user',
  settings_changed: 'settings',
  customer_owner_changed: 'customer',
  customer_deactivated: 'customer',
  customer_activated: 'customer',
  payment_deleted: 'payment',
  order_reopened: 'order',
} as const satisfies Record<AuditAction, 'user' | 'email' | 'settings' | 'customer' | 'payment' | 'order'>;

/** Every audit action, in the server's order. */
export const AUDIT_ACTIONS = Object.keys(ACTION_SUBJECTS) as AuditAction[];

export interface AuditFilters {
  actor?: string;
  action?: AuditAction;
  /** First day, `YYYY-MM-DD` (company calendar). */
  from?: string;
  /** Last day, included. */
  to?: string;
}

export const AUDIT_PAGE = 50;

export function auditUrl(filters: AuditFilters, before?: string | null): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  if (before) params.set('before', before);
  params.set('limit', String(AUDIT_PAGE));
  return `/api/v1/audit?${params.toString()}`;
}

export const fetchAudit = (filters: AuditFilters, before: string | null, signal?: AbortSignal) =>
  api.get<AuditEntry[]>(auditUrl(filters, before), signal);
