/**
 * /customers/:id — one customer for staff: its data (editable), the office
 * controls of master and admin (activate/deactivate, move to another owner
 * seller: AdministerCustomers), its contacts (with portal invitations), its
 * equipment with engine-hour readings, its indicators (at-risk score, reasons
 * and signals, live), its onboarding checklist (live), its interactions (timeline and quick record, live) and
 * its latest service orders.
 * Sellers reach only their own customers (the server answers 404 otherwise).
 */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { ConfirmDialog } from '../components/admin/ConfirmDialog';
import {
  type Customer,
  DIRECTORY_ROLES,
  canAdministerCustomers,
  canInviteContacts,
  canReadUsers,
  customerInputOf,
  problemField,
  updateCustomer,
  useCustomer,
  useCustomerOrders,
  useCustomerSaved,
  useSellers,
  useSetCustomerActive,
} from '../api/customers';
import type { User } from '../api/auth';
import { equipmentText } from '../api/orders';
import { useCompanySettings } from '../api/settings';
import { useCurrentUser } from '../components/RequireAuth';
import { ContactsSection } from '../components/customers/ContactsSection';
import { CustomerSummary } from '../components/customers/CustomerSummary';
import { CustomerMetricsCard } from '../components/customerMetrics/CustomerMetricsCard';
import { EquipmentSection } from '../components/customers/EquipmentSection';
import { InteractionsSection } from '../components/interactions/InteractionsSection';
import { seesInteractions } from '../api/interactions';
import { OnboardingSection } from '../components/onboarding/OnboardingSection';
import { seesOnboarding } from '../api/onboarding';
import { QueryStatus } from '../components/QueryStatus';
import { useErrorMessage } from '../i18n/errors';
import { formatDate } from '../lib/format';
import { CustomerCrmSections } from './crm/CustomerCrmSections';
import { CRM_ROLES } from '../api/crm';
import { CustomerAccountSection } from './billing/CustomerAccountSection';

export function CustomerDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const allowed = DIRECTORY_ROLES.includes(user.role);
  const customer = useCustomer(id, allowed);
  useDocumentTitle(customer.data?.name ?? t('customersArea.title'));
  const readsUsers = canReadUsers(user.role);
  const sellers = useSellers(allowed && readsUsers);
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';

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
  if (customer.isPending) return <Loader aria-label={t('common.loading')} />;
  if (customer.isError) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('customersArea.title')}
        </Title>
        <Alert color="red" role="alert">
          {errorMessage(customer.error)}
        </Alert>
        <Anchor component={Link} to="/customers">
          {t('customersArea.backToList')}
        </Anchor>
      </Stack>
    );
  }
  const c = customer.data;
  const ownerName =
    user.role === 'seller'
      ? c.owner_id === user.id
        ? user.name
        : undefined
      : readsUsers
        ? c.owner_id
          ? (sellers.data?.find((s) => s.id === c.owner_id)?.name ?? '—')
          : t('customersArea.noOwner')
        : undefined;

  return (
    <Stack maw={1000}>
      <Anchor component={Link} to="/customers" size="sm">
        {t('customersArea.backToList')}
      </Anchor>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} size="h2" style={{ overflowWrap: 'anywhere' }}>
            {c.name}
          </Title>
          <Group gap="xs">
            <Badge variant="outline">{c.number}</Badge>
            <Badge color={c.active ? 'green' : 'gray'} variant="light">
              {c.active ? t('customersArea.active') : t('customersArea.inactive')}
            </Badge>
            {c.category && <Badge variant="light">{c.category}</Badge>}
          </Group>
        </Stack>
      </Group>

      <CustomerSummary customer={c} currency={currency} ownerName={ownerName} />

      <CustomerMetricsCard customerId={c.id} />

      {canAdministerCustomers(user.role) && <AdminCard customer={c} sellers={sellers.data} />}

      {seesOnboarding(user.role) && (
        <Card withBorder>
          <OnboardingSection customerId={c.id} />
        </Card>
      )}

      <Card withBorder>
        <ContactsSection customerId={c.id} canInvite={canInviteContacts(user.role)} />
      </Card>
      <Card withBorder>
        <EquipmentSection customerId={c.id} />
      </Card>
      {seesInteractions(user.role) && (
        <Card withBorder>
          <InteractionsSection customerId={c.id} />
        </Card>
      )}
      <Card withBorder>
        <CustomerOrders customerId={c.id} />
      </Card>
      {CRM_ROLES.includes(user.role) && (
        <Card withBorder>
          <CustomerAccountSection customerId={c.id} creditLimit={c.credit_limit} />
        </Card>
      )}
      <CustomerCrmSections customerId={c.id} />
    </Stack>
  );
}

