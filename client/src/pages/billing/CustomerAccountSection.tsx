/**
 * The account status on a customer's profile ("estado de cuenta" in the
 * seed's customer directory): what the customer owes today and how old it
 * is, the credit they have from unapplied payments, their credit limit, and
 * their latest invoices (the purchase history once billing exists), with
 * links to the full statement and to the invoice search for this customer.
 *
 * Office roles and the owning seller see it (the API confines a seller to
 * their own customers). It follows `account:<customer>`, so an invoice
 * issued or a payment registered elsewhere changes these figures on screen
 * without a reload.
 *
 * The balance is the closing balance of the statement of the current month
 * (its opening balance carries everything before), so a customer with
 * years of movements does not load them all here.
 */
import { Anchor, Badge, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AGING_BUCKETS, fetchCustomerCredit, fetchInvoices, fetchStatement } from '../../api/billing';
import { CRM_ROLES } from '../../api/crm';
import { useCurrentUser } from '../../components/RequireAuth';
import { formatDay } from '../../lib/day';
import { companyTimeZone, formatMoney, zonedDayKey } from '../../lib/format';
import { stateColor } from './InvoicesPage';
import { useAccountFeed } from './live';
import { Figure } from './StatementPage';

/** How many of the latest invoices the profile lists. */
const LATEST = 5;

/** The first day of the current month in the company's time zone. */
function monthStart(now: Date = new Date()): string {
  return `${zonedDayKey(now, companyTimeZone()).slice(0, 7)}-01`;
}

export function CustomerAccountSection({ customerId, creditLimit }: { customerId: string; creditLimit?: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const allowed = CRM_ROLES.includes(user.role);
  const from = monthStart();
  const statement = useQuery({
    queryKey: ['statement', customerId, { from }],
    queryFn: ({ signal }) => fetchStatement(customerId, { from }, signal),
    enabled: allowed,
  });
  const credit = useQuery({
    queryKey: ['customer-credit', customerId],
    queryFn: ({ signal }) => fetchCustomerCredit(customerId, signal),
    enabled: allowed,
  });
  const invoices = useQuery({
    queryKey: ['invoices', { customer_id: customerId, latest: true }],
    queryFn: ({ signal }) => fetchInvoices({ customer_id: customerId }, null, signal),
    enabled: allowed,
  });
  useAccountFeed(allowed ? customerId : null, [['statement', customerId], ['customer-credit', customerId], ['invoices']]);
  if (!allowed) return null;
  const s = statement.data;
  const currency = s?.currency ?? 'USD';
  const money = (v: string) => formatMoney(v, currency, i18n.language);
  const latest = (invoices.data?.items ?? []).slice(0, LATEST);
  return (
    <Stack gap="sm" data-testid="customer-account">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('billing.account.title')}
        </Title>
        <Group gap="md">
          <Anchor component={Link} to={`/billing/statement/${customerId}`}>
            {t('billing.statement.open')}
          </Anchor>
          <Anchor component={Link} to={`/billing/invoices?customer_id=${customerId}`}>
            {t('billing.account.allInvoices')}
          </Anchor>
        </Group>
      </Group>
      {statement.isError ? (
        <Text c="red">{t('billing.common.failed')}</Text>
      ) : s ? (
        <>
          <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
            <Figure label={t('billing.account.balance')} value={money(s.closing_balance)} testId="account-balance" />
            <Figure label={t('billing.aging.total')} value={money(s.aging.total)} />
            <Figure label={t('billing.account.credit')} value={credit.data ? money(credit.data.total) : '…'} />
            {creditLimit !== undefined && <Figure label={t('billing.account.creditLimit')} value={money(creditLimit)} />}
          </SimpleGrid>
          <Group gap="xs" wrap="wrap">
            {AGING_BUCKETS.map((b) => (
              <Badge key={b} variant="light" color={b === 'current' ? 'gray' : 'orange'}>
                {t(`billing.aging.${b}`)}: {money(s.aging[b])}
              </Badge>
            ))}
          </Group>
        </>
      ) : (
        <Text c="dimmed">…</Text>
      )}
      <Text fw={700} size="sm">
        {t('billing.account.latest')}
      </Text>
      {latest.length === 0 ? (
        <Text c="dimmed" size="sm">
          {t('billing.invoices.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Tbody>
              {latest.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/billing/invoices/${i.id}`}>
                      {i.number ?? t('billing.invoices.draft')}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Badge size="sm" color={stateColor(i.state)}>
                      {t(`billing.states.${i.state}`)}
                    </Badge>
                  </Table.Td>
                  <Table.Td>{i.issue_date ? formatDay(i.issue_date, i18n.language) : '—'}</Table.Td>
                  <Table.Td ta="right">{formatMoney(i.total, i.currency, i18n.language)}</Table.Td>
                  <Table.Td ta="right">
                    {t('billing.invoices.open')}: {formatMoney(i.open, i.currency, i18n.language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
