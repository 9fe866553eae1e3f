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
import { Alert, Badge, Button, Code, Stack, Table, Tabs, Text, Title, Tooltip } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Delivery, useDeadLetters, useRecentDeliveries, useRetryDeadLetter } from '../api/admin';
import { type Role, useMe } from '../api/auth';
import { useErrorMessage } from '../i18n/errors';
import { formatDateTime, formatNumber } from '../lib/format';
import { DeliveryLog, useDeliveryLabels } from '../components/DeliveryLog';
import { QueryStatus } from '../components/QueryStatus';

const ALLOWED: readonly Role[] = ['master', 'admin'];

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

  const { eventLabel, channelLabel } = useDeliveryLabels();

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
              <QueryStatus query={dead} empty={t('adminArea.deadLetters.empty')} isEmpty={(list) => list.length === 0}>
                {(list) => (
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
                        {list.map((d) => {
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
              </QueryStatus>
            </Stack>
          </Tabs.Panel>
          <Tabs.Panel value="log" pt="md">
            <DeliveryLog
              deliveries={recent.data}
              pending={recent.isPending && tab === 'log'}
              error={recent.isError ? errorMessage(recent.error) : null}
            />
          </Tabs.Panel>
        </Tabs>
      )}
    </Stack>
  );
}
