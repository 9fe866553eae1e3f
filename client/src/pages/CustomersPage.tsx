/**
 * /customers — the customer directory for staff (master, admin, operator,
 * seller). Search (name, tax id, e-mail, phone), filters the API supports
 * (category, owner seller, active), keyset "load more" pagination, a link to
 * each customer's page and a "New customer" dialog. A seller only ever sees
 * and creates their own customers: the server scopes the list and makes the
 * seller the owner, so no owner picker or owner column is shown to them.
 */
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Group,
  Modal,
  Select,
  SimpleGrid,
  Stack,
  Table,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedValue, useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  type CustomerFilters,
  DIRECTORY_ROLES,
  TAX_ID_COUNTRIES,
  type TaxIdCountry,
  canReadUsers,
  createCustomer,
  useCustomerDirectory,
  useCustomerSaved,
  useSellers,
} from '../api/customers';
import { useCompanySettings } from '../api/settings';
import { useCurrentUser } from '../components/RequireAuth';
import { CustomerForm } from '../components/customers/CustomerForm';
import { QueryStatus } from '../components/QueryStatus';
import { useErrorMessage } from '../i18n/errors';
import { formatMoney } from '../lib/format';

type ActiveFilter = 'true' | 'false' | 'all';

export function CustomersPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('customersArea.title'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const customerSaved = useCustomerSaved();
  const allowed = DIRECTORY_ROLES.includes(user.role);
  const readsUsers = canReadUsers(user.role);

  const [q, setQ] = useState('');
  const [category, setCategory] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [active, setActive] = useState<ActiveFilter>('true');
  const [creating, setCreating] = useState(false);
  /** Dialogs take the whole screen on phones. */
  const phone = useMediaQuery('(max-width: 36em)');
  const [debouncedQ] = useDebouncedValue(q, 300);
  const [debouncedCategory] = useDebouncedValue(category, 300);

  const filters: CustomerFilters = {
    q: debouncedQ,
    category: debouncedCategory,
    owner_id: ownerId ?? undefined,
    active: active === 'all' ? undefined : active,
  };
  const directory = useCustomerDirectory(filters, allowed);
  const sellers = useSellers(allowed && readsUsers);
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const companyCountry = settings.data?.tax_id_country;
  const defaultCountry = (TAX_ID_COUNTRIES as readonly string[]).includes(companyCountry ?? '')
    ? (companyCountry as TaxIdCountry)
    : 'VE';
  const sellerName = (id: string | null) =>
    id ? (sellers.data?.find((s) => s.id === id)?.name ?? '—') : t('customersArea.noOwner');

  if (!allowed) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('customersArea.title')}
        </Title>
        <Alert color="red" role="alert">
          {t('errors.forbidden')}
        </Alert>
      </Stack>
    );
  }

  const customers = directory.data?.pages.flatMap((p) => p.items) ?? [];
  const lang = i18n.language;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('customersArea.title')}
        </Title>
        <Button onClick={() => setCreating(true)}>{t('customersArea.new')}</Button>
      </Group>

      <SimpleGrid cols={{ base: 1, xs: 2, md: readsUsers ? 4 : 3 }} spacing="sm">
        <TextInput
          label={t('common.search')}
          description={t('customersArea.searchHint')}
          type="search"
          value={q}
          onChange={(e) => setQ(e.currentTarget.value)}
        />
        <TextInput
          label={t('customersArea.fields.category')}
          description={t('customersArea.categoryHint')}
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
        />
        {readsUsers && (
          <Select
            label={t('customersArea.fields.owner')}
            placeholder={t('customersArea.anyOwner')}
            clearable
            searchable
            value={ownerId}
            onChange={setOwnerId}
            data={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
        <Select
          label={t('customersArea.status')}
          value={active}
          onChange={(v) => setActive((v as ActiveFilter | null) ?? 'all')}
          allowDeselect={false}
          data={[
            { value: 'true', label: t('customersArea.activeOnly') },
            { value: 'false', label: t('customersArea.inactiveOnly') },
            { value: 'all', label: t('customersArea.all') },
          ]}
        />
      </SimpleGrid>

      <QueryStatus
        query={{
          isPending: directory.isPending,
          // A failed "load more" is said below the list, next to its button.
          isError: directory.isError && !directory.isFetchNextPageError,
          error: directory.error,
          data: directory.data ? customers : undefined,
        }}
        isEmpty={(list) => list.length === 0}
      >
        {(list) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customersArea.fields.number')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.name')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.taxIdShort')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.phone')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.category')}</Table.Th>
                  {readsUsers && <Table.Th>{t('customersArea.fields.owner')}</Table.Th>}
                  <Table.Th>{t('customersArea.fields.creditLimit')}</Table.Th>
                  <Table.Th>{t('customersArea.status')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${c.id}`}>
                        {c.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/customers/${c.id}`}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{c.tax_id}</Table.Td>
                    <Table.Td>{c.phone || '—'}</Table.Td>
                    <Table.Td>{c.category || '—'}</Table.Td>
                    {readsUsers && <Table.Td>{sellerName(c.owner_id)}</Table.Td>}
                    <Table.Td>{formatMoney(c.credit_limit, currency, lang)}</Table.Td>
                    <Table.Td>
                      <Badge color={c.active ? 'green' : 'gray'} variant="light">
                        {c.active ? t('customersArea.active') : t('customersArea.inactive')}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      {directory.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void directory.fetchNextPage()}
            loading={directory.isFetchingNextPage}
          >
            {t('customersArea.loadMore')}
          </Button>
        </Group>
      )}
      {directory.isFetchNextPageError && (
        <Alert color="red" role="alert">
          {errorMessage(directory.error)}
        </Alert>
      )}

      <Modal
        opened={creating}
        onClose={() => setCreating(false)}
        title={t('customersArea.new')}
        size="lg"
        closeButtonProps={{ 'aria-label': t('customersArea.close') }}
        fullScreen={phone}
      >
        <CustomerForm
          currency={currency}
          defaultCountry={defaultCountry}
          sellers={readsUsers ? (sellers.data ?? []) : undefined}
          submitLabel={t('customersArea.create')}
          onSubmit={createCustomer}
          onSaved={(customer) => {
            customerSaved(customer);
            setCreating(false);
            notifications.show({ color: 'green', message: t('customersArea.created', { name: customer.name }) });
            navigate(`/customers/${customer.id}`);
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </Stack>
  );
}
