/**
 * /purchasing/orders — purchase orders, newest first (office roles): filter
 * by state and supplier, search by number, and "New purchase order" (pick a
 * supplier; a draft opens in the editor). Follows `staff:purchasing`, so an
 * order a colleague sends or receives changes state here without a reload.
 */
import { Alert, Anchor, Button, Group, Modal, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  PURCHASE_ORDER_STATES,
  canManagePurchasing,
  createPurchaseOrder,
  purchasingKeys,
  usePurchaseOrders,
  useSuppliers,
} from '../../api/purchasing';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { useErrorMessage } from '../../i18n/errors';
import { formatDate } from '../../lib/format';
import { useStaffFeed } from '../../realtime/useStaffFeed';
import { StateBadge } from './StateBadge';

export function PurchaseOrdersPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('purchasingArea.orders.title'));
  const user = useCurrentUser();
  const allowed = canManagePurchasing(user.role);
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const [q, setQ] = useState('');
  const [state, setState] = useState<string | null>(null);
  const [supplierId, setSupplierId] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [newSupplier, setNewSupplier] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [debouncedQ] = useDebouncedValue(q, 300);
  const orders = usePurchaseOrders(
    { q: debouncedQ.trim(), state: state ?? undefined, supplier_id: supplierId ?? undefined },
    allowed,
  );
  const suppliers = useSuppliers({ active: 'true' }, allowed);
  useStaffFeed('staff:purchasing', user.role, [purchasingKeys.all]);
  const supplierOptions = (suppliers.data?.pages.flatMap((p) => p.items) ?? []).map((s) => ({ value: s.id, label: s.name }));

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  const list = orders.data?.pages.flatMap((p) => p.items);

  const create = async () => {
    if (!newSupplier) return;
    setBusy(true);
    setError(null);
    try {
      const po = await createPurchaseOrder({ supplier_id: newSupplier });
      navigate(`/purchasing/orders/${po.order.id}`);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('purchasingArea.orders.title')}
        </Title>
        <Button onClick={() => setCreating(true)}>{t('purchasingArea.orders.new')}</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
        <TextInput
          label={t('common.search')}
          description={t('purchasingArea.orders.searchHint')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Select
          label={t('purchasingArea.orders.state')}
          placeholder={t('purchasingArea.orders.anyState')}
          clearable
          value={state}
          onChange={setState}
          data={PURCHASE_ORDER_STATES.map((s) => ({ value: s, label: t(`purchasingArea.orders.states.${s}`) }))}
        />
        <Select
          label={t('purchasingArea.orders.supplier')}
          clearable
          searchable
          value={supplierId}
          onChange={setSupplierId}
          data={supplierOptions}
        />
      </SimpleGrid>
      <QueryStatus
        query={{ isPending: orders.isPending, isError: orders.isError, error: orders.error, data: list }}
        isEmpty={(l) => l.length === 0}
      >
        {(l) => (
          <Table.ScrollContainer minWidth={320}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('purchasingArea.orders.number')}</Table.Th>
                  <Table.Th>{t('purchasingArea.orders.supplier')}</Table.Th>
                  <Table.Th>{t('purchasingArea.orders.state')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('purchasingArea.orders.created')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('purchasingArea.orders.sentAt')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/purchasing/orders/${o.id}`}>
                        {o.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{o.supplier_name}</Table.Td>
                    <Table.Td>
                      <StateBadge state={o.state} />
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{formatDate(o.created_at, i18n.language)}</Table.Td>
                    <Table.Td visibleFrom="sm">{o.sent_at ? formatDate(o.sent_at, i18n.language) : '—'}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      {orders.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void orders.fetchNextPage()} loading={orders.isFetchingNextPage}>
            {t('purchasingArea.suppliers.loadMore')}
          </Button>
        </Group>
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('purchasingArea.orders.new')}>
        <Stack>
          <Select
            label={t('purchasingArea.orders.supplier')}
            searchable
            value={newSupplier}
            onChange={setNewSupplier}
            data={supplierOptions}
          />
          {error !== null && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setCreating(false)}>
              {t('purchasingArea.orders.cancel')}
            </Button>
            <Button onClick={() => void create()} loading={busy} disabled={!newSupplier}>
              {t('purchasingArea.orders.create')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
