/**
 * /stock/reorder — the "to reorder" list (office roles): items whose
 * projected stock is below their minimum, with the suggested quantity (up to
 * the maximum in reorder multiples, less what drafts cover), the preferred
 * supplier and the backorders waiting. One action drafts purchase orders
 * grouped by preferred supplier. Below it, "Por pedir": every catalog part
 * service orders wait for (backorders), with its order, customer, who added it
 * and since when; they count as demand in the projected quantity, and received
 * stock reserves them oldest first. Both reload live on `staff:stock`: an item
 * a technician just took the last unit of, or added "to order", appears
 * without a reload, and a filled backorder leaves.
 */
import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type DraftedOrders, draftPurchaseOrders, fetchBackorders, fetchReorder } from '../../api/stock';
import { useCurrentUser } from '../../components/RequireAuth';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime } from '../../lib/format';
import { qty } from './StockFigures';
import { useStockFeed } from './useStockFeed';
import { useState } from 'react';

export function ReorderPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('stockArea.reorder.title'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: ['stock', 'reorder'], queryFn: ({ signal }) => fetchReorder(signal) });
  useStockFeed(user.role, [['stock', 'reorder'], ['stock', 'backorders']]);
  const [result, setResult] = useState<DraftedOrders | null>(null);
  const draft = useMutation({
    mutationFn: () => draftPurchaseOrders(),
    onSuccess: (r) => {
      setResult(r);
      void queryClient.invalidateQueries({ queryKey: ['stock'] });
    },
  });
  const lang = i18n.language;
  const entries = list.data ?? [];
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('stockArea.reorder.title')}
      </Title>
      <Text c="dimmed">{t('stockArea.reorder.intro')}</Text>
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && entries.length === 0 && <Text>{t('stockArea.reorder.empty')}</Text>}
      {entries.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={t('stockArea.reorder.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stockArea.sku')}</Table.Th>
                <Table.Th>{t('stockArea.description')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.available')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.projected')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.minimum')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.reorder.inDraft')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.reorder.suggested')}</Table.Th>
                <Table.Th>{t('stockArea.reorder.supplier')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.reorder.backorders')}</Table.Th>
                <Table.Th>{t('stockArea.reorder.since')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((e) => (
                <Table.Tr key={e.item_id} data-sku={e.sku}>
                  <Table.Td>
                    <Anchor component={Link} to={`/stock/items/${e.item_id}`}>
                      {e.sku}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{e.description}</Table.Td>
                  <Table.Td ta="right">{qty(e.available, lang)}</Table.Td>
                  <Table.Td ta="right">{qty(e.projected, lang)}</Table.Td>
                  <Table.Td ta="right">{qty(e.minimum, lang)}</Table.Td>
                  <Table.Td ta="right">{qty(e.in_draft, lang)}</Table.Td>
                  <Table.Td ta="right" fw={600} data-testid="suggested">
                    {qty(e.suggested, lang)}
                  </Table.Td>
                  <Table.Td>{e.supplier_name ?? <Badge color="gray">{t('stockArea.reorder.noSupplier')}</Badge>}</Table.Td>
                  <Table.Td ta="right">{e.backorders}</Table.Td>
                  <Table.Td>{formatDateTime(e.reorder_since, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {entries.length > 0 && (
        <Group>
          <Button onClick={() => draft.mutate()} loading={draft.isPending}>
            {t('stockArea.reorder.draft')}
          </Button>
        </Group>
      )}
      {draft.isError && (
        <Alert color="red" role="alert">
          {errorMessage(draft.error)}
        </Alert>
      )}
      {result && (
        <Alert color={result.orders.length > 0 ? 'green' : 'gray'} role="status">
          <Stack gap={4}>
            <Text>
              {result.orders.length > 0
                ? t('stockArea.reorder.drafted', { count: result.orders.length })
                : t('stockArea.reorder.draftedNone')}
            </Text>
            {result.orders.map((o) => (
              <Text key={o.id} size="sm">
                {o.number} · {o.supplier_name}
              </Text>
            ))}
            {result.without_supplier.length > 0 && (
              <Text size="sm">{t('stockArea.reorder.withoutSupplier', { skus: result.without_supplier.join(', ') })}</Text>
            )}
          </Stack>
        </Alert>
      )}
      <Backorders />
    </Stack>
  );
}

/** "Por pedir": the parts service orders are waiting for, oldest first. */
function Backorders() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const list = useQuery({ queryKey: ['stock', 'backorders'], queryFn: ({ signal }) => fetchBackorders(signal) });
  const lang = i18n.language;
  const entries = list.data ?? [];
  return (
    <Stack gap="sm" mt="lg">
      <Title order={2} size="h3">
        {t('stockArea.backorders.title')}
      </Title>
      <Text c="dimmed">{t('stockArea.backorders.intro')}</Text>
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && entries.length === 0 && <Text>{t('stockArea.backorders.empty')}</Text>}
      {entries.length > 0 && (
        <Table.ScrollContainer minWidth={720}>
          <Table striped aria-label={t('stockArea.backorders.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stockArea.sku')}</Table.Th>
                <Table.Th>{t('stockArea.description')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.backorders.quantity')}</Table.Th>
                <Table.Th>{t('stockArea.backorders.order')}</Table.Th>
                <Table.Th>{t('stockArea.backorders.customer')}</Table.Th>
                <Table.Th>{t('stockArea.backorders.addedBy')}</Table.Th>
                <Table.Th>{t('stockArea.backorders.since')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {entries.map((b) => (
                <Table.Tr key={b.part_id} data-sku={b.sku} data-order={b.order_number}>
                  <Table.Td>
                    <Anchor component={Link} to={`/stock/items/${b.item_id}`}>
                      {b.sku}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{b.description}</Table.Td>
                  <Table.Td ta="right" fw={600}>
                    {qty(b.quantity, lang)}
                  </Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/orders/${b.order_id}`}>
                      {b.order_number}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{b.customer_name}</Table.Td>
                  <Table.Td>{b.added_by_name}</Table.Td>
                  <Table.Td>{formatDateTime(b.since, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
