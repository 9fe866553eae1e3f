/**
 * The account statement (estado de cuenta), "de la misma manera que un
 * resumen bancario": opening balance, every charge and credit in date order
 * with the balance after each line, closing balance, and the aging of what
 * is open. Office and sellers open it from a customer
 * (/billing/statement/:customerId); a customer contact sees their own
 * company's at /billing/statement, on a phone as one card per line.
 *
 * It follows `account:<customer>`: when the office registers or applies a
 * payment, the new running balance shows without a reload. Print, PDF, CSV
 * and XLSX give the same figures.
 */
import { Alert, Anchor, Button, Card, Group, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams, useSearchParams } from 'react-router-dom';
import { AGING_BUCKETS, type AccountStatement, type Period, fetchStatement, sendStatement, statementExportUrl, statementPdfUrl } from '../../api/billing';
import { isOffice } from '../../api/crm';
import { useErrorMessage } from '../../i18n/errors';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { useIsPhone } from '../../components/operations/useIsPhone';
import { formatDay } from '../../lib/day';
import { formatMoney } from '../../lib/format';
import { useAccountFeed } from './live';

export function StatementPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('billing.statement.title'));
  const user = useCurrentUser();
  const params = useParams();
  const customerId = params.customerId ?? user.customer_id ?? '';
  const [search, setSearch] = useSearchParams();
  const period: Period = { from: search.get('from') || undefined, to: search.get('to') || undefined };
  const statement = useQuery({
    queryKey: ['statement', customerId, period],
    queryFn: ({ signal }) => fetchStatement(customerId, period, signal),
    enabled: customerId !== '',
    placeholderData: keepPreviousData,
  });
  useAccountFeed(customerId || null, [['statement', customerId]]);
  // The office e-mails the statement (PDF attached) to the customer.
  const errorMessage = useErrorMessage();
  const send = useMutation({ mutationFn: () => sendStatement(customerId, period) });
  const office = isOffice(user.role) && params.customerId !== undefined;
  const setPeriod = (key: 'from' | 'to', value: string) => {
    const next = new URLSearchParams(search);
    if (value) next.set(key, value);
    else next.delete(key);
    setSearch(next, { replace: true });
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('billing.statement.title')}
      </Title>
      <Group gap="sm" align="flex-end" wrap="wrap" className="no-print">
        <TextInput type="date" label={t('billing.common.from')} value={period.from ?? ''} onChange={(e) => setPeriod('from', e.currentTarget.value)} />
        <TextInput type="date" label={t('billing.common.to')} value={period.to ?? ''} onChange={(e) => setPeriod('to', e.currentTarget.value)} />
        <Button variant="default" onClick={() => window.print()}>
          {t('billing.common.print')}
        </Button>
        <Anchor href={statementPdfUrl(customerId, period)} target="_blank">
          {t('billing.common.pdf')}
        </Anchor>
        <Anchor href={statementExportUrl(customerId, period, 'csv')} download>
          {t('billing.common.csv')}
        </Anchor>
        <Anchor href={statementExportUrl(customerId, period, 'xlsx')} download>
          {t('billing.common.xlsx')}
        </Anchor>
        {office && (
          <Button variant="light" loading={send.isPending} onClick={() => send.mutate()}>
            {t('billing.statement.send')}
          </Button>
        )}
      </Group>
      {send.isSuccess && (
        <Alert color="green" className="no-print" data-testid="statement-sent" withCloseButton onClose={() => send.reset()}>
          {t('billing.statement.sent', { recipients: send.data.recipients.join(', ') })}
        </Alert>
      )}
      {send.isError && (
        <Alert color="red" className="no-print">
          {errorMessage(send.error)}
        </Alert>
      )}
      <QueryStatus query={statement}>{(s) => <Statement statement={s} />}</QueryStatus>
    </Stack>
  );
}

function Statement({ statement: s }: { statement: AccountStatement }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const phone = useIsPhone();
  const money = (v: string) => formatMoney(v, s.currency, lang);
  return (
    <Stack>
      <Card withBorder>
        <Text fw={700}>{s.customer_name}</Text>
        <Text size="sm">{s.customer_tax_id}</Text>
        <Text size="sm">
          {s.from ? formatDay(s.from, lang) : t('billing.statement.sinceStart')} — {formatDay(s.to, lang)}
        </Text>
        <SimpleGrid cols={{ base: 2, sm: 4 }} mt="xs">
          <Figure label={t('billing.statement.opening')} value={money(s.opening_balance)} />
          <Figure label={t('billing.statement.charges')} value={money(s.charges)} />
          <Figure label={t('billing.statement.credits')} value={money(s.credits)} />
          <Figure label={t('billing.statement.closing')} value={money(s.closing_balance)} testId="closing-balance" />
        </SimpleGrid>
      </Card>
      {s.lines.length === 0 ? (
        <Text c="dimmed">{t('billing.statement.empty')}</Text>
      ) : phone ? (
        <Stack gap="xs">
          {s.lines.map((l, i) => (
            <Card key={`${l.document_id}-${l.kind}-${i}`} withBorder padding="xs" data-testid="statement-line">
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm" fw={700}>
                  {t(`billing.movements.${l.kind}`)} {l.number}
                </Text>
                <Text size="xs">{formatDay(l.date, lang)}</Text>
              </Group>
              <Group justify="space-between" wrap="nowrap">
                <Text size="sm">{l.charge !== '0' && Number(l.charge) !== 0 ? `+ ${money(l.charge)}` : `− ${money(l.credit)}`}</Text>
                <Text size="sm" fw={700} data-testid="line-balance">
                  {money(l.balance)}
                </Text>
              </Group>
            </Card>
          ))}
        </Stack>
      ) : (
        <Table.ScrollContainer minWidth={700}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('billing.statement.date')}</Table.Th>
                <Table.Th>{t('billing.statement.document')}</Table.Th>
                <Table.Th>{t('billing.statement.reference')}</Table.Th>
                <Table.Th ta="right">{t('billing.statement.charge')}</Table.Th>
                <Table.Th ta="right">{t('billing.statement.credit')}</Table.Th>
                <Table.Th ta="right">{t('billing.statement.balance')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {s.lines.map((l, i) => (
                <Table.Tr key={`${l.document_id}-${l.kind}-${i}`} data-testid="statement-line">
                  <Table.Td>{formatDay(l.date, lang)}</Table.Td>
                  <Table.Td>
                    {t(`billing.movements.${l.kind}`)} {l.number}
                  </Table.Td>
                  <Table.Td>{l.reference}</Table.Td>
                  <Table.Td ta="right">{Number(l.charge) !== 0 ? money(l.charge) : ''}</Table.Td>
                  <Table.Td ta="right">{Number(l.credit) !== 0 ? money(l.credit) : ''}</Table.Td>
                  <Table.Td ta="right" data-testid="line-balance">
                    {money(l.balance)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <Card withBorder>
        <Title order={2} size="h5">
          {t('billing.aging.title')}
        </Title>
        <SimpleGrid cols={{ base: 2, sm: 6 }} mt="xs">
          {AGING_BUCKETS.map((b) => (
            <Figure key={b} label={t(`billing.aging.${b}`)} value={money(s.aging[b])} />
          ))}
          <Figure label={t('billing.aging.total')} value={money(s.aging.total)} />
        </SimpleGrid>
      </Card>
    </Stack>
  );
}

export function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId}>
        {value}
      </Text>
    </div>
  );
}
