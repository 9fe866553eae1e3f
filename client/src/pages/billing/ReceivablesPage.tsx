/**
 * /billing/receivables — what customers owe, by age: the aging totals of
 * every open invoice in scope (the office all, a seller their own
 * customers'), the same per customer with a link to their statement, and
 * the open invoices, oldest due first. Office users follow `staff:billing`,
 * so a payment applied elsewhere moves the totals without a reload.
 */
import { Anchor, Badge, Card, SimpleGrid, Stack, Table, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { AGING_BUCKETS, fetchReceivables } from '../../api/billing';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { formatDay } from '../../lib/day';
import { formatMoney } from '../../lib/format';
import { useStaffFeed } from '../../realtime/useStaffFeed';
import { Figure } from './StatementPage';

export function ReceivablesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('billing.receivables.title'));
  const user = useCurrentUser();
  const lang = i18n.language;
  const receivables = useQuery({ queryKey: ['receivables'], queryFn: ({ signal }) => fetchReceivables(signal) });
  useStaffFeed('staff:billing', user.role, [['receivables']]);
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('billing.receivables.title')}
      </Title>
      <QueryStatus query={receivables}>
        {(r) => {
          const money = (v: string) => formatMoney(v, r.currency, lang);
          return (
            <Stack>
              <Card withBorder>
                <SimpleGrid cols={{ base: 2, sm: 6 }}>
                  {AGING_BUCKETS.map((b) => (
                    <Figure key={b} label={t(`billing.aging.${b}`)} value={money(r.totals[b])} />
                  ))}
                  <Figure label={t('billing.aging.total')} value={money(r.totals.total)} testId="receivables-total" />
                </SimpleGrid>
              </Card>
              <Title order={2} size="h4">
                {t('billing.receivables.byCustomer')}
              </Title>
              <Table.ScrollContainer minWidth={700}>
                <Table striped>
                  <Table.Thead>
                    <Table.Tr>
                      <Table.Th>{t('billing.invoices.customer')}</Table.Th>
                      {AGING_BUCKETS.map((b) => (
                        <Table.Th key={b} ta="right">
                          {t(`billing.aging.${b}`)}
                        </Table.Th>
                      ))}
                      <Table.Th ta="right">{t('billing.aging.total')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {r.customers.map((c) => (
                      <Table.Tr key={c.customer_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/billing/statement/${c.customer_id}`}>
                            {c.customer_name}
                          </Anchor>
                        </Table.Td>
                        {AGING_BUCKETS.map((b) => (
                          <Table.Td key={b} ta="right">
                            {money(c.aging[b])}
                          </Table.Td>
                        ))}
                        <Table.Td ta="right">{money(c.aging.total)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
              <Title order={2} size="h4">
                {t('billing.receivables.invoices')}
              </Title>
              <Table.ScrollContainer minWidth={600}>
                <Table striped>
                  <Table.Tbody>
                    {r.invoices.map((i) => (
                      <Table.Tr key={i.invoice_id}>
                        <Table.Td>
                          <Anchor component={Link} to={`/billing/invoices/${i.invoice_id}`}>
                            {i.number}
                          </Anchor>
                        </Table.Td>
                        <Table.Td>{i.customer_name}</Table.Td>
                        <Table.Td>{formatDay(i.due_date, lang)}</Table.Td>
                        <Table.Td>
                          <Badge color={i.days_late > 0 ? 'red' : 'gray'}>{t(`billing.aging.${i.bucket}`)}</Badge>
                        </Table.Td>
                        <Table.Td ta="right">{money(i.open)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </Table.ScrollContainer>
            </Stack>
          );
        }}
      </QueryStatus>
    </Stack>
  );
}
