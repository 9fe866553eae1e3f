/**
 * What a quote shows everywhere (office page, portal, signed link): its
 * state, lines with their figures, totals, notes and the versions history;
 * and the customer's answer panel (Aprobar / Rechazar / Pedir cambios),
 * usable on a 360 px phone: full-width buttons, a table that scrolls.
 */
import { Alert, Badge, Button, Card, Group, Stack, Table, Text, Textarea, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QuoteAnswer, QuoteDetail, QuoteState } from '../../api/quotes';
import { useErrorMessage } from '../../i18n/errors';
import { formatCalendarDay, formatDateTime, formatMoney, formatNumber } from '../../lib/format';

const STATE_COLORS: Record<QuoteState, string> = {
  draft: 'gray',
  sent: 'blue',
  approved: 'green',
  rejected: 'red',
  changes_requested: 'orange',
  expired: 'dark',
  superseded: 'gray',
};

export function QuoteStateBadge({ state }: { state: QuoteState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} data-testid="quote-state" data-state={state}>
      {t(`quotes.states.${state}`)}
    </Badge>
  );
}

export function QuoteView({ detail }: { detail: QuoteDetail }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const { quote, version, lines } = detail;
  const money = (v: string) => formatMoney(v, quote.currency, lang);
  const day = (d: string) => formatCalendarDay(d, lang, { day: 'numeric', month: 'short', year: 'numeric' });
  return (
    <Stack gap="sm">
      <Group justify="space-between" wrap="wrap">
        <Title order={2} size="h3">
          {quote.version_number}
        </Title>
        <QuoteStateBadge state={quote.state} />
      </Group>
      <Text size="sm">
        {t('quotes.customer')}: <b>{quote.customer_name}</b>
        {quote.order_number && (
          <>
            {' · '}
            {t('quotes.order')}: {quote.order_number}
          </>
        )}
      </Text>
      <Text size="sm" c="dimmed">
        {t('quotes.validUntil', { date: day(quote.valid_until) })}
      </Text>
      <Table.ScrollContainer minWidth={560}>
        <Table striped aria-label={t('quotes.lines')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('quotes.description')}</Table.Th>
              <Table.Th ta="right">{t('quotes.quantity')}</Table.Th>
              <Table.Th ta="right">{t('quotes.unitPrice')}</Table.Th>
              <Table.Th ta="right">{t('quotes.discount')}</Table.Th>
              <Table.Th ta="right">{t('quotes.tax')}</Table.Th>
              <Table.Th ta="right">{t('quotes.amount')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {lines.map((l) => (
              <Table.Tr key={l.position}>
                <Table.Td>
                  <Text size="sm">{l.description}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`quotes.kinds.${l.kind}`)}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{formatNumber(l.quantity, lang, 3)}</Table.Td>
                <Table.Td ta="right">{money(l.unit_price)}</Table.Td>
                <Table.Td ta="right">{Number(l.discount_pct) ? `${formatNumber(l.discount_pct, lang)} %` : '—'}</Table.Td>
                <Table.Td ta="right">{l.tax_exempt ? t('quotes.exempt') : `${formatNumber(l.tax_rate, lang)} %`}</Table.Td>
                <Table.Td ta="right">{money(l.net)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Totals subtotal={version.subtotal} tax={version.tax} total={version.total} money={money} />
      {version.notes && <Text size="sm">{version.notes}</Text>}
      {version.answer_comment && (
        <Alert color={quote.state === 'approved' ? 'green' : 'orange'} title={t('quotes.customerComment')}>
          {version.answer_comment}
        </Alert>
      )}
      {detail.versions.length > 1 && (
        <Card withBorder>
          <Title order={3} size="h5">
            {t('quotes.versions')}
          </Title>
          <Stack gap={4} mt="xs">
            {detail.versions.map((v) => (
              <Group key={v.id} justify="space-between" wrap="wrap" gap="xs" data-testid="quote-version">
                <Text size="sm">{v.number}</Text>
                <Group gap="xs">
                  <Text size="sm">{money(v.total)}</Text>
                  <QuoteStateBadge state={v.state} />
                  {v.sent_at && (
                    <Text size="xs" c="dimmed">
                      {formatDateTime(v.sent_at, lang)}
                    </Text>
                  )}
                </Group>
              </Group>
            ))}
          </Stack>
        </Card>
      )}
    </Stack>
  );
}

export function Totals({ subtotal, tax, total, money }: { subtotal: string; tax: string; total: string; money: (v: string) => string }) {
  const { t } = useTranslation();
  return (
    <Stack gap={2} align="flex-end" data-testid="quote-totals">
      <Text size="sm">
        {t('quotes.subtotal')}: {money(subtotal)}
      </Text>
      <Text size="sm">
        {t('quotes.taxTotal')}: {money(tax)}
      </Text>
      <Text fw={700} data-testid="quote-total">
        {t('quotes.total')}: {money(total)}
      </Text>
    </Stack>
  );
}

/** Aprobar / Rechazar / Pedir cambios. */
export function AnswerPanel({
  onAnswer,
  pending,
  error,
}: {
  onAnswer: (answer: QuoteAnswer, comment: string) => void;
  pending: boolean;
  error: unknown;
}) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [comment, setComment] = useState('');
  const [asking, setAsking] = useState<QuoteAnswer | null>(null);
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Text fw={600}>{t('quotes.answerTitle')}</Text>
        {error != null && (
          <Alert color="red" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
        {asking ? (
          <>
            <Textarea
              label={asking === 'reject' ? t('quotes.rejectReason') : t('quotes.changesWanted')}
              value={comment}
              onChange={(e) => setComment(e.currentTarget.value)}
              maxLength={2000}
              autosize
              minRows={3}
              required={asking === 'request_changes'}
            />
            <Button fullWidth color={asking === 'reject' ? 'red' : 'orange'} loading={pending} onClick={() => onAnswer(asking, comment)}>
              {asking === 'reject' ? t('quotes.confirmReject') : t('quotes.sendChanges')}
            </Button>
            <Button fullWidth variant="subtle" onClick={() => setAsking(null)}>
              {t('quotes.cancel')}
            </Button>
          </>
        ) : (
          <>
            <Button fullWidth size="md" color="green" loading={pending} onClick={() => onAnswer('approve', '')}>
              {t('quotes.approve')}
            </Button>
            <Button fullWidth variant="light" color="orange" onClick={() => setAsking('request_changes')}>
              {t('quotes.requestChanges')}
            </Button>
            <Button fullWidth variant="light" color="red" onClick={() => setAsking('reject')}>
              {t('quotes.reject')}
            </Button>
          </>
        )}
      </Stack>
    </Card>
  );
}
