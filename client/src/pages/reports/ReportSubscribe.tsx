/**
 * "Recibir por correo": subscribes the person to the report they are
 * looking at, with the page's filters (not its dates: each sending covers
 * the week or month just ended), weekly or monthly; and lists their
 * subscriptions to this report with a button to cancel each. The server
 * checks that they may read the report with those filters (403 / 422 are
 * shown in the dialog) and sends it at 07:00 company time with the XLSX
 * attached.
 */
import { Alert, Button, Group, Modal, Radio, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  FREQUENCIES,
  type Frequency,
  type SubscriptionFilters,
  subscriptionFilters,
  useReportSubscriptions,
  useSubscribe,
  useUnsubscribe,
} from '../../api/reportSubscriptions';
import type { ReportFilters, ReportName } from '../../api/reports';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime } from '../../lib/format';

export function ReportSubscribe({ report, filters }: { report: ReportName; filters: ReportFilters }) {
  const { t, i18n } = useTranslation();
  const [opened, modal] = useDisclosure(false);
  const [frequency, setFrequency] = useState<Frequency>('weekly');
  const mine = useReportSubscriptions(opened);
  const subscribe = useSubscribe();
  const unsubscribe = useUnsubscribe();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const ofThisReport = (mine.data ?? []).filter((s) => s.report === report);
  // The chosen people and customers by what they are (their ids mean
  // nothing to a person); the segment by its name.
  const filterText = (f: SubscriptionFilters) => {
    const parts = [
      f.customer_id && t('reportsArea.common.customer'),
      f.seller_id && t('reportsArea.common.seller'),
      f.technician_id && t('reportsArea.common.technician'),
      f.category && `${t('reportsArea.common.category')}: ${f.category}`,
    ].filter(Boolean);
    return parts.length === 0 ? t('reportSubscriptions.noFilters') : parts.join(' · ');
  };

  const onSubscribe = () =>
    subscribe.mutate(
      { report, frequency, filters: subscriptionFilters(filters) },
      {
        onSuccess: (s) =>
          notifications.show({
            color: 'green',
            message: t('reportSubscriptions.created', { when: formatDateTime(s.next_run_at, lang) }),
          }),
      },
    );

  return (
    <>
      <Button variant="default" onClick={modal.open} data-testid={`${report}-subscribe`}>
        {t('reportSubscriptions.open')}
      </Button>
      <Modal opened={opened} onClose={modal.close} title={t('reportSubscriptions.title')} size="lg">
        <Stack gap="md">
          <Text size="sm">{t('reportSubscriptions.intro')}</Text>
          <Radio.Group
            label={t('reportSubscriptions.frequency')}
            value={frequency}
            onChange={(v) => setFrequency(v as Frequency)}
          >
            <Stack gap="xs" mt="xs">
              {FREQUENCIES.map((f) => (
                <Radio key={f} value={f} label={t(`reportSubscriptions.frequencies.${f}`)} />
              ))}
            </Stack>
          </Radio.Group>
          <Text size="sm" c="dimmed">
            {t('reportSubscriptions.filters')}: {filterText(subscriptionFilters(filters))}
          </Text>
          {subscribe.isError && <Alert color="red">{errorMessage(subscribe.error)}</Alert>}
          <Group justify="flex-end">
            <Button variant="default" onClick={modal.close}>
              {t('reportSubscriptions.close')}
            </Button>
            <Button onClick={onSubscribe} loading={subscribe.isPending}>
              {t('reportSubscriptions.subscribe')}
            </Button>
          </Group>
          <Text fw={600}>{t('reportSubscriptions.mine')}</Text>
          {ofThisReport.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('reportSubscriptions.none')}
            </Text>
          ) : (
            <Table.ScrollContainer minWidth={420}>
              <Table aria-label={t('reportSubscriptions.mine')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('reportSubscriptions.frequency')}</Table.Th>
                    <Table.Th>{t('reportSubscriptions.filters')}</Table.Th>
                    <Table.Th>{t('reportSubscriptions.next')}</Table.Th>
                    <Table.Th>{t('reportSubscriptions.last')}</Table.Th>
                    <Table.Th />
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {ofThisReport.map((s) => (
                    <Table.Tr key={s.id}>
                      <Table.Td>{t(`reportSubscriptions.frequencyShort.${s.frequency}`)}</Table.Td>
                      <Table.Td>{filterText(s.filters)}</Table.Td>
                      <Table.Td>{formatDateTime(s.next_run_at, lang)}</Table.Td>
                      <Table.Td>{s.last_sent_at ? formatDateTime(s.last_sent_at, lang) : t('reportSubscriptions.never')}</Table.Td>
                      <Table.Td>
                        <Button
                          size="xs"
                          variant="subtle"
                          color="red"
                          loading={unsubscribe.isPending && unsubscribe.variables === s.id}
                          onClick={() =>
                            unsubscribe.mutate(s.id, {
                              onSuccess: () => notifications.show({ message: t('reportSubscriptions.cancelled') }),
                            })
                          }
                        >
                          {t('reportSubscriptions.cancel')}
                        </Button>
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </Stack>
      </Modal>
    </>
  );
}
