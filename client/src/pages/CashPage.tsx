/**
 * /cash — "Caja / Cobranzas" (master, admin, operator): every payment and
 * advance registered on an order, newest first. The seed asks for "búsquedas
 * por número de cuenta o cliente"; one search box matches the receipt
 * number, the reference or account number, the order number and the
 * customer (name, tax id). A date range (the day the money was received) and
 * a payment method narrow it, and the totals per payment method add up the
 * WHOLE search, not only the page on screen — the figure a cashier closes
 * the day with. Reversed payments are left out unless asked for, and never
 * count in the totals.
 *
 * Each payment links to its order and its printable receipt; master may
 * delete (reverse) one from here, with a reason. On a phone the table
 * becomes one card per payment.
 *
 * The filters live in the URL (`q`, `customer_id`, `from`, `to`,
 * `method_id`, `include_deleted`), so a search can be linked to — the
 * revenue report's "Cobrado" figures open /cash?from=…&to=…[&customer_id=…]
 * — bookmarked and survives a reload. A customer filter shows as a badge
 * that removes it.
 */
import { Anchor, Badge, Button, Card, Checkbox, CloseButton, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type Payment, type PaymentFilters, type PaymentTotals, fetchPaymentMethods, fetchPayments, receiptUrl } from '../api/records';
import { useCustomer } from '../api/customers';
import { useCompanySettings } from '../api/settings';
import { QueryStatus } from '../components/QueryStatus';
import { useCurrentUser } from '../components/RequireAuth';
import { useIsPhone } from '../components/operations/useIsPhone';
import { type DateRange, DateRangeFields, rangeIsValid } from '../components/records/DateRangeFields';
import { PaymentReversalDialog } from '../components/records/PaymentReversalDialog';
import { ReversedNote } from '../components/records/ReversedNote';
import { formatDay } from '../lib/day';
import { formatMoney } from '../lib/format';

const FILTER_KEYS = ['q', 'customer_id', 'from', 'to', 'method_id', 'include_deleted'] as const;

