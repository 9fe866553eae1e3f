/**
 * /quotes — the office's quotes (search by number, order or customer;
 * filter by state), a seller's (their customers'), and in the portal the
 * customer's own quotes to answer. Live: the office list follows
 * `staff:quotes`.
 */
import { Alert, Anchor, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { QUOTE_STATES, type QuoteState, useQuotes } from '../../api/quotes';
import { useCurrentUser } from '../../components/RequireAuth';
import { QuoteStateBadge } from '../../components/quotes/QuoteView';
import { useQuotesLive } from '../../components/quotes/useQuotesLive';
import { useErrorMessage } from '../../i18n/errors';
import { formatCalendarDay, formatMoney } from '../../lib/format';

export function QuotesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(`${t('quotes.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [q, setQ] = useState('');
  const [state, setState] = useState<QuoteState | ''>('');
  const [search] = useDebouncedValue(q, 300);
  const isCustomer = user.role === 'customer';
  const allowed = user.role !== 'technician';
  const list = useQuotes({ q: search.trim(), state }, allowed);
  useQuotesLive(user.role);
  const lang = i18n.language;
  if (!allowed) return <Text c="dimmed">{t('quotes.notForRole')}</Text>;
  const items = list.data?.items ?? [];
  return (
    <Stack>
      <Group justify="space-between" wrap="wrap">
        <Title order={1} size="h2">
          {isCustomer ? t('quotes.myTitle') : t('quotes.title')}
        </Title>
        {!isCustomer && (
          <Button component={Link} to="/quotes/new">
            {t('quotes.new')}
          </Button>
        )}
      </Group>
      <Group grow wrap="wrap">
        <TextInput label={t('common.search')} placeholder={t('quotes.searchPlaceholder')} value={q} onChange={(e) => setQ(e.currentTarget.value)} />
        <Select
          label={t('quotes.state')}
          clearable
          value={state || null}
          onChange={(v) => setState((v as QuoteState | null) ?? '')}
          data={QUOTE_STATES.filter((s) => !isCustomer || s !== 'draft').map((s) => ({ value: s, label: t(`quotes.states.${s}`) }))}
        />
      </Group>
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.isSuccess && items.length === 0 && <Text c="dimmed">{t('quotes.empty')}</Text>}
      {isCustomer ? (
        <Stack gap="sm">
          {items.map((item) => (
            <Card key={item.id} withBorder component={Link} to={`/quotes/${item.id}`} data-testid="quote-row">
              <Group justify="space-between" wrap="wrap" gap="xs">
                <Text fw={600}>{item.version_number}</Text>
                <QuoteStateBadge state={item.state} />
              </Group>
              <Text size="sm">{formatMoney(item.total, item.currency, lang)}</Text>
              <Text size="xs" c="dimmed">
                {t('quotes.validUntil', { date: formatCalendarDay(item.valid_until, lang, { day: 'numeric', month: 'short', year: 'numeric' }) })}
              </Text>
            </Card>
          ))}
        </Stack>
      ) : (
        items.length > 0 && (
          <Table.ScrollContainer minWidth={700}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('quotes.number')}</Table.Th>
                  <Table.Th>{t('quotes.customer')}</Table.Th>
                  <Table.Th>{t('quotes.order')}</Table.Th>
                  <Table.Th>{t('quotes.state')}</Table.Th>
                  <Table.Th>{t('quotes.valid')}</Table.Th>
                  <Table.Th ta="right">{t('quotes.total')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((item) => (
                  <Table.Tr key={item.id} data-testid="quote-row">
                    <Table.Td>
                      <Anchor component={Link} to={`/quotes/${item.id}`}>
                        {item.version_number}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{item.customer_name}</Table.Td>
                    <Table.Td>
                      {item.order_id ? (
                        <Anchor component={Link} to={`/orders/${item.order_id}`}>
                          {item.order_number}
                        </Anchor>
                      ) : (
                        '—'
                      )}
                    </Table.Td>
                    <Table.Td>
                      <QuoteStateBadge state={item.state} />
                    </Table.Td>
                    <Table.Td>{formatCalendarDay(item.valid_until, lang, { day: 'numeric', month: 'short', year: 'numeric' })}</Table.Td>
                    <Table.Td ta="right">{formatMoney(item.total, item.currency, lang)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )
      )}
    </Stack>
  );
}
