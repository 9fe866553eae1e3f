/**
 * /customers — the customer directory for staff (master, admin, operator,
 * seller). Search (name, tax id, e-mail, phone) and the advanced filters
 * the API supports together (category, owner seller, city, active, open
 * orders, balance above), kept in the page URL so a search can be shared
 * or reloaded; keyset "load more" pagination, an export of exactly what is
 * filtered, a link to each customer's page and a "New customer" dialog. A seller only ever sees
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
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  CUSTOMER_FILTER_KEYS,
  type CustomerFilters,
  customerFilterParams,
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
import { ExportMenu } from './crm/CrmNav';

type ActiveFilter = 'true' | 'false' | 'all';
type FilterKey = (typeof CUSTOMER_FILTER_KEYS)[number];
/** The filters typed letter by letter: written to the URL after a pause. */
const TYPED = ['q', 'category', 'city', 'balance_above'] as const;
type TypedKey = (typeof TYPED)[number];

export function CustomersPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('customersArea.title'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const customerSaved = useCustomerSaved();
  const allowed = DIRECTORY_ROLES.includes(user.role);
  const readsUsers = canReadUsers(user.role);

  const [params, setParams] = useSearchParams();
  const set = (changes: Partial<Record<FilterKey, string | null>>) => {
    const next = new URLSearchParams(params);
    for (const [key, value] of Object.entries(changes)) {
      if (value) next.set(key, value);
      else next.delete(key);
    }
    setParams(next, { replace: true });
  };
  // Active customers by default; `active=all` in the URL shows every one.
  const activeParam = params.get('active');
  const active: ActiveFilter = activeParam === 'false' || activeParam === 'all' ? activeParam : 'true';
  const orders = params.get('has_open_orders');
  const ownerId = params.get('owner_id');
  const [typed, setTyped] = useState<Record<TypedKey, string>>(() => ({
    q: params.get('q') ?? '',
    category: params.get('category') ?? '',
    city: params.get('city') ?? '',
    balance_above: params.get('balance_above') ?? '',
  }));
  const [debounced] = useDebouncedValue(typed, 300);
  useEffect(() => {
    const changed = TYPED.filter((k) => (params.get(k) ?? '') !== debounced[k].trim());
    if (changed.length > 0) set(Object.fromEntries(changed.map((k) => [k, debounced[k].trim()])));
    // Only a pause in typing writes the URL; `params` changes follow from it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debounced]);
  const [creating, setCreating] = useState(false);
  /** Dialogs take the whole screen on phones. */
  const phone = useMediaQuery('(max-width: 36em)');

  const balance = params.get('balance_above') ?? '';
  const filters: CustomerFilters = {
    q: params.get('q') ?? undefined,
    category: params.get('category') ?? undefined,
    owner_id: ownerId ?? undefined,
    active: active === 'all' ? undefined : active,
    city: params.get('city') ?? undefined,
    has_open_orders: orders === 'true' || orders === 'false' ? orders : undefined,
    // A half-typed amount is not sent: the server would refuse it.
    balance_above: /^[0-9]{1,12}(\.[0-9]{1,2})?$/.test(balance) ? balance : undefined,
  };
  const exportQuery = customerFilterParams(filters).toString();
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

      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        <TextInput
          label={t('common.search')}
          description={t('customersArea.searchHint')}
          type="search"
          value={typed.q}
          onChange={(e) => setTyped({ ...typed, q: e.currentTarget.value })}
        />
        <TextInput
          label={t('customersArea.fields.category')}
          description={t('customersArea.categoryHint')}
          maxLength={60}
          value={typed.category}
          onChange={(e) => setTyped({ ...typed, category: e.currentTarget.value })}
        />
        <TextInput
          label={t('customersArea.fields.city')}
          description={t('customersArea.cityHint')}
          maxLength={120}
          value={typed.city}
          onChange={(e) => setTyped({ ...typed, city: e.currentTarget.value })}
        />
        <TextInput
          label={t('customersArea.balanceAbove')}
          description={t('customersArea.balanceAboveHint', { currency })}
          inputMode="decimal"
          placeholder="0.00"
          value={typed.balance_above}
          onChange={(e) => setTyped({ ...typed, balance_above: e.currentTarget.value })}
          error={balance && !filters.balance_above ? t('customersArea.validation.money') : undefined}
        />
        {readsUsers && (
          <Select
            label={t('customersArea.fields.owner')}
            placeholder={t('customersArea.anyOwner')}
            clearable
            searchable
            value={ownerId}
            onChange={(v) => set({ owner_id: v })}
            data={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
          />
        )}
        <Select
          label={t('customersArea.status')}
          value={active}
          onChange={(v) => set({ active: v === 'true' || !v ? null : v })}
          allowDeselect={false}
          data={[
            { value: 'true', label: t('customersArea.activeOnly') },
            { value: 'false', label: t('customersArea.inactiveOnly') },
            { value: 'all', label: t('customersArea.all') },
          ]}
        />
        <Select
          label={t('customersArea.openOrders')}
          value={filters.has_open_orders ?? 'any'}
          onChange={(v) => set({ has_open_orders: v === 'any' ? null : v })}
          allowDeselect={false}
          data={[
            { value: 'any', label: t('customersArea.anyOrders') },
            { value: 'true', label: t('customersArea.withOpenOrders') },
            { value: 'false', label: t('customersArea.withoutOpenOrders') },
          ]}
        />
        <Group align="end" gap="xs">
          {params.size > 0 && (
            <Button
              variant="subtle"
              onClick={() => {
                setTyped({ q: '', category: '', city: '', balance_above: '' });
                setParams(new URLSearchParams(), { replace: true });
              }}
            >
              {t('customersArea.clearFilters')}
            </Button>
          )}
          <ExportMenu
            label={t('customersArea.export')}
            items={[
              [`/api/v1/customers/export?format=csv&${exportQuery}`, 'clientes.csv', t('customersArea.exportCsv')],
              [`/api/v1/customers/export?format=xlsx&${exportQuery}`, 'clientes.xlsx', t('customersArea.exportXlsx')],
            ]}
          />
        </Group>
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
                  <Table.Th>{t('customersArea.fields.city')}</Table.Th>
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
                    <Table.Td>{c.city || '—'}</Table.Td>
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
