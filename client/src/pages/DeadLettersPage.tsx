/**
 * /notifications/dead (master, admin) — failed deliveries ("dead letters").
 *
 * Notifications (e-mail, Web Push, in-app) are sent by a background worker
 * with retries; a delivery that still fails after the configured attempts is
 * parked here so someone can fix the cause (a wrong address, the mail server
 * down) and queue it again with "Retry". The list shows when it was created,
 * the channel, the recipient, which event it was about, how many attempts were
 * made and the last error.
 *
 * A second tab shows the delivery log: the newest 200 deliveries of every
 * kind with their status, so the office can answer "did the customer get
 * it?" without opening each order.
 */
import { Alert, Badge, Button, Code, Loader, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Delivery, useDeadLetters, useRecentDeliveries, useRetryDeadLetter } from '../api/admin';
import { type Role, useMe } from '../api/auth';
import { useErrorMessage } from '../i18n/errors';
import { formatDateTime, formatNumber } from '../lib/format';

const ALLOWED: readonly Role[] = ['master', 'admin'];

/** Events the server sends notifications for (the `kind` of a delivery). */
const KNOWN_EVENTS = [
  'invitation',
  'password_recovery',
  'order_assigned',
  'order_update',
  'order_closed',
  'payment_receipt',
  'ticket_reply',
  'survey_invitation',
  'survey_poor_answer',
  'appointment_scheduled',
  'appointment_confirmed',
  'appointment_reminder',
  'appointment_rescheduled',
  'appointment_cancelled',
  'appointment_done',
] as const;
type KnownEvent = (typeof KNOWN_EVENTS)[number];

const CHANNELS = ['email', 'push', 'in_app'] as const;

export function DeadLettersPage() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  useDocumentTitle(t('nav.deadLetters'));
  const me = useMe().data;
  const allowed = !!me && ALLOWED.includes(me.role);
  const dead = useDeadLetters(allowed);
  const [tab, setTab] = useState<string | null>('dead');
  const recent = useRecentDeliveries(allowed && tab === 'log');
  const retry = useRetryDeadLetter();

  const eventLabel = (kind: string) =>
    (KNOWN_EVENTS as readonly string[]).includes(kind) ? t(`adminArea.deadLetters.events.${kind as KnownEvent}`) : kind;
  const channelLabel = (channel: string) =>
    (CHANNELS as readonly string[]).includes(channel)
      ? t(`adminArea.deadLetters.channels.${channel as (typeof CHANNELS)[number]}`)
      : channel;

  const onRetry = (d: Delivery) =>
    retry.mutate(d.id, {
      onSuccess: () => notifications.show({ color: 'green', message: t('adminArea.deadLetters.retried', { recipient: d.recipient_address }) }),
      onError: (error) =>
        notifications.show({
          color: 'red',
          title: t('adminArea.deadLetters.retryFailed'),
          message: errorMessage(error),
        }),
    });

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('nav.deadLetters')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('adminArea.deadLetters.intro')}
        </Text>
      </div>
      {me && !allowed && (
        <Alert color="red" variant="light">
          {t('errors.forbidden')}
        </Alert>
      )}
      {allowed && (
        <Tabs value={tab} onChange={setTab}>
          <Tabs.List>
            <Tabs.Tab value="dead">{t('adminArea.deadLetters.tabDead')}</Tabs.Tab>
            <Tabs.Tab value="log">{t('adminArea.deadLetters.tabLog')}</Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="dead" pt="md">
            <Stack>
              {allowed && dead.isPending && <Loader aria-label={t('common.loading')} />}
              {dead.isError && (
                <Alert color="red" variant="light">
                  {errorMessage(dead.error)}
                </Alert>
              )}
              {dead.data && dead.data.length === 0 && <Text c="dimmed">{t('adminArea.deadLetters.empty')}</Text>}
              {dead.data && dead.data.length > 0 && (
                <Table.ScrollContainer minWidth={760}>
                  <Table striped verticalSpacing="xs">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('lists.date')}</Table.Th>
                        <Table.Th>{t('adminArea.deadLetters.channel')}</Table.Th>
                        <Table.Th>{t('adminArea.deadLetters.recipient')}</Table.Th>
                        <Table.Th>{t('adminArea.deadLetters.event')}</Table.Th>
                        <Table.Th>{t('adminArea.deadLetters.attempts')}</Table.Th>
                        <Table.Th>{t('adminArea.deadLetters.lastError')}</Table.Th>
                        <Table.Th>{t('adminArea.actions')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {dead.data.map((d) => {
                        const retrying = retry.isPending && retry.variables === d.id;
                        return (
                          <Table.Tr key={d.id}>
                            <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(d.created_at, i18n.language)}</Table.Td>
                            <Table.Td>
                              <Badge variant="light" color="gray">
                                {channelLabel(d.channel)}
                              </Badge>
                            </Table.Td>
                            <Table.Td maw={240}>
                              <Tooltip label={d.recipient_address} disabled={d.recipient_address.length <= 40} multiline maw={360}>
                                <Text size="sm" truncate="end" tabIndex={d.recipient_address.length > 40 ? 0 : undefined}>
                                  {d.recipient_address}
                                </Text>
                              </Tooltip>
                            </Table.Td>
                            <Table.Td>{eventLabel(d.kind)}</Table.Td>
                            <Table.Td ta="right">{formatNumber(d.attempts, i18n.language, 0)}</Table.Td>
                            <Table.Td maw={280}>
                              {d.last_error ? (
                                <Code block style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                                  {d.last_error}
                                </Code>
                              ) : (
                                '—'
                              )}
                            </Table.Td>
                            <Table.Td>
                              <Button
                                size="xs"
                                variant="light"
                                loading={retrying}
                                onClick={() => onRetry(d)}
                                aria-label={t('adminArea.deadLetters.retryNamed', {
                                  event: eventLabel(d.kind),
                                  recipient: d.recipient_address,
                                })}
                              >
                                {t('adminArea.deadLetters.retry')}
                              </Button>
                            </Table.Td>
                          </Table.Tr>
                        );
                      })}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="log" pt="md">
            <DeliveryLog
              deliveries={recent.data}
              pending={recent.isPending && tab === 'log'}
              error={recent.isError ? errorMessage(recent.error) : null}
              eventLabel={eventLabel}
              channelLabel={channelLabel}
            />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}

const STATUS_COLOR: Record<Delivery['status'], string> = {
  pending: 'yellow',
  sending: 'blue',
  sent: 'green',
  dead: 'red',
};

/** The newest deliveries of every kind, with their status. */
function DeliveryLog({
  deliveries,
  pending,
  error,
  eventLabel,
  channelLabel,
}: {
  deliveries: Delivery[] | undefined;
  pending: boolean;
  error: string | null;
  eventLabel: (kind: string) => string;
  channelLabel: (channel: string) => string;
}) {
  const { t, i18n } = useTranslation();
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
