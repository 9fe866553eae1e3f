/**
 * Adding a part to an order: from the catalog (with live availability) or as
 * free text (the original form, for odd parts not kept in stock).
 *
 * The catalog picker is made for a technician's phone (360 px): search by
 * SKU, description, brand or part number, each result shows what is
 * available now (reloaded on `staff:stock`, so two technicians see each
 * other's picks), choose one, set the quantity and add it: the server
 * reserves it. When more is asked than is available the form offers "to
 * order" (a backorder purchasing sees) instead of failing.
 */
import { Alert, Button, Card, Checkbox, Group, SegmentedControl, Stack, Text, TextInput, Title, UnstyledButton } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { addOrderPart } from '../../api/orders';
import { type Item, fetchItem, fetchItems, isWholeUnit } from '../../api/stock';
import { useErrorMessage } from '../../i18n/errors';
import { formatNumber } from '../../lib/format';
import { useStockFeed } from '../../pages/stock/useStockFeed';
import { useCurrentUser } from '../RequireAuth';
import { AddPartForm } from '../operations/OrderWorkForms';
import { blames, normaliseDecimal } from '../operations/fieldErrors';
import { useIsPhone } from '../operations/useIsPhone';

export function PartAdder({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<'free' | 'catalog'>('free');
  return (
    <Stack gap={0} mt="sm">
      <SegmentedControl
        aria-label={t('orders.addPart')}
        value={mode}
        onChange={(v) => setMode(v as typeof mode)}
        data={[
          { value: 'free', label: t('stockArea.picker.freeText') },
          { value: 'catalog', label: t('stockArea.picker.catalog') },
        ]}
      />
      {mode === 'free' ? <AddPartForm orderId={orderId} onDone={onDone} /> : <CatalogPartForm orderId={orderId} onDone={onDone} />}
    </Stack>
  );
}

function CatalogPartForm({ orderId, onDone }: { orderId: string; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [quantity, setQuantity] = useState('1');
  const [shown, setShown] = useState(true);
  const [toOrder, setToOrder] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const results = useQuery({
    queryKey: ['stock', 'picker', debounced],
    queryFn: ({ signal }) => fetchItems({ q: debounced.trim() || undefined, active: true, limit: 10 }, signal),
    placeholderData: keepPreviousData,
    enabled: chosenId === null,
  });
  const chosen = useQuery({
    queryKey: ['stock', 'item', chosenId],
    queryFn: ({ signal }) => fetchItem(chosenId ?? '', signal),
    enabled: chosenId !== null,
  });
  useStockFeed(user.role, [['stock', 'picker'], ['stock', 'item']]);
  const lang = i18n.language;
  const item: Item | undefined = chosen.data;
  const q3 = normaliseDecimal(quantity);
  const short = item !== undefined && Number(q3) > Number(item.stock.available);
  const add = useMutation({
    mutationFn: () =>
      addOrderPart(orderId, { item_id: chosenId ?? '', quantity: q3, shown_to_customer: shown, to_order: short && toOrder }),
    onSuccess: (part) => {
      notifications.show({
        color: 'green',
        message: part.stock_status === 'to_order' ? t('stockArea.picker.addedToOrder') : t('stockArea.picker.added'),
      });
      setChosenId(null);
      setQuantity('1');
      setToOrder(false);
      setError(null);
      onDone();
    },
    onError: (err) => setError(blames(err, 'quantity', 'item_id') ? errorMessage(err) : null),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!item) return;
    if (!/^\d+(\.\d{1,3})?$/.test(q3) || Number(q3) <= 0) return setError(t('stockArea.quantityInvalid'));
    if (isWholeUnit(item.unit) && !Number.isInteger(Number(q3))) return setError(t('stockArea.wholeOnly'));
    setError(null);
    add.mutate();
  };
  return (
    <Card withBorder mt="sm">
      <Stack gap="sm">
        <Title order={3} size="h5">
          {t('stockArea.picker.catalog')}
        </Title>
        {!item && (
          <>
            <TextInput size="md" label={t('stockArea.picker.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
            {results.data && results.data.items.length === 0 && <Text c="dimmed">{t('stockArea.picker.noResults')}</Text>}
            <Stack gap="xs" role="list" aria-label={t('stockArea.picker.search')}>
              {results.data?.items.map((it) => (
                <UnstyledButton
                  key={it.id}
                  role="listitem"
                  onClick={() => setChosenId(it.id)}
                  aria-label={`${t('stockArea.picker.choose')} ${it.sku}`}
                  style={{ border: '1px solid var(--mantine-color-gray-4)', borderRadius: 8, padding: 12, minHeight: 48 }}
                >
                  <Text fw={600}>{it.sku}</Text>
                  <Text size="sm">{it.description}</Text>
                  <Text size="sm" c={Number(it.stock.available) > 0 ? 'green' : 'red'} data-testid={`available-${it.sku}`}>
                    {Number(it.stock.available) > 0
                      ? t('stockArea.picker.availableCount', { qty: formatNumber(it.stock.available, lang, 3) })
                      : t('stockArea.picker.none')}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          </>
        )}
        {item && (
          <form aria-label={t('orders.addPart')} onSubmit={submit} noValidate>
            <Stack gap="sm">
              <Group justify="space-between" wrap="nowrap">
                <div>
                  <Text fw={600}>{t('stockArea.picker.chosen', { sku: item.sku })}</Text>
                  <Text size="sm">{item.description}</Text>
                  <Text size="sm" data-testid="chosen-available">
                    {t('stockArea.available')}: {formatNumber(item.stock.available, lang, 3)}
                  </Text>
                </div>
                <Button variant="subtle" onClick={() => setChosenId(null)}>
                  {t('stockArea.picker.change')}
                </Button>
              </Group>
              <TextInput size="md" label={t('orders.quantity')} inputMode="decimal" value={quantity} onChange={(e) => setQuantity(e.currentTarget.value)} error={error} />
              {short && (
                <>
                  <Text size="sm" c="orange">
                    {t('stockArea.picker.notEnough', { qty: formatNumber(item.stock.available, lang, 3) })}
                  </Text>
                  <Checkbox size="md" label={t('stockArea.picker.toOrder')} checked={toOrder} onChange={(e) => setToOrder(e.currentTarget.checked)} />
                </>
              )}
              <Checkbox size="md" label={t('operationsArea.parts.shownToCustomer')} checked={shown} onChange={(e) => setShown(e.currentTarget.checked)} />
              {add.isError && error === null && (
                <Alert color="red" role="alert">
                  {errorMessage(add.error)}
                </Alert>
              )}
              <Button type="submit" size="lg" fullWidth={phone} loading={add.isPending} disabled={short && !toOrder}>
                {t('orders.addPart')}
              </Button>
            </Stack>
          </form>
        )}
      </Stack>
    </Card>
  );
}