export function CashPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('recordsArea.cash.title'));
  const user = useCurrentUser();
  const phone = useIsPhone();
  const queryClient = useQueryClient();
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const [params, setParams] = useSearchParams();
  const set = (changes: Partial<Record<(typeof FILTER_KEYS)[number], string | null>>) =>
    setParams(
      (cur) => {
        const next = new URLSearchParams(cur);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  useEffect(() => {
    if ((params.get('q') ?? '') !== debouncedQ) set({ q: debouncedQ || null });
    // Only a pause in typing writes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedQ]);
  const range: DateRange = { from: params.get('from') ?? '', to: params.get('to') ?? '' };
  const setRange = (next: DateRange) => set({ from: next.from || null, to: next.to || null });
  const methodId = params.get('method_id');
  const customerId = params.get('customer_id');
  const customer = useCustomer(customerId);
  // Mirrored in local state: the router applies URL changes in a
  // transition, and a checkbox bound only to the URL would flick back
  // until it lands.
  const [includeReversed, setIncludeReversed] = useState(params.get('include_deleted') === 'true');
  const [reversing, setReversing] = useState<Payment | null>(null);
  const methods = useQuery({ queryKey: ['payment-methods', 'all'], queryFn: ({ signal }) => fetchPaymentMethods(signal) });

  const filters: PaymentFilters = {
    q: params.get('q') || undefined,
    customer_id: customerId || undefined,
    from: range.from || undefined,
    to: range.to || undefined,
    method_id: methodId || undefined,
    include_deleted: includeReversed,
  };
  const ready = rangeIsValid(range);
  const payments = useInfiniteQuery({
    queryKey: ['payments', filters],
    queryFn: ({ pageParam, signal }) => fetchPayments(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled: ready,
    placeholderData: keepPreviousData,
  });
  const items = payments.data?.pages.flatMap((p) => p.items);
  const totals = payments.data?.pages[0]?.totals ?? null;
  const master = user.role === 'master';

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('recordsArea.cash.title')}
      </Title>
      <Text c="dimmed">{t('recordsArea.cash.intro')}</Text>
      <Stack gap="xs" role="search" aria-label={t('recordsArea.common.filters')}>
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            label={t('recordsArea.cash.search')}
            placeholder={t('recordsArea.cash.searchHint')}
            value={q}
            onChange={(e) => setQ(e.currentTarget.value)}
            w={{ base: '100%', xs: 300 }}
          />
          <DateRangeFields value={range} onChange={setRange} />
          <Select
            label={t('recordsArea.cash.method')}
            placeholder={t('recordsArea.cash.anyMethod')}
            clearable
            value={methodId}
            onChange={(v) => set({ method_id: v })}
            data={(methods.data ?? []).map((m) => ({ value: m.id, label: m.name }))}
            w={{ base: '100%', xs: 200 }}
          />
        </Group>
        <Group gap="sm">
          {customerId && (
            <Badge
              variant="light"
              size="lg"
              rightSection={<CloseButton size="xs" aria-label={t('recordsArea.cash.allCustomers')} onClick={() => set({ customer_id: null })} />}
            >
              {t('recordsArea.cash.customer')}: {customer.data?.name ?? items?.[0]?.customer_name ?? '…'}
            </Badge>
          )}
          <Checkbox
            label={t('recordsArea.cash.includeReversed')}
            checked={includeReversed}
            onChange={(e) => {
              const on = e.currentTarget.checked;
              setIncludeReversed(on);
              set({ include_deleted: on ? 'true' : null });
            }}
          />
        </Group>
      </Stack>
      {totals && <Totals totals={totals} currency={currency} />}
      <QueryStatus
        query={{ ...payments, isPending: payments.isPending && ready, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('recordsArea.cash.empty')}
      >
        {(list) =>
          phone ? (
            <PaymentCards payments={list} currency={currency} canReverse={master} onReverse={setReversing} />
          ) : (
            <PaymentTable payments={list} currency={currency} canReverse={master} onReverse={setReversing} />
          )
        }
      </QueryStatus>
      {payments.hasNextPage && (
        <Button variant="default" onClick={() => void payments.fetchNextPage()} loading={payments.isFetchingNextPage} style={{ alignSelf: 'flex-start' }}>
          {t('recordsArea.common.loadMore')}
        </Button>
      )}
      {reversing && (
        <PaymentReversalDialog
          payment={reversing}
          currency={currency}
          onClose={() => setReversing(null)}
          onReversed={() => {
            setReversing(null);
            void queryClient.invalidateQueries({ queryKey: ['payments'] });
            void queryClient.invalidateQueries({ queryKey: ['order'] });
          }}
        />
      )}
    </Stack>
  );
}

/** The totals per payment method of the whole search. */
function Totals({ totals, currency }: { totals: PaymentTotals; currency: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card withBorder component="section" aria-labelledby="cash-totals-title">
      <Title order={2} size="h4" id="cash-totals-title">
        {t('recordsArea.cash.totals')}
      </Title>
      <Text size="xs" c="dimmed" mb="xs">
        {t('recordsArea.cash.totalsHint')}
      </Text>
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="xs">
        {totals.by_method.map((m) => (
          <Card key={m.method_id} withBorder padding="xs" data-testid={`total-${m.method_name}`}>
            <Text size="sm" c="dimmed">
              {m.method_name} · {t('recordsArea.cash.count', { count: m.count })}
            </Text>
            <Text fw={700}>{formatMoney(m.total, currency, lang)}</Text>
          </Card>
        ))}
        <Card withBorder padding="xs" bg="var(--mantine-color-blue-light)" data-testid="total-all">
          <Text size="sm">
            {t('recordsArea.cash.total')} · {t('recordsArea.cash.count', { count: totals.count })}
          </Text>
          <Text fw={700}>{formatMoney(totals.total, currency, lang)}</Text>
        </Card>
      </SimpleGrid>
    </Card>
  );
}

interface ListProps {
  payments: Payment[];
  currency: string;
  canReverse: boolean;
  onReverse: (p: Payment) => void;
}

function ReverseButton({ payment, onReverse }: { payment: Payment; onReverse: (p: Payment) => void }) {
  const { t } = useTranslation();
  return (
    <Button size="compact-sm" color="red" variant="light" onClick={() => onReverse(payment)} aria-label={t('recordsArea.reverse.buttonLabel', { number: payment.number })}>
      {t('recordsArea.reverse.button')}
    </Button>
  );
}

function PaymentTable({ payments, currency, canReverse, onReverse }: ListProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Table.ScrollContainer minWidth={800}>
      <Table striped>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('recordsArea.cash.receipt')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.date')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.order')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.customer')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.method')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.reference')}</Table.Th>
            <Table.Th ta="right">{t('recordsArea.cash.amount')}</Table.Th>
            <Table.Th>{t('recordsArea.cash.registeredBy')}</Table.Th>
            {canReverse && <Table.Th>{t('recordsArea.common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {payments.map((p) => (
            <Table.Tr key={p.id} data-reversed={p.deleted_at ? 'true' : undefined}>
              <Table.Td>
                <Anchor href={receiptUrl(p.id)} target="_blank" rel="noopener" aria-label={t('recordsArea.cash.openReceipt', { number: p.number })}>
                  {p.number}
                </Anchor>
                {p.deleted_at && (
                  <Badge color="red" variant="light" size="xs" ml={4}>
                    {t('recordsArea.cash.reversed')}
                  </Badge>
                )}
                <ReversedNote payment={p} />
              </Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDay(p.paid_on, lang)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Link to={`/orders/${p.order_id}`}>{p.order_number}</Link>
              </Table.Td>
              <Table.Td>{p.customer_name}</Table.Td>
              <Table.Td>{p.method_name}</Table.Td>
              <Table.Td>{p.reference || '—'}</Table.Td>
              <Table.Td ta="right" td={p.deleted_at ? 'line-through' : undefined}>
                {formatMoney(p.amount, currency, lang)}
              </Table.Td>
              <Table.Td>{p.registered_by_name}</Table.Td>
              {canReverse && <Table.Td>{!p.deleted_at && <ReverseButton payment={p} onReverse={onReverse} />}</Table.Td>}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PaymentCards({ payments, currency, canReverse, onReverse }: ListProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Stack gap="xs" data-testid="payment-cards">
      {payments.map((p) => (
        <Card key={p.id} withBorder padding="sm" component="article" aria-label={`${t('recordsArea.cash.receipt')} ${p.number}`}>
          <Stack gap={4}>
            <Group justify="space-between" gap="xs">
              <Anchor href={receiptUrl(p.id)} target="_blank" rel="noopener" fw={700}>
                {p.number}
              </Anchor>
              <Text fw={700} td={p.deleted_at ? 'line-through' : undefined}>
                {formatMoney(p.amount, currency, lang)}
              </Text>
            </Group>
            {p.deleted_at && (
              <Badge color="red" variant="light" size="sm">
                {t('recordsArea.cash.reversed')}
              </Badge>
            )}
            <ReversedNote payment={p} />
            <Text size="sm">
              {formatDay(p.paid_on, lang)} · {p.method_name}
              {p.reference ? ` · ${p.reference}` : ''}
            </Text>
            <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
              <Link to={`/orders/${p.order_id}`}>{p.order_number}</Link> · {p.customer_name}
            </Text>
            {canReverse && !p.deleted_at && <ReverseButton payment={p} onReverse={onReverse} />}
          </Stack>
        </Card>
      ))}
    </Stack>
  );
}
