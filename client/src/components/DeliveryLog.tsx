/**
 * The notification delivery log as a table: which channel, to whom, about
 * what, in which status, after how many attempts and when it left. Used by
 * the office's "failed deliveries" page (every kind) and the order page
 * (the deliveries about that order).
 */
import { Alert, Badge, Loader, Table, Text } from '@mantine/core';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import type { Delivery } from '../api/admin';
import type { NotificationKind } from '../api/generated/NotificationKind';
import { formatDateTime } from '../lib/format';

/**
 * Events the server sends notifications for (the `kind` of a delivery):
 * every variant of the generated `NotificationKind`, so a new kind without
 * a translated label fails `tsc`.
 */
const KNOWN_EVENTS = {
  invitation: true,
  password_recovery: true,
  order_assigned: true,
  order_update: true,
  order_closed: true,
  payment_receipt: true,
  ticket_reply: true,
  survey_invitation: true,
  survey_poor_answer: true,
  appointment_scheduled: true,
  appointment_confirmed: true,
  appointment_reminder: true,
  appointment_rescheduled: true,
  appointment_cancelled: true,
  appointment_done: true,
  appointment_reschedule_requested: true,
  ticket_opened: true,
  maintenance_requested: true,
  maintenance_due: true,
  warranty_ending: true,
  warranty_notice: true,
  customer_at_risk: true,
  onboarding_step_due: true,
  sla_warning: true,
  sla_breached: true,
  quote_sent: true,
  quote_answered: true,
  quote_expiring: true,
  opportunity_next_step: true,
  reorder_needed: true,
  purchase_order_sent: true,
  invoice_issued: true,
  invoice_reminder: true,
  credit_note_issued: true,
  statement_sent: true,
  backorder_filled: true,
  report_scheduled: true,
} satisfies Record<NotificationKind, true>;
type KnownEvent = keyof typeof KNOWN_EVENTS;

const CHANNELS = ['email', 'push', 'in_app'] as const;

/** Translated names of delivery events and channels (unknown ones as sent). */
export function useDeliveryLabels() {
  const { t } = useTranslation();
  const eventLabel = useCallback(
    (kind: string) =>
      Object.hasOwn(KNOWN_EVENTS, kind) ? t(`adminArea.deadLetters.events.${kind as KnownEvent}`) : kind,
    [t],
  );
  const channelLabel = useCallback(
    (channel: string) =>
      (CHANNELS as readonly string[]).includes(channel)
        ? t(`adminArea.deadLetters.channels.${channel as (typeof CHANNELS)[number]}`)
        : channel,
    [t],
  );
  return { eventLabel, channelLabel };
}

const STATUS_COLOR: Record<Delivery['status'], string> = {
  pending: 'yellow',
  sending: 'blue',
  sent: 'green',
  dead: 'red',
};

/** Deliveries (newest first) with channel, recipient, event, status, attempts and when sent. */
export function DeliveryLog({
  deliveries,
  pending,
  error,
}: {
  deliveries: Delivery[] | undefined;
  pending: boolean;
  error: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { eventLabel, channelLabel } = useDeliveryLabels();
  if (pending) return <Loader aria-label={t('common.loading')} />;
  if (error)
    return (
      <Alert color="red" variant="light">
        {error}
      </Alert>
    );
  if (!deliveries || deliveries.length === 0) return <Text c="dimmed">{t('common.empty')}</Text>;
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table striped verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('lists.date')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.channel')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.recipient')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.event')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.status')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.attempts')}</Table.Th>
            <Table.Th>{t('adminArea.deadLetters.sentAt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {deliveries.map((d) => (
            <Table.Tr key={d.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.created_at, i18n.language)}</Table.Td>
              <Table.Td>{channelLabel(d.channel)}</Table.Td>
              <Table.Td maw={240}>
                <Text size="sm" truncate="end" title={d.recipient_address}>
                  {d.recipient_address}
                </Text>
              </Table.Td>
              <Table.Td>{eventLabel(d.kind)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={STATUS_COLOR[d.status]}>
                  {t(`adminArea.deadLetters.statuses.${d.status}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{d.attempts}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                {d.sent_at ? formatDateTime(d.sent_at, i18n.language) : '—'}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
