/**
 * /purchasing/orders/:id — one purchase order: its lines and total; while a
 * draft, the editor (add a catalog part with quantity, unit cost and
 * promised date, remove lines), "send" and "cancel"; once sent, "receive"
 * per line (partial allowed, more than outstanding only with the explicit
 * confirmation), "cancel" (nothing received yet) or "close short" (the rest
 * will not come); the receipts. Follows `staff:purchasing`: a colleague's
 * receipt shows here without a reload.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { problemField } from '../../api/client';
import {
  addPurchaseLine,
  canManagePurchasing,
  deletePurchaseLine,
  purchaseOrderAction,
  purchasingKeys,
  receivePurchaseOrder,
  usePickItems,
  usePurchaseOrder,
  useReloadPurchasing,
  type PurchaseOrderDetail,
} from '../../api/purchasing';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime, formatMoney, formatNumber } from '../../lib/format';
import { useStaffFeed } from '../../realtime/useStaffFeed';
import { StateBadge } from './StateBadge';

function AddLine({ order, onDone }: { order: PurchaseOrderDetail; onDone: (error: unknown) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 250);
  const items = usePickItems(debounced.trim());
  const [itemId, setItemId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('');
  const [unitCost, setUnitCost] = useState('');
  const [promised, setPromised] = useState('');
  const [busy, setBusy] = useState(false);
  const picked = items.data?.find((i) => i.id === itemId);
  const add = async () => {
    if (!itemId) return;
    setBusy(true);
    try {
      await addPurchaseLine(order.order.id, {
        item_id: itemId,
        quantity: quantity.trim(),
        unit_cost: unitCost.trim() || null,
        promised_on: promised || null,
      });
      setItemId(null);
      setQuantity('');
      setUnitCost('');
      onDone(null);
    } catch (caught) {
      onDone(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('purchasingArea.order.addLine')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 4 }}>
        <Select
          label={t('purchasingArea.order.item')}
          placeholder={t('purchasingArea.order.pickItem')}
          searchable
          searchValue={search}
          onSearchChange={setSearch}
          filter={({ options }) => options}
          value={itemId}
          onChange={(v) => {
            setItemId(v);
            const item = items.data?.find((i) => i.id === v);
            if (item) setUnitCost(item.average_cost);
          }}
          data={(items.data ?? []).map((i) => ({ value: i.id, label: `${i.sku} · ${i.description}` }))}
        />
        <TextInput
          label={t('purchasingArea.order.quantity')}
          inputMode="decimal"
          value={quantity}
          onChange={(e) => setQuantity(e.currentTarget.value)}
          rightSection={picked ? <Text size="xs">{picked.unit}</Text> : null}
        />
        <TextInput
          label={t('purchasingArea.order.unitCost')}
          inputMode="decimal"
          value={unitCost}
          onChange={(e) => setUnitCost(e.currentTarget.value)}
        />
        <TextInput
          label={t('purchasingArea.order.promisedOn')}
          type="date"
          value={promised}
          onChange={(e) => setPromised(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Group justify="flex-end" mt="xs">
        <Button onClick={() => void add()} loading={busy} disabled={!itemId || !quantity.trim()}>
          {t('purchasingArea.order.addLine')}
        </Button>
      </Group>
    </Card>
  );
}

function Receive({ order, onDone }: { order: PurchaseOrderDetail; onDone: (error: unknown, ok?: boolean) => void }) {
  const { t } = useTranslation();
  const [quantities, setQuantities] = useState<Record<string, string>>({});
  const [confirm, setConfirm] = useState(false);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const lines = Object.entries(quantities)
    .filter(([, q]) => q.trim() !== '')
    .map(([line_id, quantity]) => ({ line_id, quantity: quantity.trim() }));
  const receive = async () => {
    setBusy(true);
    try {
      await receivePurchaseOrder(order.order.id, lines, confirm, note);
      setQuantities({});
      setConfirm(false);
      setNote('');
      onDone(null, true);
    } catch (caught) {
      onDone(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder>
      <Title order={2} size="h4" mb="xs">
        {t('purchasingArea.order.receive')}
      </Title>
      <Stack gap="xs">
        {order.lines.map((l) => (
          <Group key={l.id} justify="space-between" wrap="nowrap">
            <Text size="sm" style={{ flex: 1 }}>
              {l.sku} · {l.description} ({t('purchasingArea.order.outstanding')}: {l.outstanding})
            </Text>
            <TextInput
              aria-label={`${t('purchasingArea.order.received')} ${l.sku}`}
              w={100}
              inputMode="decimal"
              value={quantities[l.id] ?? ''}
              onChange={(e) => {
                const value = e.currentTarget.value;
                setQuantities((cur) => ({ ...cur, [l.id]: value }));
              }}
            />
          </Group>
        ))}
        <TextInput label={t('purchasingArea.order.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <Checkbox
          label={t('purchasingArea.order.confirmOver')}
          checked={confirm}
          onChange={(e) => setConfirm(e.currentTarget.checked)}
        />
        <Group justify="flex-end">
          <Button onClick={() => void receive()} loading={busy} disabled={lines.length === 0}>
            {t('purchasingArea.order.receiveNow')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

export function PurchaseOrderPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const user = useCurrentUser();
  const allowed = canManagePurchasing(user.role);
  const errorMessage = useErrorMessage();
  const reload = useReloadPurchasing();
  const order = usePurchaseOrder(id);
  useStaffFeed('staff:purchasing', user.role, [purchasingKeys.all]);
  useDocumentTitle(order.data?.order.number ?? t('purchasingArea.orders.title'));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const done = (caught: unknown, message?: string) => {
    setError(caught);
    if (caught === null) {
      reload();
      if (message) notifications.show({ color: 'green', message });
    }
  };
  const act = async (action: 'send' | 'cancel' | 'close-short', message: string) => {
    setBusy(action);
    try {
      await purchaseOrderAction(id, action);
      done(null, message);
    } catch (caught) {
      done(caught);
    } finally {
      setBusy(null);
    }
  };

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }

  return (
    <QueryStatus query={order}>
      {(po) => {
        const { state } = po.order;
        const draft = state === 'draft';
        const open = state === 'sent' || state === 'partially_received';
        return (
          <Stack>
            <Group justify="space-between">
              <Stack gap={0}>
                <Title order={1} size="h2">
                  {po.order.number}
                </Title>
                <Anchor component={Link} to={`/purchasing/suppliers/${po.order.supplier_id}`}>
                  {po.order.supplier_name}
                </Anchor>
              </Stack>
              <StateBadge state={state} />
            </Group>
            {error !== null && (
              <Alert color="red" role="alert">
                {errorMessage(error)}
                {problemField(error) ? ` (${problemField(error)})` : ''}
              </Alert>
            )}
            {po.order.notes && (
              <Text>
                {t('purchasingArea.order.notes')}: {po.order.notes}
              </Text>
            )}
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('purchasingArea.order.lines')}
              </Title>
              {po.lines.length === 0 ? (
                <Text c="dimmed">{t('purchasingArea.order.noLines')}</Text>
              ) : (
                <Table.ScrollContainer minWidth={320}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('purchasingArea.order.item')}</Table.Th>
                        <Table.Th>{t('purchasingArea.order.quantity')}</Table.Th>
                        <Table.Th>{t('purchasingArea.order.received')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('purchasingArea.order.unitCost')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('purchasingArea.order.amount')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('purchasingArea.order.promisedOn')}</Table.Th>
                        {draft && <Table.Th />}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {po.lines.map((l) => (
                        <Table.Tr key={l.id} data-testid={`line-${l.sku}`}>
                          <Table.Td>
                            {l.sku} · {l.description}
                          </Table.Td>
                          <Table.Td>{formatNumber(l.quantity, lang, 3)}</Table.Td>
                          <Table.Td>{formatNumber(l.received, lang, 3)}</Table.Td>
                          <Table.Td visibleFrom="sm">{formatMoney(l.unit_cost, po.currency, lang)}</Table.Td>
                          <Table.Td visibleFrom="sm">{formatMoney(l.amount, po.currency, lang)}</Table.Td>
                          <Table.Td visibleFrom="sm">{l.promised_on ?? '—'}</Table.Td>
                          {draft && (
                            <Table.Td>
                              <Button
                                size="xs"
                                variant="subtle"
                                color="red"
                                onClick={() =>
                                  void deletePurchaseLine(id, l.id).then(
                                    () => done(null),
                                    (caught: unknown) => done(caught),
                                  )
                                }
                              >
                                {t('purchasingArea.order.remove')}
                              </Button>
                            </Table.Td>
                          )}
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
              <Text fw={700} ta="right" mt="xs">
                {t('purchasingArea.order.total')}: {formatMoney(po.total, po.currency, lang)}
              </Text>
            </Card>
            {draft && <AddLine order={po} onDone={(caught) => done(caught)} />}
            <Group>
              <Button component="a" variant="default" href={`/api/v1/purchase-orders/${id}/pdf`} target="_blank" rel="noopener">
                {t('purchasingArea.order.pdf')}
              </Button>
              {draft && (
                <Button
                  onClick={() => void act('send', t('purchasingArea.order.sent'))}
                  loading={busy === 'send'}
                  disabled={po.lines.length === 0}
                >
                  {t('purchasingArea.order.send')}
                </Button>
              )}
              {(draft || state === 'sent') && (
                <Button
                  color="red"
                  variant="light"
                  onClick={() => void act('cancel', t('purchasingArea.order.cancelled'))}
                  loading={busy === 'cancel'}
                >
                  {t('purchasingArea.order.cancelOrder')}
                </Button>
              )}
              {state === 'partially_received' && (
                <Button
                  color="orange"
                  variant="light"
                  onClick={() => void act('close-short', t('purchasingArea.order.closedShort'))}
                  loading={busy === 'close-short'}
                >
                  {t('purchasingArea.order.closeShort')}
                </Button>
              )}
            </Group>
            {draft && (
              <Text size="sm" c="dimmed">
                {po.supplier_email
                  ? t('purchasingArea.order.sendHint', { email: po.supplier_email })
                  : t('purchasingArea.order.noEmail')}
              </Text>
            )}
            {open && (
              <Receive
                order={po}
                onDone={(caught, ok) => done(caught, ok ? t('purchasingArea.order.received_ok') : undefined)}
              />
            )}
            <Card withBorder>
              <Title order={2} size="h4" mb="xs">
                {t('purchasingArea.order.receipts')}
              </Title>
              {po.receipts.length === 0 ? (
                <Text c="dimmed">{t('purchasingArea.order.noReceipts')}</Text>
              ) : (
                <Stack gap={4}>
                  {po.receipts.map((r) => {
                    const line = po.lines.find((l) => l.id === r.line_id);
                    return (
                      <Text key={r.id} size="sm">
                        {formatDateTime(r.received_at, lang)} · {line?.sku} · {formatNumber(r.quantity, lang, 3)} ·{' '}
                        {formatMoney(r.unit_cost, po.currency, lang)}
                        {r.over_receipt ? ` · ${t('purchasingArea.order.overReceipt')}` : ''}
                      </Text>
                    );
                  })}
                </Stack>
              )}
            </Card>
          </Stack>
        );
      }}
    </QueryStatus>
  );
}
