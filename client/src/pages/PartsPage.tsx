/**
 * /parts — the parts used across all orders (office roles), the seed's
 * "todas las partes, piezas o repuestos utilizados en cada una de las
 * órdenes … fecha, descripción, tiempo de garantía, precio y el responsable
 * de incorporarlo a la orden", newest first, with its filters: a date range,
 * the order (typed by number), a text in the description, the order's
 * technician and who added the part. Each line links to its order and may be
 * edited or deleted from here (history kept, see `PartsTable`).
 *
 * `?order_id=` in the URL opens the view filtered to one order.
 */
import { Button, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { type OrderPage, fetchTechnicians } from '../api/orders';
import { type PartFilters, fetchParts } from '../api/records';
import { useCompanySettings } from '../api/settings';
import { fetchStaff } from '../api/schedule';
import { QueryStatus } from '../components/QueryStatus';
import { useCurrentUser } from '../components/RequireAuth';
import { canManageOrders } from '../components/operations/permissions';
import { type DateRange, DateRangeFields, rangeIsValid } from '../components/records/DateRangeFields';
import { PartsTable } from '../components/records/PartsTable';

export function PartsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('recordsArea.parts.title'));
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const [params] = useSearchParams();
  const [range, setRange] = useState<DateRange>({ from: '', to: '' });
  const [q, setQ] = useState('');
  const [orderText, setOrderText] = useState('');
  const [technicianId, setTechnicianId] = useState<string | null>(null);
  const [addedBy, setAddedBy] = useState<string | null>(null);
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const [debouncedOrder] = useDebouncedValue(orderText.trim(), 300);

  // The order is typed by number; its id comes from the orders search.
  const orderLookup = useQuery({
    queryKey: ['orders', 'by-number', debouncedOrder],
    queryFn: ({ signal }) => api.get<OrderPage>(`/api/v1/orders?q=${encodeURIComponent(debouncedOrder)}&limit=10`, signal),
    enabled: debouncedOrder !== '',
  });
  const typedOrder = orderLookup.data?.items.find((o) => o.number.toLowerCase() === debouncedOrder.toLowerCase());
  const orderId = debouncedOrder ? typedOrder?.id : (params.get('order_id') ?? undefined);
  const orderMissing = debouncedOrder !== '' && orderLookup.isSuccess && !typedOrder;

  const technicians = useQuery({ queryKey: ['users', 'technicians'], queryFn: ({ signal }) => fetchTechnicians(signal) });
  const staff = useQuery({ queryKey: ['users', 'staff'], queryFn: ({ signal }) => fetchStaff(signal) });

  const filters: PartFilters = {
    from: range.from || undefined,
    to: range.to || undefined,
    q: debouncedQ || undefined,
    order_id: orderId,
    technician_id: technicianId ?? undefined,
    added_by: addedBy ?? undefined,
  };
  const ready = rangeIsValid(range) && !orderMissing && !(debouncedOrder && orderLookup.isPending);
  const parts = useInfiniteQuery({
    queryKey: ['parts', filters],
    queryFn: ({ pageParam, signal }) => fetchParts(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const items = parts.data?.pages.flatMap((p) => p.items);
  const clear = () => {
    setRange({ from: '', to: '' });
    setQ('');
    setOrderText('');
    setTechnicianId(null);
    setAddedBy(null);
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('recordsArea.parts.title')}
      </Title>
      <Text c="dimmed">{t('recordsArea.parts.intro')}</Text>
      <Stack gap="xs" role="search" aria-label={t('recordsArea.common.filters')}>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <DateRangeFields value={range} onChange={setRange} />
          <TextInput
            label={t('recordsArea.parts.order')}
            placeholder={t('recordsArea.parts.orderHint')}
            value={orderText}
            onChange={(e) => setOrderText(e.currentTarget.value)}
            error={orderMissing ? t('recordsArea.parts.orderNotFound') : undefined}
            w={{ base: '100%', xs: 200 }}
          />
          <TextInput
            label={t('recordsArea.parts.search')}
            placeholder={t('recordsArea.parts.searchHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={{ base: '100%', xs: 220 }}
          />
          <Select
            label={t('recordsArea.parts.technician')}
            placeholder={t('recordsArea.common.anyone')}
            clearable
            searchable
            value={technicianId}
            onChange={setTechnicianId}
            data={(technicians.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            w={{ base: '100%', xs: 200 }}
          />
          <Select
            label={t('recordsArea.parts.addedBy')}
            placeholder={t('recordsArea.common.anyone')}
            clearable
            searchable
            value={addedBy}
            onChange={setAddedBy}
            data={(staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` }))}
            w={{ base: '100%', xs: 220 }}
          />
        </Group>
        <Group>
          <Button variant="subtle" onClick={clear}>
            {t('recordsArea.common.clear')}
          </Button>
        </Group>
      </Stack>
      <QueryStatus query={{ ...parts, isPending: parts.isPending && ready, data: items }} isEmpty={(list) => list.length === 0} empty={t('recordsArea.parts.empty')}>
        {(list) => (
          <PartsTable
            parts={list}
            showOrder
            staff
            canChange={(p) => canManageOrders(user.role) || p.added_by === user.id}
            currency={currency}
            onChanged={() => {
              void queryClient.invalidateQueries({ queryKey: ['parts'] });
              void queryClient.invalidateQueries({ queryKey: ['order'] });
            }}
          />
        )}
      </QueryStatus>
      {parts.hasNextPage && (
        <Button variant="default" onClick={() => void parts.fetchNextPage()} loading={parts.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('recordsArea.common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}
