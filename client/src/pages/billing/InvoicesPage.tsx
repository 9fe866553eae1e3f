/**
 * /billing/invoices — the invoice search: "por cliente, estado o fecha de
 * inicio", and by due date, amount, number and overdue. The filters live in
 * the URL (a search can be bookmarked, shared and survives a reload). Office
 * roles see every invoice (drafts too) and follow `staff:billing`, so an
 * invoice issued or paid by a colleague shows without a reload; a seller
 * sees their own customers', a customer contact their company's. Export to
 * CSV or XLSX downloads the whole search.
 */
import { Anchor, Badge, Button, Card, Checkbox, CloseButton, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { INVOICE_STATES, type Invoice, type InvoiceFilters, type InvoiceState, fetchInvoices, invoicesExportUrl } from '../../api/billing';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { useIsPhone } from '../../components/operations/useIsPhone';
import { formatDay } from '../../lib/day';
import { formatMoney } from '../../lib/format';
import { useStaffFeed } from '../../realtime/useStaffFeed';

const FILTER_KEYS = ['customer_id', 'q', 'state', 'issued_from', 'issued_to', 'due_from', 'due_to', 'amount_min', 'amount_max', 'overdue'] as const;

export function stateColor(state: InvoiceState): string {
  switch (state) {
    case 'draft':
      return 'gray';
    case 'issued':
      return 'blue';
    case 'partially_paid':
      return 'yellow';
    case 'paid':
      return 'green';
    case 'void':
      return 'red';
  }
}

export function InvoicesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('billing.invoices.title'));
  const user = useCurrentUser();
  const phone = useIsPhone();
  const [params, setParams] = useSearchParams();
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);

  const set = (key: (typeof FILTER_KEYS)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };
  useEffect(() => {
    if ((params.get('q') ?? '') !== debouncedQ) set('q', debouncedQ || null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);

  const filters: InvoiceFilters = {
    customer_id: params.get('customer_id') || undefined,
    q: params.get('q') || undefined,
    state: (params.get('state') as InvoiceState | null) ?? undefined,
    issued_from: params.get('issued_from') || undefined,
    issued_to: params.get('issued_to') || undefined,
    due_from: params.get('due_from') || undefined,
    due_to: params.get('due_to') || undefined,
    amount_min: params.get('amount_min') || undefined,
    amount_max: params.get('amount_max') || undefined,
    overdue: params.get('overdue') === 'true',
  };
  const invoices = useInfiniteQuery({
    queryKey: ['invoices', filters],
    queryFn: ({ pageParam, signal }) => fetchInvoices(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    placeholderData: keepPreviousData,
  });
  useStaffFeed('staff:billing', user.role, [['invoices']]);
  const items = invoices.data?.pages.flatMap((p) => p.items);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('billing.invoices.title')}
      </Title>
      <Stack gap="xs" role="search" aria-label={t('billing.common.filters')}>
        <Group gap="sm" align="flex-end" wrap="wrap">
          <TextInput
            label={t('billing.invoices.search')}
            placeholder={t('billing.invoices.searchHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={{ base: '100%', xs: 260 }}
          />
          <Select
            label={t('billing.invoices.state')}
            placeholder={t('billing.common.any')}
            clearable
            value={filters.state ?? null}
            onChange={(v) => set('state', v)}
            data={INVOICE_STATES.map((s) => ({ value: s, label: t(`billing.states.${s}`) }))}
            w={{ base: '100%', xs: 180 }}
          />
          <TextInput type="date" label={t('billing.invoices.issuedFrom')} value={filters.issued_from ?? ''} onChange={(e) => set('issued_from', e.currentTarget.value)} />
          <TextInput type="date" label={t('billing.invoices.issuedTo')} value={filters.issued_to ?? ''} onChange={(e) => set('issued_to', e.currentTarget.value)} />
          <TextInput type="date" label={t('billing.invoices.dueFrom')} value={filters.due_from ?? ''} onChange={(e) => set('due_from', e.currentTarget.value)} />
          <TextInput type="date" label={t('billing.invoices.dueTo')} value={filters.due_to ?? ''} onChange={(e) => set('due_to', e.currentTarget.value)} />
          <TextInput label={t('billing.invoices.amountMin')} inputMode="decimal" value={filters.amount_min ?? ''} onChange={(e) => set('amount_min', e.currentTarget.value)} w={120} />
          <TextInput label={t('billing.invoices.amountMax')} inputMode="decimal" value={filters.amount_max ?? ''} onChange={(e) => set('amount_max', e.currentTarget.value)} w={120} />
        </Group>
        <Group gap="sm">
          {filters.customer_id && (
            <Badge variant="light" size="lg" rightSection={<CloseButton size="xs" aria-label={t('billing.invoices.allCustomers')} onClick={() => set('customer_id', null)} />}>
              {t('billing.invoices.customer')}: {items?.[0]?.customer_name ?? '…'}
            </Badge>
          )}
          <Checkbox label={t('billing.invoices.overdue')} checked={filters.overdue ?? false} onChange={(e) => set('overdue', e.currentTarget.checked ? 'true' : null)} />
          <Anchor href={invoicesExportUrl(filters, 'csv')} download>
            {t('billing.common.csv')}
          </Anchor>
          <Anchor href={invoicesExportUrl(filters, 'xlsx')} download>
            {t('billing.common.xlsx')}
          </Anchor>
        </Group>
      </Stack>
      <QueryStatus query={{ ...invoices, data: items }} isEmpty={(list) => list.length === 0} empty={t('billing.invoices.empty')}>
        {(list) => (phone ? <InvoiceCards invoices={list} /> : <InvoiceTable invoices={list} />)}
      </QueryStatus>
      {invoices.hasNextPage && (
        <Button variant="default" onClick={() => void invoices.fetchNextPage()} loading={invoices.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('billing.common.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

function InvoiceTable({ invoices }: { invoices: Invoice[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('billing.invoices.number')}</Table.Th>
            <Table.Th>{t('billing.invoices.customer')}</Table.Th>
            <Table.Th>{t('billing.invoices.state')}</Table.Th>
            <Table.Th>{t('billing.invoices.issued')}</Table.Th>
            <Table.Th>{t('billing.invoices.due')}</Table.Th>
            <Table.Th ta="right">{t('billing.invoices.total')}</Table.Th>
            <Table.Th ta="right">{t('billing.invoices.open')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {invoices.map((i) => (
            <Table.Tr key={i.id} data-testid={`invoice-${i.number ?? i.id}`}>
              <Table.Td>
                <Anchor component={Link} to={`/billing/invoices/${i.id}`}>
                  {i.number ?? t('billing.invoices.draft')}
                </Anchor>
              </Table.Td>
              <Table.Td>{i.customer_name}</Table.Td>
              <Table.Td>
                <Badge color={stateColor(i.state)}>{t(`billing.states.${i.state}`)}</Badge>
              </Table.Td>
              <Table.Td>{i.issue_date ? formatDay(i.issue_date, i18n.language) : '—'}</Table.Td>
              <Table.Td>{i.due_date ? formatDay(i.due_date, i18n.language) : '—'}</Table.Td>
              <Table.Td ta="right">{formatMoney(i.total, i.currency, i18n.language)}</Table.Td>
              <Table.Td ta="right">{formatMoney(i.open, i.currency, i18n.language)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function InvoiceCards({ invoices }: { invoices: Invoice[] }) {
  const { t, i18n } = useTranslation();
  return (
    <Stack gap="xs">
      {invoices.map((i) => (
        <Card key={i.id} withBorder padding="sm" data-testid={`invoice-${i.number ?? i.id}`}>
          <Group justify="space-between">
            <Anchor component={Link} to={`/billing/invoices/${i.id}`} fw={700}>
              {i.number ?? t('billing.invoices.draft')}
            </Anchor>
            <Badge color={stateColor(i.state)}>{t(`billing.states.${i.state}`)}</Badge>
          </Group>
          <Text size="sm">{i.customer_name}</Text>
          <Text size="sm">
            {t('billing.invoices.total')}: {formatMoney(i.total, i.currency, i18n.language)} · {t('billing.invoices.open')}:{' '}
            {formatMoney(i.open, i.currency, i18n.language)}
          </Text>
          {i.due_date && (
            <Text size="xs" c="dimmed">
              {t('billing.invoices.due')}: {formatDay(i.due_date, i18n.language)}
            </Text>
          )}
        </Card>
      ))}
    </Stack>
  );
}
