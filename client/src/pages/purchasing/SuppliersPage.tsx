/**
 * /purchasing/suppliers — the supplier directory (office roles): search by
 * name, tax id, e-mail or phone, active filter, "load more", and a "New
 * supplier" dialog. Follows `staff:purchasing`, so a supplier a colleague
 * adds shows up without a reload.
 */
import { Alert, Anchor, Badge, Button, Group, Modal, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { canManagePurchasing, createSupplier, purchasingKeys, useSuppliers } from '../../api/purchasing';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { SupplierForm } from '../../components/purchasing/SupplierForm';
import { useErrorMessage } from '../../i18n/errors';
import { useStaffFeed } from '../../realtime/useStaffFeed';

type ActiveFilter = 'true' | 'false' | 'all';

export function SuppliersPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('purchasingArea.suppliers.title'));
  const user = useCurrentUser();
  const allowed = canManagePurchasing(user.role);
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const phone = useMediaQuery('(max-width: 36em)');
  const [q, setQ] = useState('');
  const [active, setActive] = useState<ActiveFilter>('true');
  const [creating, setCreating] = useState(false);
  const [debouncedQ] = useDebouncedValue(q, 300);
  const list = useSuppliers({ q: debouncedQ.trim(), active: active === 'all' ? undefined : active }, allowed);
  useStaffFeed('staff:purchasing', user.role, [purchasingKeys.all]);

  if (!allowed) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('purchasingArea.suppliers.title')}
        </Title>
        <Alert color="red" role="alert">
          {t('errors.forbidden')}
        </Alert>
      </Stack>
    );
  }
  const suppliers = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('purchasingArea.suppliers.title')}
        </Title>
        <Button onClick={() => setCreating(true)}>{t('purchasingArea.suppliers.new')}</Button>
      </Group>
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <TextInput
          label={t('common.search')}
          description={t('purchasingArea.suppliers.searchHint')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <Select
          label={t('purchasingArea.suppliers.status')}
          value={active}
          onChange={(v) => setActive((v as ActiveFilter | null) ?? 'all')}
          allowDeselect={false}
          data={[
            { value: 'true', label: t('purchasingArea.suppliers.activeOnly') },
            { value: 'false', label: t('purchasingArea.suppliers.inactiveOnly') },
            { value: 'all', label: t('purchasingArea.suppliers.all') },
          ]}
        />
      </SimpleGrid>
      <QueryStatus
        query={{ isPending: list.isPending, isError: list.isError, error: list.error, data: list.data ? suppliers : undefined }}
        isEmpty={(l) => l.length === 0}
      >
        {(l) => (
          <Table.ScrollContainer minWidth={320}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('purchasingArea.fields.name')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('purchasingArea.fields.taxId')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('purchasingArea.fields.phone')}</Table.Th>
                  <Table.Th visibleFrom="sm">{t('purchasingArea.fields.paymentTerms')}</Table.Th>
                  <Table.Th>{t('purchasingArea.suppliers.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {l.map((s) => (
                  <Table.Tr key={s.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/purchasing/suppliers/${s.id}`}>
                        {s.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td visibleFrom="sm">{s.tax_id}</Table.Td>
                    <Table.Td visibleFrom="sm">{s.phone || '—'}</Table.Td>
                    <Table.Td visibleFrom="sm">{s.payment_terms || '—'}</Table.Td>
                    <Table.Td>
                      <Badge color={s.active ? 'green' : 'gray'} variant="light">
                        {s.active ? t('purchasingArea.suppliers.active') : t('purchasingArea.suppliers.inactive')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      {list.hasNextPage && (
        <Group justify="center">
          <Button variant="default" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            {t('purchasingArea.suppliers.loadMore')}
          </Button>
        </Group>
      )}
      {list.isFetchNextPageError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('purchasingArea.suppliers.new')}
        size="lg"
        fullScreen={phone}
      >
        <SupplierForm
          onSubmit={createSupplier}
          onSaved={(s) => {
            setCreating(false);
            notifications.show({ color: 'green', message: t('purchasingArea.suppliers.created', { name: s.name }) });
            navigate(`/purchasing/suppliers/${s.id}`);
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </Stack>
  );
}
