/**
 * /orders/:id — one service order: its data, technicians, balance, payments,
 * public timeline and (staff) internal history, parts, print links and the
 * actions each role may take. Live through the channels the server lists in
 * `channels` (`order:<id>`, `internal:order:<id>`).
 *
 * A technician opens it from /my-orders on a phone: the "post an update"
 * form (status, comment, camera photo) and the "add part" form come first
 * for them, with large touch targets. The office also edits the order,
 * changes technicians, deactivates it and rotates its QR link.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import { type OrderDetail, equipmentText, formatDateTime, formatMoney } from '../api/orders';
import { useCurrentUser } from '../components/RequireAuth';
import { useCompanySettings } from '../api/settings';
import { OrderStateBadge } from '../components/operations/OrderStateBadge';
import { EditOrderForm, OrderManageActions, OrderTechnicians } from '../components/operations/OrderOfficeControls';
import { AddPartForm, PostEventForm } from '../components/operations/OrderWorkForms';
import { MONEY_SHAPE, normaliseDecimal } from '../components/operations/fieldErrors';
import { canCloseOrders, canCreateOrders, canListUsers, canManageOrders, canWorkOrders } from '../components/operations/permissions';
import type { Delivery } from '../api/admin';
import { DeliveryLog } from '../components/DeliveryLog';
import { useErrorMessage } from '../i18n/errors';
import { formatDate } from '../lib/format';
import { ReconnectingBadge } from '../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../realtime/client';
import { EventTimeline } from '../components/orders/EventTimeline';
import { ChatPanel } from '../components/chat/ChatPanel';

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const queryKey = ['order', id];
  const order = useQuery({ queryKey, queryFn: ({ signal }) => api.get<OrderDetail>(`/api/v1/orders/${id}`, signal) });
  useDocumentTitle(order.data ? `${t('orders.order')} ${order.data.number}` : t('nav.orders'));
  const client = useCentrifuge('session');
  const state = useConnectionState(client);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey });
    void queryClient.invalidateQueries({ queryKey: ['orders'] });
    void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
  };
  const channels = order.data?.channels ?? [];
  useSubscription(client, channels.includes(`order:${id}`) ? `order:${id}` : null, { onPublication: refresh });
  useSubscription(client, channels.includes(`internal:order:${id}`) ? `internal:order:${id}` : null, { onPublication: refresh });

  const settings = useCompanySettings();
  const [editing, setEditing] = useState(false);
  const close = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${id}/close`, {}),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('operationsArea.manage.closed') });
      refresh();
    },
  });

  if (order.isPending) return <Loader aria-label={t('common.loading')} />;
  if (order.isError)
    return (
      <Stack>
        <Title order={1} size="h3">
          {t('nav.orders')}
        </Title>
        <Alert color="red" role="alert">
          {errorMessage(order.error)}
        </Alert>
      </Stack>
    );
  const o = order.data;
  const lang = i18n.language;
  const currency = settings.data?.currency ?? 'USD';
  const staff = user.role !== 'customer';
  const technician = user.role === 'technician';
  const works = canWorkOrders(user.role) && o.state !== 'deactivated';
  const editable = canCreateOrders(user.role) && o.state === 'open';
  const publicEvents = o.timeline.filter((e) => e.visibility === 'public' && !e.deleted_at);
  const internalEvents = o.timeline.filter((e) => e.visibility === 'internal' && !e.deleted_at);
  const workForm = works && <PostEventForm orderId={id} onDone={refresh} />;
  return (
    <Stack maw={900}>
      <Group justify="space-between">
        <Title order={1} size="h3">
          {t('orders.order')} {o.number}
        </Title>
        <ReconnectingBadge state={state} />
      </Group>
      <Card withBorder>
        <Stack gap={4}>
          <Group gap="xs">
            <OrderStateBadge state={o.state} />
            {o.public_status && <Badge variant="light">{o.public_status}</Badge>}
            {o.internal_status && staff && (
              <Badge variant="outline" aria-label={`${t('orders.internal')}: ${o.internal_status}`}>
                {o.internal_status}
              </Badge>
            )}
          </Group>
          <Text>
            <b>{t('orders.customer')}:</b> {o.customer_name}
          </Text>
          {o.equipment_id && (
            <Text>
              <b>{t('orders.equipment')}:</b> {equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial })}
            </Text>
          )}
          <Text style={{ whiteSpace: 'pre-wrap' }}>
            <b>{t('orders.reason')}:</b> {o.reason}
          </Text>
          <Text size="sm" c="dimmed">
            {t('orders.receivedAt')}: {formatDateTime(o.received_at, lang)}
            {o.promised_at ? ` · ${t('operationsArea.newOrder.promisedAt')}: ${formatDateTime(o.promised_at, lang)}` : ''}
          </Text>
          {staff && o.qr_token && o.state !== 'deactivated' && (
            <Anchor href={`/o/${o.qr_token}`} target="_blank" rel="noopener">
              {t('orders.qrPage')}
            </Anchor>
          )}
        </Stack>
      </Card>
      {o.state === 'deactivated' && <Alert color="red">{t('operationsArea.manage.isDeactivated')}</Alert>}
      {technician && workForm}
      {staff && <OrderTechnicians key={o.technicians.map((x) => x.id).join()} order={o} canEdit={canCreateOrders(user.role) && canListUsers(user.role) && o.state !== 'deactivated'} onDone={refresh} />}
      {editing && editable && (
        <EditOrderForm
          order={o}
          onCancel={() => setEditing(false)}
          onDone={() => {
            setEditing(false);
            refresh();
          }}
        />
      )}
      <Group gap="xs">
        {editable && !editing && (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('operationsArea.editOrder.title')}
          </Button>
        )}
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/ticket?format=80mm`} target="_blank">
          {t('orders.print80')}
        </Button>
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/ticket?format=a4`} target="_blank">
          {t('orders.printA4')}
        </Button>
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/report`} target="_blank">
          {t('orders.report')}
        </Button>
        {canCloseOrders(user.role) && o.state === 'open' && (
          <Button color="gray" onClick={() => close.mutate()} loading={close.isPending}>
            {t('orders.close')}
          </Button>
        )}
      </Group>
      {close.isError && (
        <Alert color="red" role="alert">
          {errorMessage(close.error)}
        </Alert>
      )}
      {canManageOrders(user.role) && o.state !== 'closed' && <OrderManageActions order={o} onDone={refresh} />}
      <Card withBorder>
        <Title order={2} size="h4" mb="xs">
          {t('orders.balance')}
        </Title>
        <SimpleGrid cols={2} spacing={4} maw={400}>
          <Text>{t('orders.serviceValue')}</Text>
          <Text ta="right">{formatMoney(o.balance.service_value, currency, lang)}</Text>
          <Text>{t('orders.partsTotal')}</Text>
          <Text ta="right">{formatMoney(o.balance.parts_total, currency, lang)}</Text>
          <Text>{t('orders.paid')}</Text>
          <Text ta="right">{formatMoney(o.balance.paid, currency, lang)}</Text>
          <Text fw={700}>{t('orders.balanceDue')}</Text>
          <Text ta="right" fw={700}>
            {formatMoney(o.balance.balance, currency, lang)}
          </Text>
        </SimpleGrid>
      </Card>
      <PaymentsSection orderId={id} currency={currency} canRegister={canCloseOrders(user.role) && o.state === 'open'} onDone={refresh} />
      {!technician && workForm}
      <section aria-labelledby="pub-title">
        <Title order={2} size="h4" mb="xs" id="pub-title">
          {t('orders.timeline')}
        </Title>
        <EventTimeline events={publicEvents} lang={lang} />
      </section>
      {staff && (
        <section aria-labelledby="int-title">
          <Title order={2} size="h4" mb="xs" id="int-title">
            {t('orders.internalHistory')}
          </Title>
          <EventTimeline events={internalEvents} lang={lang} />
        </section>
      )}
      {canManageOrders(user.role) && <OrderDeliveries orderId={id} />}
      <section aria-labelledby="parts-title">
        <Title order={2} size="h4" mb="xs" id="parts-title">
          {t('orders.parts')}
        </Title>
        {o.parts.length === 0 ? (
          <Text c="dimmed">{t('orders.noParts')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={480}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.partDescription')}</Table.Th>
                  <Table.Th ta="right">{t('orders.quantity')}</Table.Th>
                  <Table.Th ta="right">{t('orders.unitPrice')}</Table.Th>
                  <Table.Th ta="right">{t('operationsArea.parts.total')}</Table.Th>
                  {staff && <Table.Th>{t('operationsArea.parts.addedBy')}</Table.Th>}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {o.parts.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>
                      {p.description}
                      {p.warranty_until && (
                        <Text size="xs" c="dimmed">
                          {t('operationsArea.parts.warrantyUntil', { date: formatDate(p.warranty_until, lang) })}
                        </Text>
                      )}
                      {staff && p.shown_to_customer === false && (
                        <Badge size="xs" variant="outline" ml={4}>
                          {t('orders.internal')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td ta="right">{p.quantity}</Table.Td>
                    <Table.Td ta="right">{formatMoney(p.unit_price, currency, lang)}</Table.Td>
                    <Table.Td ta="right">{p.total ? formatMoney(p.total, currency, lang) : ''}</Table.Td>
                    {staff && <Table.Td>{p.added_by_name ?? ''}</Table.Td>}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {canWorkOrders(user.role) && o.state === 'open' && <AddPartForm orderId={id} onDone={refresh} />}
      </section>
      {channels.includes(`order:${id}`) && <ChatPanel channel={`order:${id}`} lang={lang} chatOnly />}
    </Stack>
  );
}

interface Payment {
  id: string;
  number: string;
  amount: string;
  method_name: string;
  reference: string;
  paid_on: string;
  deleted_at?: string | null;
}

/** Payments with links to their printable receipts; office roles register new ones. */
function PaymentsSection({ orderId, currency, canRegister, onDone }: { orderId: string; currency: string; canRegister: boolean; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const payments = useQuery({
    queryKey: ['order', orderId, 'payments'],
    queryFn: ({ signal }) => api.get<{ items: Payment[] }>(`/api/v1/orders/${orderId}/payments`, signal),
  });
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: ({ signal }) => api.get<{ id: string; name: string; active: boolean }[] | { items: { id: string; name: string; active: boolean }[] }>('/api/v1/payment-methods', signal),
    enabled: canRegister,
  });
  const methodList = methods.data ? (Array.isArray(methods.data) ? methods.data : methods.data.items) : [];
  const [amount, setAmount] = useState('');
  const [methodId, setMethodId] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const register = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/payments`, { amount: normaliseDecimal(amount), method_id: methodId, reference }),
    onSuccess: () => {
      setAmount('');
      setReference('');
      notifications.show({ color: 'green', message: t('operationsArea.payments.registered') });
      void queryClient.invalidateQueries({ queryKey: ['order', orderId, 'payments'] });
      onDone();
    },
  });
  const items = payments.data?.items ?? [];
  return (
    <section aria-labelledby="payments-title">
      <Title order={2} size="h4" mb="xs" id="payments-title">
        {t('orders.payments')}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed">{t('orders.noPayments')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={300}>
          <Table>
            <Table.Tbody>
              {items.map((p) => (
                <Table.Tr key={p.id} style={p.deleted_at ? { textDecoration: 'line-through' } : undefined}>
                  <Table.Td>{p.number}</Table.Td>
                  <Table.Td>{p.paid_on?.slice(0, 10)}</Table.Td>
                  <Table.Td>{p.method_name}</Table.Td>
                  <Table.Td ta="right">{formatMoney(p.amount, currency, i18n.language)}</Table.Td>
                  <Table.Td>
                    <Anchor href={`/api/v1/payments/${p.id}/receipt`} target="_blank" rel="noopener">
                      {t('orders.receipt')}
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {canRegister && (
        <form
          aria-label={t('orders.registerPayment')}
          onSubmit={(e) => {
            e.preventDefault();
            const value = normaliseDecimal(amount);
            if (!MONEY_SHAPE.test(value) || Number(value) <= 0) {
              setAmountError(t('operationsArea.validation.moneyInvalid'));
              return;
            }
            setAmountError(null);
            register.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" mt="xs">
            <TextInput label={t('orders.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} required w={140} inputMode="decimal" error={amountError} />
            <Select
              label={t('orders.method')}
              value={methodId}
              onChange={setMethodId}
              required
              data={methodList.filter((m) => m.active !== false).map((m) => ({ value: m.id, label: m.name }))}
              w={180}
            />
            <TextInput label={t('orders.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={160} />
            <Button type="submit" loading={register.isPending}>
              {t('orders.registerPayment')}
            </Button>
          </Group>
          {register.isError && (
            <Alert color="red" role="alert" mt="xs">
              {errorMessage(register.error)}
            </Alert>
          )}
        </form>
      )}
    </section>
  );
}

/** The notifications sent about this order (office roles): who was told what, and whether it arrived. */
function OrderDeliveries({ orderId }: { orderId: string }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [open, setOpen] = useState(false);
  const deliveries = useQuery({
    queryKey: ['notifications', 'order', orderId],
    queryFn: ({ signal }) =>
      api.get<Delivery[]>(`/api/v1/notifications/deliveries?subject_type=order&subject_id=${encodeURIComponent(orderId)}`, signal),
    enabled: open,
  });
  return (
    <section aria-labelledby="deliveries-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="deliveries-title">
          {t('operationsArea.deliveries.title')}
        </Title>
        <Button variant="subtle" size="xs" onClick={() => setOpen((v) => !v)} aria-expanded={open}>
          {open ? t('operationsArea.deliveries.hide') : t('operationsArea.deliveries.show')}
        </Button>
      </Group>
      {open && (
        <DeliveryLog
          deliveries={deliveries.data}
          pending={deliveries.isPending}
          error={deliveries.isError ? errorMessage(deliveries.error) : null}
        />
      )}
    </section>
  );
}
