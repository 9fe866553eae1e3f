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
 * The server's delivery log (`/api/v1/notifications/deliveries`) only lists
 * the deliveries of one record (it requires `subject_type` and `subject_id`),
 * so there is no "recent deliveries" tab here.
 */
import { Alert, Badge, Button, Code, Loader, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { type Delivery, useDeadLetters, useRetryDeadLetter } from '../api/admin';
import { type Role, useMe } from '../api/auth';
import { useErrorMessage } from '../i18n/errors';
import { formatDateTime, formatNumber } from '../lib/format';

const ALLOWED: readonly Role[] = ['master', 'admin'];

/** Events the server sends notifications for (the `kind` of a delivery). */
const KNOWN_EVENTS = [
  'invitation',
  'password_recovery',
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
  );
}
