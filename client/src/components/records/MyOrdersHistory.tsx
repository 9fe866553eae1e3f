/**
 * A technician's own history: the closed orders they were assigned to,
 * newest first, one card each (it is read on a phone), with a search by
 * number or reason and "load more". The server scopes `GET /api/v1/orders`
 * to the technician's assignments; `technician_id` is sent as well so the
 * list means "mine" for any role that opens it.
 */
import { Button, Card, Group, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../../api/client';
import { type OrderPage, equipmentText } from '../../api/orders';
import { formatDate } from '../../lib/format';
import { QueryStatus } from '../QueryStatus';
import { OrderStateBadge } from '../operations/OrderStateBadge';

export function MyOrdersHistory({ userId }: { userId: string }) {
  const { t, i18n } = useTranslation();
  const [q, setQ] = useState('');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const history = useInfiniteQuery({
    queryKey: ['orders', 'my-history', userId, debouncedQ],
    queryFn: ({ pageParam, signal }) => {
      const qs = new URLSearchParams({ state: 'closed', technician_id: userId });
      if (debouncedQ) qs.set('q', debouncedQ);
      if (pageParam) qs.set('cursor', pageParam);
      return api.get<OrderPage>(`/api/v1/orders?${qs}`, signal);
    },
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    placeholderData: keepPreviousData,
  });
  const items = history.data?.pages.flatMap((p) => p.items);
  return (
    <Stack gap="sm">
      <TextInput
        label={t('common.search')}
        description={t('recordsArea.myHistory.searchHint')}
        value={q}
        onChange={(e) => setQ(e.currentTarget.value)}
      />
      <QueryStatus
        query={{ ...history, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('recordsArea.myHistory.empty')}
      >
        {(list) => (
          <Stack gap="sm" data-testid="my-history">
            {list.map((o) => {
              const machine = equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial });
              return (
                <Card key={o.id} withBorder padding="md" component="article" aria-label={`${t('orders.order')} ${o.number}`}>
                  <Stack gap={4}>
                    <Group justify="space-between" gap="xs">
                      <Text fw={700}>{o.number}</Text>
                      <OrderStateBadge state={o.state} />
                    </Group>
                    <Text style={{ overflowWrap: 'anywhere' }}>{o.customer_name}</Text>
                    {machine && (
                      <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                        {machine}
                      </Text>
                    )}
                    <Text size="sm" lineClamp={3}>
                      {o.reason}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('recordsArea.myHistory.receivedOn', { date: formatDate(o.received_at, i18n.language) })}
                      {o.closed_at ? ` · ${t('recordsArea.myHistory.closedOn', { date: formatDate(o.closed_at, i18n.language) })}` : ''}
                    </Text>
                    <Button component={Link} to={`/orders/${o.id}`} variant="light" fullWidth>
                      {t('recordsArea.myHistory.view', { number: o.number })}
                    </Button>
                  </Stack>
                </Card>
              );
            })}
          </Stack>
        )}
      </QueryStatus>
      {history.hasNextPage && (
        <Button variant="default" onClick={() => void history.fetchNextPage()} loading={history.isFetchingNextPage}>
          {t('recordsArea.common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
