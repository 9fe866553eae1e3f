/**
 * /stock/items/:id — one catalog item: its live figures (on hand, reserved,
 * available, on order, projected, minimum), the editor and the count /
 * adjustment form (office roles), and its ledger of moves newest first with
 * who made each one. Figures and ledger reload on `staff:stock`.
 */
import { Alert, Anchor, Button, Card, Group, Loader, NativeSelect, SegmentedControl, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ADJUSTMENT_REASONS, type AdjustmentReason, type Item, fetchItem, fetchMoves, isWholeUnit, managesStock, recordMove } from '../../api/stock';
import { useCurrentUser } from '../../components/RequireAuth';
import { normaliseDecimal } from '../../components/operations/fieldErrors';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCompanySettings } from '../../api/settings';
import { ItemForm } from './ItemForm';
import { StockFigures, UnitName, qty } from './StockFigures';
import { useStockFeed } from './useStockFeed';

export function StockItemPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const office = managesStock(user.role);
  const item = useQuery({ queryKey: ['stock', 'item', id], queryFn: ({ signal }) => fetchItem(id, signal) });
  const moves = useQuery({ queryKey: ['stock', 'moves', id], queryFn: ({ signal }) => fetchMoves(id, signal), enabled: office });
  useStockFeed(user.role, [['stock', 'item', id], ['stock', 'moves', id]]);
  useDocumentTitle(item.data ? t('stockArea.itemTitle', { sku: item.data.sku }) : t('stockArea.title'));
  const [editing, setEditing] = useState(false);
  const lang = i18n.language;
  if (item.isPending) return <Loader />;
  if (item.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(item.error)}
      </Alert>
    );
  const it = item.data;
  const refresh = () => void queryClient.invalidateQueries({ queryKey: ['stock'] });
  return (
    <Stack>
      <Anchor component={Link} to="/stock">
        {t('stockArea.back')}
      </Anchor>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {it.sku} · {it.description}
        </Title>
        {office && !editing && (
          <Button variant="default" onClick={() => setEditing(true)}>
            {t('stockArea.edit')}
          </Button>
        )}
      </Group>
      {editing ? (
        <ItemForm
          item={it}
          onCancel={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            notifications.show({ color: 'green', message: t('stockArea.saved') });
            refresh();
          }}
        />
      ) : (
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <Text>
            {t('stockArea.brand')}: {it.brand || '—'}
          </Text>
          <Text>
            {t('stockArea.partNumber')}: {it.part_number || '—'}
          </Text>
          <Text>
            {t('stockArea.unit')}: <UnitName unit={it.unit} />
          </Text>
          <Text>
            {t('stockArea.salePrice')}: {formatMoney(it.sale_price, currency, lang)}
          </Text>
          {it.average_cost !== null && (
            <Text>
              {t('stockArea.averageCost')}: {formatMoney(it.average_cost, currency, lang)}
            </Text>
          )}
          <Text>
            {t('stockArea.warrantyDays')}: {it.warranty_days}
          </Text>
        </SimpleGrid>
      )}
      <section aria-labelledby="figures-title">
        <Title order={2} size="h4" mb="xs" id="figures-title">
          {t('stockArea.figures')}
        </Title>
        <StockFigures stock={it.stock} />
      </section>
      {office && <MoveForm item={it} hasMoves={(moves.data?.items.length ?? 0) > 0} onDone={refresh} />}
      {office && (
        <section aria-labelledby="ledger-title">
          <Title order={2} size="h4" mb="xs" id="ledger-title">
            {t('stockArea.ledger')}
          </Title>
          {moves.data && moves.data.items.length === 0 && <Text c="dimmed">{t('stockArea.noMoves')}</Text>}
          {moves.data && moves.data.items.length > 0 && (
            <Table.ScrollContainer minWidth={640}>
              <Table striped aria-label={t('stockArea.ledger')}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('stockArea.when')}</Table.Th>
                    <Table.Th>{t('stockArea.kind')}</Table.Th>
                    <Table.Th ta="right">{t('stockArea.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('stockArea.onHand')}</Table.Th>
                    <Table.Th ta="right">{t('stockArea.reserved')}</Table.Th>
                    <Table.Th>{t('stockArea.reason')}</Table.Th>
                    <Table.Th>{t('stockArea.who')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {moves.data.items.map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td>{formatDateTime(m.created_at, lang)}</Table.Td>
                      <Table.Td>
                        {t(`stockArea.kinds.${m.kind}`)}
                        {m.order_id && (
                          <>
                            {' '}
                            <Anchor component={Link} to={`/orders/${m.order_id}`} size="sm">
                              ↗
                            </Anchor>
                          </>
                        )}
                      </Table.Td>
                      <Table.Td ta="right">{qty(m.quantity, lang)}</Table.Td>
                      <Table.Td ta="right">{qty(m.on_hand_after, lang)}</Table.Td>
                      <Table.Td ta="right">{qty(m.reserved_after, lang)}</Table.Td>
                      <Table.Td>
                        {m.reason ? t(`stockArea.reasons.${m.reason}`) : ''}
                        {m.note ? ` — ${m.note}` : ''}
                      </Table.Td>
                      <Table.Td>{m.created_by_name}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </section>
      )}
    </Stack>
  );
}

/** The initial count (first move only) or an adjustment with a reason. */
function MoveForm({ item, hasMoves, onDone }: { item: Item; hasMoves: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [kind, setKind] = useState<'initial_count' | 'adjustment'>(hasMoves ? 'adjustment' : 'initial_count');
  const effectiveKind = hasMoves ? 'adjustment' : kind;
  const [quantity, setQuantity] = useState('');
  const [reason, setReason] = useState<AdjustmentReason>('physical_count');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: () =>
      recordMove(item.id, {
        kind: effectiveKind,
        quantity: normaliseDecimal(quantity),
        reason: effectiveKind === 'adjustment' ? reason : undefined,
        note: note.trim(),
      }),
    onSuccess: () => {
      setQuantity('');
      setNote('');
      setError(null);
      notifications.show({ color: 'green', message: t('stockArea.recorded') });
      onDone();
    },
    onError: (err) => setError(errorMessage(err)),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = normaliseDecimal(quantity);
    if (!/^-?\d+(\.\d{1,3})?$/.test(q) || Number(q) === 0) return setError(t('stockArea.quantityInvalid'));
    if (isWholeUnit(item.unit) && !Number.isInteger(Number(q))) return setError(t('stockArea.wholeOnly'));
    setError(null);
    record.mutate();
  };
  return (
    <Card withBorder>
      <form aria-label={t('stockArea.record')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          {!hasMoves && (
            <SegmentedControl
              value={kind}
              onChange={(v) => setKind(v as typeof kind)}
              data={[
                { value: 'initial_count', label: t('stockArea.initialCount') },
                { value: 'adjustment', label: t('stockArea.adjustment') },
              ]}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 3 }}>
            <TextInput
              label={t('stockArea.quantity')}
              description={effectiveKind === 'adjustment' ? t('stockArea.adjustmentHint') : undefined}
              inputMode="decimal"
              value={quantity}
              onChange={(e) => setQuantity(e.currentTarget.value)}
              error={error}
            />
            {effectiveKind === 'adjustment' && (
              <NativeSelect
                label={t('stockArea.reason')}
                value={reason}
                onChange={(e) => setReason(e.currentTarget.value as AdjustmentReason)}
                data={ADJUSTMENT_REASONS.map((r) => ({ value: r, label: t(`stockArea.reasons.${r}`) }))}
              />
            )}
            <TextInput label={t('stockArea.note')} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={record.isPending}>
              {t('stockArea.record')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
