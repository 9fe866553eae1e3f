/**
 * The quotes section of an order page: the order's quotes (the customer sees
 * those sent to them) and, for the office and sellers, "create a quote for
 * this order". Live: a quote sent or answered appears at once.
 */
import { Anchor, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Role } from '../../api/generated/Role';
import { useQuotes } from '../../api/quotes';
import { formatMoney } from '../../lib/format';
import { QuoteStateBadge } from './QuoteView';
import { useQuotesLive } from './useQuotesLive';

export function OrderQuotes({ orderId, role }: { orderId: string; role: Role }) {
  const { t, i18n } = useTranslation();
  const allowed = role !== 'technician';
  const list = useQuotes({ order_id: orderId }, allowed);
  useQuotesLive(allowed ? role : undefined, orderId);
  if (!allowed) return null;
  const items = list.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="order-quotes" data-testid="order-quotes">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h4" id="order-quotes">
          {t('quotes.title')}
        </Title>
        {role !== 'customer' && (
          <Button size="xs" component={Link} to={`/quotes/new?order_id=${orderId}`}>
            {t('quotes.newForOrder')}
          </Button>
        )}
      </Group>
      <Stack gap={4} mt="xs">
        {list.isSuccess && items.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('quotes.noneForOrder')}
          </Text>
        )}
        {items.map((q) => (
          <Group key={q.id} justify="space-between" wrap="wrap" gap="xs" data-testid="order-quote">
            <Anchor component={Link} to={`/quotes/${q.id}`}>
              {q.version_number}
            </Anchor>
            <Group gap="xs">
              <Text size="sm">{formatMoney(q.total, q.currency, i18n.language)}</Text>
              <QuoteStateBadge state={q.state} />
            </Group>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}