/** Master/admin: activate or deactivate the customer, and move it to another owner seller. */
function AdminCard({ customer, sellers }: { customer: Customer; sellers: User[] | undefined }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const saved = useCustomerSaved();
  const setActive = useSetCustomerActive(customer.id);
  // The seed's "eliminar clientes" is a deactivation: the history stays. The
  // button says both words and a dialog explains it before anything changes.
  const [confirming, setConfirming] = useState(false);
  const toggle = (active: boolean) =>
    setActive.mutate(active, {
      onSuccess: (c) => {
        setConfirming(false);
        notifications.show({
          color: 'green',
          message: c.active ? t('customersArea.activated') : t('customersArea.deactivated'),
        });
      },
    });
  const [ownerId, setOwnerId] = useState<string | null>(customer.owner_id);
  const [ownerError, setOwnerError] = useState<string | null>(null);
  const changeOwner = useMutation({
    mutationFn: (owner: string | null) => updateCustomer(customer.id, { ...customerInputOf(customer), owner_id: owner }),
    onSuccess: (c) => {
      saved(c);
      notifications.show({ color: 'green', message: t('customersArea.ownerChanged') });
    },
    onError: (error) =>
      setOwnerError(
        problemField(error) === 'owner_id' && error instanceof ApiError && error.code === 'validation_failed'
          ? t('customersArea.validation.ownerMustBeSeller')
          : errorMessage(error),
      ),
  });
  const options = (sellers ?? [])
    .filter((s) => s.active || s.id === customer.owner_id)
    .map((s) => ({ value: s.id, label: s.active ? s.name : `${s.name} (${t('customersArea.inactive')})` }));

  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('customersArea.administration')}
        </Title>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setOwnerError(null);
            changeOwner.mutate(ownerId);
          }}
        >
          <Group align="flex-start" gap="sm">
            <Select
              label={t('customersArea.fields.owner')}
              placeholder={t('customersArea.noOwner')}
              clearable
              searchable
              value={ownerId}
              onChange={(v) => {
                setOwnerId(v);
                setOwnerError(null);
              }}
              data={options}
              error={ownerError}
              style={{ flex: 1, minWidth: 200 }}
            />
            <Button
              type="submit"
              variant="light"
              mt={{ base: 0, xs: 'xl' }}
              loading={changeOwner.isPending}
              disabled={ownerId === customer.owner_id}
            >
              {t('customersArea.changeOwner')}
            </Button>
          </Group>
        </form>
        <Group gap="sm">
          <Text size="sm">{customer.active ? t('customersArea.activeHint') : t('customersArea.inactiveHint')}</Text>
          <Button
            color={customer.active ? 'red' : 'green'}
            variant="light"
            loading={setActive.isPending}
            onClick={() => (customer.active ? setConfirming(true) : toggle(true))}
          >
            {customer.active ? t('customersArea.deactivate') : t('customersArea.activate')}
          </Button>
        </Group>
        {customer.active && (
          <Text size="xs" c="dimmed">
            {t('customersArea.deactivateExplained')}
          </Text>
        )}
        <ConfirmDialog
          opened={confirming}
          title={t('customersArea.deactivateTitle', { name: customer.name })}
          confirmLabel={t('customersArea.deactivate')}
          loading={setActive.isPending}
          error={setActive.isError ? errorMessage(setActive.error) : null}
          onConfirm={() => toggle(false)}
          onClose={() => {
            setConfirming(false);
            setActive.reset();
          }}
        >
          {t('customersArea.deactivateBody')}
        </ConfirmDialog>
        {setActive.isError && !confirming && (
          <Alert color="red" role="alert">
            {errorMessage(setActive.error)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}

/** The customer's latest service orders, each linking to its page. */
function CustomerOrders({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const orders = useCustomerOrders(customerId);
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        {t('customersArea.orders.title')}
      </Title>
      <QueryStatus query={orders} loaderSize="sm" isEmpty={(page) => page.items.length === 0}>
        {(page) => (
          <Table.ScrollContainer minWidth={480}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('orders.number')}</Table.Th>
                  <Table.Th>{t('orders.receivedAt')}</Table.Th>
                  <Table.Th>{t('orders.equipment')}</Table.Th>
                  <Table.Th>{t('orders.reason')}</Table.Th>
                  <Table.Th>{t('orders.stateLabel')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/orders/${o.id}`}>
                        {o.number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{formatDate(o.received_at, i18n.language)}</Table.Td>
                    <Table.Td>
                      {equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial }) || '—'}
                    </Table.Td>
                    <Table.Td>{o.reason}</Table.Td>
                    <Table.Td>
                      <Badge color={o.state === 'closed' ? 'gray' : 'green'} variant="light">
                        {t(`customersArea.orders.state.${o.state}`)}
                      </Badge>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      {orders.data?.next_cursor && <Text size="sm" c="dimmed">{t('customersArea.orders.more')}</Text>}
    </Stack>
  );
}
