/**
 * /stock — the parts catalog with live availability (staff). Search by SKU,
 * description, brand or part number; each row opens the item's page with
 * its ledger. Office roles add items here. Figures reload on `staff:stock`.
 */
import { Alert, Anchor, Badge, Button, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { fetchItems, managesStock } from '../../api/stock';
import { useCurrentUser } from '../../components/RequireAuth';
import { useErrorMessage } from '../../i18n/errors';
import { ItemForm } from './ItemForm';
import { UnitName, qty } from './StockFigures';
import { useStockFeed } from './useStockFeed';

export function StockCatalogPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('stockArea.title'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [q, setQ] = useState('');
  const [debounced] = useDebouncedValue(q, 250);
  const [creating, setCreating] = useState(false);
  const items = useQuery({
    queryKey: ['stock', 'items', debounced],
    queryFn: ({ signal }) => fetchItems({ q: debounced.trim() || undefined }, signal),
    placeholderData: keepPreviousData,
  });
  useStockFeed(user.role, [['stock']]);
  const office = managesStock(user.role);
  const lang = i18n.language;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('stockArea.title')}
        </Title>
        <Group>
          {office && (
            <Anchor component={Link} to="/stock/reorder">
              {t('stockArea.reorder.title')}
            </Anchor>
          )}
          {office && !creating && <Button onClick={() => setCreating(true)}>{t('stockArea.newItem')}</Button>}
        </Group>
      </Group>
      {creating && (
        <ItemForm
          onCancel={() => setCreating(false)}
          onSaved={(item) => {
            setCreating(false);
            void queryClient.invalidateQueries({ queryKey: ['stock'] });
            navigate(`/stock/items/${item.id}`);
          }}
        />
      )}
      <TextInput label={t('stockArea.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
      {items.isError && (
        <Alert color="red" role="alert">
          {errorMessage(items.error)}
        </Alert>
      )}
      {items.data && items.data.items.length === 0 && <Text c="dimmed">{t('stockArea.empty')}</Text>}
      {items.data && items.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover aria-label={t('stockArea.title')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('stockArea.sku')}</Table.Th>
                <Table.Th>{t('stockArea.description')}</Table.Th>
                <Table.Th>{t('stockArea.unit')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.onHand')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.reserved')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.available')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.projected')}</Table.Th>
                <Table.Th ta="right">{t('stockArea.minimum')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.data.items.map((item) => (
                <Table.Tr key={item.id} data-sku={item.sku}>
                  <Table.Td>
                    <Anchor component={Link} to={`/stock/items/${item.id}`}>
                      {item.sku}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    {item.description}{' '}
                    {!item.active && <Badge color="gray">{t('stockArea.inactive')}</Badge>}
                    {item.stock.below_minimum && <Badge color="orange">{t('stockArea.belowMinimum')}</Badge>}
                  </Table.Td>
                  <Table.Td>
                    <UnitName unit={item.unit} />
                  </Table.Td>
                  <Table.Td ta="right">{qty(item.stock.on_hand, lang)}</Table.Td>
                  <Table.Td ta="right">{qty(item.stock.reserved, lang)}</Table.Td>
                  <Table.Td ta="right" data-testid="available">
                    {qty(item.stock.available, lang)}
                  </Table.Td>
                  <Table.Td ta="right">{qty(item.stock.projected, lang)}</Table.Td>
                  <Table.Td ta="right">{qty(item.minimum, lang)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
