/**
 * An audit entry as a sentence for people ("Usuario Maestro cambió el rol de
 * Ana Pérez.") and its detail, translated: the server's detail is free text
 * in English for a few actions (roles, payment reversals, throttling), so
 * those are read and written again in the reader's language.
 */
import type { TFunction } from 'i18next';
import type { AuditEntry } from '../../api/audit';
import { ROLES, type Role } from '../../api/auth';

export function auditActor(e: AuditEntry, t: TFunction): string {
  return e.actor_name ?? t('auditArea.someone');
}

export function auditSubject(e: AuditEntry, t: TFunction): string {
  if (e.subject_name) return e.subject_name;
  if (e.subject_type === 'user') return t('auditArea.unknownSubject');
  if (e.subject_type === 'customer') return t('auditArea.unknownCustomer');
  return e.subject_id;
}

export function auditSentence(e: AuditEntry, t: TFunction): string {
  return t(`auditArea.sentence.${e.action}`, { actor: auditActor(e, t), subject: auditSubject(e, t) });
}

const role = (code: string, t: TFunction) =>
  (ROLES as readonly string[]).includes(code) ? t(`roles.${code as Role}`) : code;

export function auditDetail(e: AuditEntry, t: TFunction): string {
  const d = e.detail.trim();
  switch (e.action) {
    case 'user_created':
    case 'portal_invited': {
      const m = /^(\S+) as (\w+)$/.exec(d);
      return m ? t('auditArea.detail.created', { email: m[1], role: role(m[2], t) }) : d;
    }
    case 'role_changed': {
      const m = /^(\w+)\s*->\s*(\w+)$/.exec(d);
      return m ? t('auditArea.detail.role', { from: role(m[1], t), to: role(m[2], t) }) : d;
    }
    case 'password_reset':
      if (d === 'recovery link') return t('auditArea.detail.recovery');
      if (d === 'invitation link') return t('auditArea.detail.invitation');
      return d;
    case 'login_throttled': {
      const m = /^(\d+) failures for the account, (\d+) from the IP$/.exec(d);
      return m ? t('auditArea.detail.throttled', { account: m[1], ip: m[2] }) : d;
    }
    case 'payment_deleted': {
      const m = /^(\S+) of order (\S+): (.+?) \((.*)\); reason: ([\s\S]*)$/.exec(d);
      return m ? t('auditArea.detail.payment', { number: m[1], order: m[2], amount: m[3], method: m[4], reason: m[5] }) : d;
    }
    case 'order_reopened': {
      const m = /^(\S+); reason: ([\s\S]*)$/.exec(d);
      return m ? t('auditArea.detail.reopened', { order: m[1], reason: m[2] }) : d;
    }
    case 'customer_owner_changed':
      // The server writes the owners' ids; the sentence already says what changed.
      return '';
    default:
      return d;
  }
}
