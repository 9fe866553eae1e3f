/**
 * /o/:token — the live QR page of a service order. No sign-in: the order is
 * read from the public endpoint and kept live through an anonymous
 * subscription to `public:order:<token>`; each publication (a public event,
 * a part shown to the customer, a payment, closing or reopening) refetches it.
 * The parts listed are the only ones billed, so they add up to "Repuestos".
 * Laid out in one column of cards so it fits a 360 px phone.
 */
import { Alert, Badge, Card, Container, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { type PublicPart, equipmentText, fetchPublicOrder, formatDateTime, formatMoney } from '../api/orders';
import { formatCalendarDay, formatNumber } from '../lib/format';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { EventTimeline } from '../components/orders/EventTimeline';
import { useErrorMessage } from '../i18n/errors';
import { ReconnectingBadge } from '../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../realtime/client';
import { asChannelEvent } from '../realtime/events';

export function PublicOrderPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const queryKey = ['public-order', token];
  const [revoked, setRevoked] = useState(false);
  const query = useQuery({
    queryKey,
    queryFn: ({ signal }) => fetchPublicOrder(token, signal),
    retry: false,
  });
  const order = query.data;
  useDocumentTitle(order ? `${t('publicOrder.title')} ${order.number}` : t('publicOrder.title'));

  const client = useCentrifuge('anonymous', !!token && !revoked);
  const state = useConnectionState(client);
  useSubscription(client, token && !revoked ? `public:order:${token}` : null, {
    onPublication: (data) => {
      if (asChannelEvent(data)?.type === 'order.link_revoked') setRevoked(true);
      void queryClient.invalidateQueries({ queryKey });
    },
    onSubscribed: () => void queryClient.invalidateQueries({ queryKey }),
  });

  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  return (
    <Container size="sm" py="md" px="sm">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap">
          <Title order={1} size="h3">
            {t('publicOrder.title')} {order?.number ?? ''}
          </Title>
          <Group gap="xs" wrap="nowrap">
            {!revoked && <ReconnectingBadge state={state} />}
            <LanguageSwitcher />
          </Group>
        </Group>
        {revoked && <Alert color="red">{t('publicOrder.revoked')}</Alert>}
        {query.isPending && <Loader aria-label={t('common.loading')} />}
        {query.isError && (
          <Alert color="red" role="alert">
            {query.error instanceof ApiError && query.error.status === 404 ? t('publicOrder.notFound') : errorMessage(query.error)}
          </Alert>
        )}
        {order && (
          <>
            <Card withBorder>
              <Stack gap={4}>
                <Group gap="xs">
                  <Badge color={order.state === 'closed' ? 'gray' : 'green'}>{t(`orders.state.${order.state}`)}</Badge>
                  {order.status && <Badge variant="light" data-testid="public-status">{order.status}</Badge>}
                </Group>
                <Text>
                  <b>{t('orders.customer')}:</b> {order.customer_name}
                </Text>
                {order.equipment && (
                  <Text>
                    <b>{t('orders.equipment')}:</b> {equipmentText(order.equipment)}
                  </Text>
                )}
                <Text>
                  <b>{t('orders.reason')}:</b> {order.reason}
                </Text>
                <Text>
                  <b>{t('orders.receivedAt')}:</b> {formatDateTime(order.received_at, lang)}
                </Text>
              </Stack>
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('orders.balance')}
              </Title>
              <SimpleGrid cols={2} spacing={4}>
                <Text>{t('orders.serviceValue')}</Text>
                <Text ta="right">{formatMoney(order.balance.service_value, order.currency, lang)}</Text>
                <Text>{t('orders.partsTotal')}</Text>
                <Text ta="right">{formatMoney(order.balance.parts_total, order.currency, lang)}</Text>
                <Text>{t('orders.paid')}</Text>
                <Text ta="right">{formatMoney(order.balance.paid, order.currency, lang)}</Text>
                <Text fw={700}>{t('orders.balanceDue')}</Text>
                <Text ta="right" fw={700} data-testid="balance">
                  {formatMoney(order.balance.balance, order.currency, lang)}
                </Text>
              </SimpleGrid>
            </Card>
            <section aria-labelledby="public-parts-title">
              <Title order={2} size="h4" mb="xs" id="public-parts-title">
                {t('orders.parts')}
              </Title>
              {order.parts.length === 0 ? (
                <Text c="dimmed">{t('orders.noParts')}</Text>
              ) : (
                <Stack gap="xs" data-testid="public-parts">
                  {order.parts.map((p) => (
                    <PublicPartCard key={p.id} part={p} currency={order.currency} lang={lang} />
                  ))}
                </Stack>
              )}
            </section>
            <section aria-labelledby="timeline-title">
              <Title order={2} size="h4" mb="xs" id="timeline-title">
                {t('orders.timeline')}
              </Title>
              <EventTimeline events={order.timeline} lang={lang} />
            </section>
          </>
        )}
      </Stack>
    </Container>
  );
}

/** A calendar day (`YYYY-MM-DD`) for people, without a time zone shift. */
function formatDay(day: string, lang: string): string {
  return formatCalendarDay(day, lang, { dateStyle: 'medium' });
}

function PublicPartCard({ part, currency, lang }: { part: PublicPart; currency: string; lang: string }) {
  const { t } = useTranslation();
  return (
    <Card withBorder padding="sm" data-testid="public-part">
      <Group justify="space-between" wrap="nowrap" align="flex-start">
        <Stack gap={2} style={{ minWidth: 0 }}>
          <Text fw={500} style={{ overflowWrap: 'anywhere' }}>
            {part.description}
          </Text>
          <Text size="sm" c="dimmed">
            {formatNumber(part.quantity, lang, 3)} × {formatMoney(part.unit_price, currency, lang)}
          </Text>
          {part.warranty_until && (
            <Text size="sm" c="dimmed">
              {t('operationsArea.parts.warrantyUntil', { date: formatDay(part.warranty_until, lang) })}
            </Text>
          )}
        </Stack>
        <Text fw={500} style={{ whiteSpace: 'nowrap' }}>
          {formatMoney(part.total, currency, lang)}
        </Text>
      </Group>
    </Card>
  );
}
