/**
 * /orders/:id — an order with its timeline (public and, for staff, internal),
 * parts, balance, print links and actions; live through the channels the
 * server lists in `channels` (`order:<id>`, `internal:order:<id>`).
 */
import { Anchor, Badge, Button, Card, Group, Select, TextInput, Loader, SegmentedControl, SimpleGrid, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError, api } from '../api/client';
import { type OrderDetail, equipmentText, formatMoney } from '../api/orders';
import { useCurrentUser } from '../components/RequireAuth';
import { useCompanySettings } from '../api/settings';
import { useErrorMessage } from '../i18n/errors';
import { ReconnectingBadge } from '../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../realtime/client';
import { EventTimeline } from './PublicOrderPage';
import { ChatPanel } from './TicketDetailPage';

const OFFICE = ['master', 'admin', 'operator'];

export function OrderDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const queryKey = ['order', id];
  const order = useQuery({ queryKey, queryFn: ({ signal }) => api.get<OrderDetail>(`/api/v1/orders/${id}`, signal) });
  useDocumentTitle(order.data ? order.data.number : t('nav.orders'));
  const client = useCentrifuge('session');
  const state = useConnectionState(client);
  const refresh = () => void queryClient.invalidateQueries({ queryKey });
  const channels = order.data?.channels ?? [];
  useSubscription(client, channels.includes(`order:${id}`) ? `order:${id}` : null, { onPublication: refresh });
  useSubscription(client, channels.includes(`internal:order:${id}`) ? `internal:order:${id}` : null, { onPublication: refresh });

  const settings = useCompanySettings();
  const close = useMutation({ mutationFn: () => api.post(`/api/v1/orders/${id}/close`, {}), onSuccess: refresh });

  if (order.isPending) return <Loader aria-label={t('common.loading')} />;
  if (order.isError) return <Text role="alert">{errorMessage(order.error)}</Text>;
  const o = order.data;
  const lang = i18n.language;
  const currency = settings.data?.currency ?? 'USD';
  const staff = user.role !== 'customer';
  const publicEvents = o.timeline.filter((e) => e.visibility === 'public' && !e.deleted_at);
  const internalEvents = o.timeline.filter((e) => e.visibility === 'internal');
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
            <Badge color={o.state === 'closed' ? 'gray' : 'green'}>{t(`orders.state.${o.state}`)}</Badge>
            {o.internal_status && staff && <Badge variant="outline">{o.internal_status}</Badge>}
          </Group>
          <Text>
            <b>{t('orders.customer')}:</b> {o.customer_name}
          </Text>
          {o.equipment_id && (
            <Text>
              <b>{t('orders.equipment')}:</b> {equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial })}
            </Text>
          )}
          <Text>
            <b>{t('orders.reason')}:</b> {o.reason}
          </Text>
          {staff && o.qr_token && (
            <Anchor href={`/o/${o.qr_token}`} target="_blank" rel="noopener">
              {t('orders.qrPage')}
            </Anchor>
          )}
        </Stack>
      </Card>
      <Group gap="xs">
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/ticket?format=80mm`} target="_blank">
          {t('orders.print80')}
        </Button>
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/ticket?format=a4`} target="_blank">
          {t('orders.printA4')}
        </Button>
        <Button component="a" variant="default" href={`/api/v1/orders/${id}/report`} target="_blank">
          {t('orders.report')}
        </Button>
        {OFFICE.includes(user.role) && o.state === 'open' && (
          <Button color="gray" onClick={() => close.mutate()} loading={close.isPending}>
            {t('orders.close')}
          </Button>
        )}
      </Group>
      {close.isError && <Text c="red" role="alert">{errorMessage(close.error)}</Text>}
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
      <PaymentsSection orderId={id} canRegister={OFFICE.includes(user.role) && o.state === 'open'} onDone={refresh} />
      {staff && <PostEventForm orderId={id} onDone={refresh} />}
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
      {channels.includes(`order:${id}`) && <ChatPanel channel={`order:${id}`} lang={lang} chatOnly />}
      <section aria-labelledby="parts-title">
        <Title order={2} size="h4" mb="xs" id="parts-title">
          {t('orders.parts')}
        </Title>
        {o.parts.length === 0 ? (
          <Text c="dimmed">{t('orders.noParts')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={300}>
            <Table>
              <Table.Tbody>
                {o.parts.map((p) => (
                  <Table.Tr key={p.id}>
                    <Table.Td>{p.description}</Table.Td>
                    <Table.Td>{p.quantity}</Table.Td>
                    <Table.Td ta="right">{formatMoney(p.unit_price, currency, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {staff && <AddPartForm orderId={id} onDone={refresh} />}
      </section>
    </Stack>
  );
}

/** Post a timeline event, optionally with a photo from the camera. */
function PostEventForm({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [visibility, setVisibility] = useState('public');
  const [comment, setComment] = useState('');
  const [photo, setPhoto] = useState<File | null>(null);
  const [statusId, setStatusId] = useState<string | null>(null);
  const statuses = useQuery({
    queryKey: ['order-statuses'],
    queryFn: ({ signal }) =>
      api.get<{ id: string; visibility: string; label: string; active: boolean }[]>('/api/v1/order-statuses', signal),
  });
  const post = useMutation({
    mutationFn: async () => {
      const form = new FormData();
      form.append('visibility', visibility);
      form.append('comment', comment);
      if (statusId) form.append('status_id', statusId);
      if (photo) form.append('photos', photo, photo.name);
      const r = await fetch(`/api/v1/orders/${orderId}/events`, { method: 'POST', body: form, credentials: 'same-origin' });
      if (!r.ok) throw await ApiError.fromResponse(r);
    },
    onSuccess: () => {
      setComment('');
      setPhoto(null);
      setStatusId(null);
      onDone();
    },
  });
  return (
    <Card withBorder>
      <form
        aria-label={t('orders.postEvent')}
        onSubmit={(e) => {
          e.preventDefault();
          post.mutate();
        }}
      >
        <Stack gap="xs">
          <Title order={2} size="h4">
            {t('orders.postEvent')}
          </Title>
          <SegmentedControl
            value={visibility}
            onChange={(v) => {
              setVisibility(v);
              setStatusId(null);
            }}
            data={[
              { value: 'public', label: t('orders.public') },
              { value: 'internal', label: t('orders.internal') },
            ]}
          />
          <Select
            label={t('orders.status')}
            clearable
            value={statusId}
            onChange={setStatusId}
            data={(statuses.data ?? [])
              .filter((st) => st.visibility === visibility && st.active)
              .map((st) => ({ value: st.id, label: st.label }))}
          />
          <Textarea label={t('orders.comment')} value={comment} onChange={(e) => setComment(e.currentTarget.value)} required />
          <label>
            <Text size="sm" fw={500} component="span" display="block">
              {t('orders.photo')}
            </Text>
            {/* capture opens the rear camera on phones. */}
            <input
              key={photo ? 'with' : 'without'}
              type="file"
              accept="image/*"
              capture="environment"
              onChange={(e) => setPhoto(e.currentTarget.files?.[0] ?? null)}
            />
          </label>
          {post.isError && <Text c="red" role="alert">{errorMessage(post.error)}</Text>}
          <Group>
            <Button type="submit" loading={post.isPending}>
              {t('orders.post')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function AddPartForm({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [description, setDescription] = useState('');
  const [quantity, setQuantity] = useState('1');
  const [price, setPrice] = useState('0');
  const add = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/parts`, { description, quantity, unit_price: price }),
    onSuccess: () => {
      setDescription('');
      onDone();
    },
  });
  return (
    <form
      aria-label={t('orders.addPart')}
      onSubmit={(e) => {
        e.preventDefault();
        add.mutate();
      }}
    >
      <Group align="flex-end" gap="xs" mt="xs">
        <Textarea label={t('orders.partDescription')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} required autosize minRows={1} />
        <Textarea label={t('orders.quantity')} value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} autosize minRows={1} w={80} />
        <Textarea label={t('orders.unitPrice')} value={price} onChange={(e) => setPrice(e.currentTarget.value)} autosize minRows={1} w={100} />
        <Button type="submit" loading={add.isPending}>
          {t('orders.addPart')}
        </Button>
      </Group>
      {add.isError && <Text c="red" role="alert">{errorMessage(add.error)}</Text>}
    </form>
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
function PaymentsSection({ orderId, canRegister, onDone }: { orderId: string; canRegister: boolean; onDone: () => void }) {
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
  const register = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/payments`, { amount, method_id: methodId, reference }),
    onSuccess: () => {
      setAmount('');
      setReference('');
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
                  <Table.Td ta="right">{formatMoney(p.amount, 'USD', i18n.language)}</Table.Td>
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
            register.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" mt="xs">
            <TextInput label={t('orders.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} required w={120} inputMode="decimal" />
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
          {register.isError && <Text c="red" role="alert">{errorMessage(register.error)}</Text>}
        </form>
      )}
    </section>
  );
}
