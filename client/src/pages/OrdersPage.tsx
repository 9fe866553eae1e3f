/**
 * /orders (staff, customers) and /my-orders (technicians): service orders.
 *
 * The office list searches and filters by state; the filters live in the
 * URL (`/orders?state=open&q=…`) so the dashboard can link straight to a
 * filtered list and a reload keeps them. The dashboard's "open orders by
 * status" rows add `status_id` or `internal_status_id` (the server refuses
 * the internal one to customer contacts); each shows as a chip with a clear
 * button. Roles that may create orders get a
 * "New order" button. A technician's /my-orders is their phone work list:
 * one large card per assigned open order with a full-width button, and a
 * second view (`/my-orders?view=history`) with their closed orders.
 *
 * The list says which status is which: the customer-facing status (what the
 * portal and the QR page show), the internal status (staff only) and the
 * order's own state (open, closed, deactivated). On a phone (a customer in
 * the portal, a seller on the road) the table becomes one card per order, so
 * nothing is hidden behind a horizontal scroll.
 */
import { Alert, Badge, Button, Card, CloseButton, Group, Loader, SegmentedControl, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { ORDER_STATES, type Order, type OrderPage, equipmentText, fetchOrderStatuses } from '../api/orders';
import { useCurrentUser } from '../components/RequireAuth';
import { OrderStateBadge } from '../components/operations/OrderStateBadge';
import { canCreateOrders } from '../components/operations/permissions';
import { useIsPhone } from '../components/operations/useIsPhone';
import { MyOrdersHistory } from '../components/records/MyOrdersHistory';
import { useErrorMessage } from '../i18n/errors';

export function OrdersPage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const title = mine ? t('nav.myOrders') : t('nav.orders');
  const phone = useIsPhone();
  const staff = user.role !== 'customer';
  useDocumentTitle(title);
  const [params, setParams] = useSearchParams();
  const stateParam = params.get('state');
  const state = stateParam && (ORDER_STATES as readonly string[]).includes(stateParam) ? stateParam : null;
  const statusId = mine ? null : params.get('status_id') || null;
  const internalStatusId = mine ? null : params.get('internal_status_id') || null;
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  // Keep the search box in the URL too (replace: typing is not navigation).
  useEffect(() => {
    setParams(
      (cur) => {
        const next = new URLSearchParams(cur);
        if (debouncedQ) next.set('q', debouncedQ);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debouncedQ, setParams]);

  const query = new URLSearchParams();
  if (debouncedQ) query.set('q', debouncedQ);
  if (state) query.set('state', state);
  if (statusId) query.set('status_id', statusId);
  if (internalStatusId) query.set('internal_status_id', internalStatusId);
  const qs = query.toString();
  const url = mine ? '/api/v1/me/orders' : `/api/v1/orders${qs ? `?${qs}` : ''}`;
  const showHistory = mine && params.get('view') === 'history';
  const list = useQuery({
    enabled: !showHistory,
    queryKey: ['orders', url],
    queryFn: async ({ signal }) => {
      const r = await api.get<OrderPage | Order[]>(url, signal);
      return Array.isArray(r) ? r : r.items;
    },
    placeholderData: keepPreviousData,
  });

  // The catalogs name the status filters; customers may not read them, so
  // the rows (which all carry the status filtered by) name it for them.
  const statuses = useQuery({
    queryKey: ['order-statuses'],
    queryFn: ({ signal }) => fetchOrderStatuses(signal),
    enabled: user.role !== 'customer' && Boolean(statusId || internalStatusId),
  });
  const statusLabel = (id: string, internal: boolean) =>
    statuses.data?.find((s) => s.id === id)?.label ??
    list.data?.find((o) => (internal ? o.internal_status_id : o.public_status_id) === id)?.[internal ? 'internal_status' : 'public_status'] ??
    t('operationsArea.orders.someStatus');
  const chips = [
    ...(statusId ? [{ key: 'status_id', text: t('operationsArea.orders.statusFilter', { label: statusLabel(statusId, false) }) }] : []),
    ...(internalStatusId
      ? [{ key: 'internal_status_id', text: t('operationsArea.orders.internalStatusFilter', { label: statusLabel(internalStatusId, true) }) }]
      : []),
  ];

  const setParam = (key: string, value: string | null) =>
    setParams((cur) => {
      const next = new URLSearchParams(cur);
      if (value) next.set(key, value);
      else next.delete(key);
      return next;
    });
  const setState = (value: string | null) => setParam('state', value);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {title}
        </Title>
        {!mine && canCreateOrders(user.role) && (
          <Button component={Link} to="/orders/new">
            {t('operationsArea.orders.new')}
          </Button>
        )}
      </Group>
      {!mine && (
        <Group align="flex-end" gap="sm">
          <TextInput
            label={t('common.search')}
            description={t('operationsArea.orders.searchHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={{ base: '100%', xs: 240 }}
          />
          <Select
            label={t('operationsArea.orders.orderState')}
            clearable
            value={state}
            onChange={setState}
            data={ORDER_STATES.map((s) => ({ value: s, label: t(`operationsArea.orderStates.${s}`) }))}
            w={{ base: '100%', xs: 180 }}
          />
        </Group>
      )}
      {chips.length > 0 && (
        <Group gap="xs" role="group" aria-label={t('operationsArea.orders.activeFilters')}>
          {chips.map((c) => (
            <Badge
              key={c.key}
              size="lg"
              variant="light"
              tt="none"
              pr={4}
              rightSection={
                <CloseButton
                  size="sm"
                  variant="transparent"
                  aria-label={t('operationsArea.orders.clearFilter', { filter: c.text })}
                  onClick={() => setParam(c.key, null)}
                />
              }
            >
              {c.text}
            </Badge>
          ))}
        </Group>
      )}
      {mine && (
        <SegmentedControl
          fullWidth
          aria-label={t('recordsArea.myHistory.views')}
          value={showHistory ? 'history' : 'open'}
          onChange={(v) => setParam('view', v === 'history' ? 'history' : null)}
          data={[
            { value: 'open', label: t('recordsArea.myHistory.open') },
            { value: 'history', label: t('recordsArea.myHistory.history') },
          ]}
        />
      )}
      {showHistory && <MyOrdersHistory userId={user.id} />}
      {!showHistory && list.isPending && <Loader aria-label={t('common.loading')} />}
      {!showHistory && list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {!showHistory && list.data && list.data.length === 0 && <Text c="dimmed">{t('orders.empty')}</Text>}
      {!showHistory && list.data && list.data.length > 0 && mine && <MyOrderCards orders={list.data} />}
      {list.data && list.data.length > 0 && !mine && (phone ? <OrderCards orders={list.data} staff={staff} /> : <OrderTable orders={list.data} staff={staff} />)}
    </Stack>
  );
}

/** The technician's phone list: big cards, big buttons. */
function MyOrderCards({ orders }: { orders: Order[] }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm">
      {orders.map((o) => (
        <Card key={o.id} withBorder padding="md" component="article" aria-label={`${t('orders.order')} ${o.number}`}>
          <Stack gap={6}>
            <Group justify="space-between" gap="xs">
              <Text fw={700} size="lg">
                {o.number}
              </Text>
              {o.public_status ? <Badge variant="light">{o.public_status}</Badge> : <OrderStateBadge state={o.state} />}
            </Group>
            <Text>{o.customer_name}</Text>
            {o.equipment_id && (
              <Text size="sm" c="dimmed">
                {equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial })}
              </Text>
            )}
            <Text size="sm" lineClamp={2}>
              {o.reason}
            </Text>
            <Button component={Link} to={`/orders/${o.id}`} size="lg" fullWidth mt={4}>
              {t('operationsArea.orders.work', { number: o.number })}
            </Button>
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}

/** The office and portal list on a wide screen. */
function OrderTable({ orders, staff }: { orders: Order[]; staff: boolean }) {
  const { t } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('orders.number')}</Table.Th>
            {staff && <Table.Th>{t('orders.customer')}</Table.Th>}
            <Table.Th>{t('orders.equipment')}</Table.Th>
            <Table.Th>{t('operationsArea.orders.publicStatus')}</Table.Th>
            {staff && <Table.Th>{t('operationsArea.orders.internalStatus')}</Table.Th>}
            <Table.Th>{t('operationsArea.orders.orderState')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {orders.map((o) => (
            <Table.Tr key={o.id}>
              <Table.Td>
                <Link to={`/orders/${o.id}`}>{o.number}</Link>
              </Table.Td>
              {staff && <Table.Td>{o.customer_name}</Table.Td>}
              <Table.Td>{equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial })}</Table.Td>
              <Table.Td>{o.public_status ?? '—'}</Table.Td>
              {staff && <Table.Td>{o.internal_status ?? '—'}</Table.Td>}
              <Table.Td>
                <OrderStateBadge state={o.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** The same list on a phone: one card per order, every field labelled, nothing cut. */
function OrderCards({ orders, staff }: { orders: Order[]; staff: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="sm" data-testid="order-cards">
      {orders.map((o) => {
        const machine = equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial });
        return (
          <Card key={o.id} withBorder padding="sm" component="article" aria-label={`${t('orders.order')} ${o.number}`}>
            <Stack gap={4}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Text fw={700} component={Link} to={`/orders/${o.id}`} c="blue">
                  {o.number}
                </Text>
                <OrderStateBadge state={o.state} />
              </Group>
              {staff && <Text style={{ overflowWrap: 'anywhere' }}>{o.customer_name}</Text>}
              {machine && (
                <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {machine}
                </Text>
              )}
              <Text size="sm">
                {t('operationsArea.orders.publicStatus')}: <b>{o.public_status ?? '—'}</b>
              </Text>
              {staff && o.internal_status && (
                <Text size="sm">
                  {t('operationsArea.orders.internalStatus')}: <b>{o.internal_status}</b>
                </Text>
              )}
            </Stack>
          </Card>
        );
      })}
    </Stack>
  );
}
