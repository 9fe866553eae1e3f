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
import { Alert, Anchor, Badge, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import { type OrderDetail, equipmentText, formatDateTime, formatMoney } from '../api/orders';
import { useCurrentUser } from '../components/RequireAuth';
import { useCompanySettings } from '../api/settings';
import { OrderStateBadge } from '../components/operations/OrderStateBadge';
import { EditOrderForm, OrderManageActions, OrderTechnicians } from '../components/operations/OrderOfficeControls';
import { PostEventForm } from '../components/operations/OrderWorkForms';
import { PartAdder } from '../components/orders/PartPicker';
import { CloseOrderDialog, ReopenOrderDialog } from '../components/operations/OrderClosing';
import { InvoiceOrderButton } from './billing/InvoiceOrderButton';
import { canCloseOrders, canCreateOrders, canListUsers, canManageOrders, canWorkOrders } from '../components/operations/permissions';
import type { Delivery } from '../api/admin';
import { DeliveryLog } from '../components/DeliveryLog';
import { useErrorMessage } from '../i18n/errors';
import { ReconnectingBadge } from '../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../realtime/client';
import { EventTimeline } from '../components/orders/EventTimeline';
import { ChatPanel } from '../components/chat/ChatPanel';
import { EventEditControls } from '../components/records/EventEditControls';
import { OrderPaymentsSection } from '../components/records/OrderPaymentsSection';
import { PartsTable } from '../components/records/PartsTable';
import { OrderQuotes } from '../components/quotes/OrderQuotes';
import { ReadingForm } from '../components/maintenance/ReadingForm';
import { canRecordReadingOnOrder } from '../api/servicePlans';

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
  const [dialog, setDialog] = useState<'close' | 'reopen' | null>(null);

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
  // Staff also see deleted posts, marked "eliminado por …" (the server sends them to staff only).
  const publicEvents = o.timeline.filter((e) => e.visibility === 'public' && (staff || !e.deleted_at));
  const internalEvents = o.timeline.filter((e) => e.visibility === 'internal');
  const eventsById = new Map(o.timeline.map((e) => [e.id, e]));
  const postControls = (eventId: string) => {
    const e = eventsById.get(eventId);
    if (!staff || !e) return null;
    const canChange = works && o.state === 'open' && (canManageOrders(user.role) || e.author_id === user.id);
    return <EventEditControls orderId={id} event={e} canChange={canChange} currency={currency} onChanged={refresh} />;
  };
  const closed = o.state === 'closed';
  // A closed order takes internal notes only (the server refuses public posts).
  const workForm = works && <PostEventForm key={o.state} orderId={id} onDone={refresh} internalOnly={closed} />;
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
      {closed && (
        <Alert color="gray" data-testid="order-closed-note">
          {staff ? t('operationsArea.closing.isClosed') : t('operationsArea.closing.isClosedCustomer')}
        </Alert>
      )}
      {o.equipment_id && o.state === 'open' && canRecordReadingOnOrder(user.role) && <ReadingForm equipmentId={o.equipment_id} />}
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
          <Button color="gray" onClick={() => setDialog('close')}>
            {t('orders.close')}
          </Button>
        )}
        {canCloseOrders(user.role) && <InvoiceOrderButton orderId={id} />}
        {user.role === 'master' && closed && (
          <Button variant="default" onClick={() => setDialog('reopen')}>
            {t('operationsArea.closing.reopen')}
          </Button>
        )}
      </Group>
      {dialog === 'close' && (
        <CloseOrderDialog
          orderId={id}
          number={o.number}
          onClose={() => setDialog(null)}
          onClosed={() => {
            setDialog(null);
            refresh();
          }}
        />
      )}
      {dialog === 'reopen' && (
        <ReopenOrderDialog
          orderId={id}
          number={o.number}
          onClose={() => setDialog(null)}
          onReopened={() => {
            setDialog(null);
            refresh();
          }}
        />
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
      <OrderPaymentsSection
        orderId={id}
        currency={currency}
        canRegister={canCloseOrders(user.role) && o.state === 'open'}
        canReverse={user.role === 'master' && o.state === 'open'}
        onDone={refresh}
      />
      {!technician && workForm}
      <section aria-labelledby="pub-title">
        <Title order={2} size="h4" mb="xs" id="pub-title">
          {t('orders.timeline')}
        </Title>
        <EventTimeline events={publicEvents} lang={lang} extra={postControls} />
      </section>
      {staff && (
        <section aria-labelledby="int-title">
          <Title order={2} size="h4" mb="xs" id="int-title">
            {t('orders.internalHistory')}
          </Title>
          <EventTimeline events={internalEvents} lang={lang} extra={postControls} />
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
          <PartsTable
            parts={o.parts.map((p) => ({ ...p, order_number: o.number }))}
            orderId={id}
            staff={staff}
            canChange={(p) => works && o.state === 'open' && (canManageOrders(user.role) || p.added_by === user.id)}
            currency={currency}
            onChanged={refresh}
          />
        )}
        {canWorkOrders(user.role) && o.state === 'open' && <PartAdder orderId={id} onDone={refresh} />}
      </section>
      <OrderQuotes orderId={id} role={user.role} />
      {channels.includes(`order:${id}`) && <ChatPanel channel={`order:${id}`} lang={lang} chatOnly />}
    </Stack>
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
