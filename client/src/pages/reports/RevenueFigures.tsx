/**
 * The revenue report's figures: the totals of the range (four cards), and
 * the six figure columns the period, customer and seller tables share, each
 * figure a link to the records behind it (invoices, or payments for the
 * office).
 */
import { Anchor, Card, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type DrillDown, type RevenueFigures, type RevenueReport, invoicesLink, paymentsLink } from '../../api/reports';
import { useReportFormat } from './ReportParts';

/** The figure columns shared by the period, customer and seller tables. */
const FIGURE_COLUMNS = ['invoiced', 'credited', 'net', 'collected', 'invoices', 'payments'] as const;
type FigureColumn = (typeof FIGURE_COLUMNS)[number];

export function isEmptyReport(data: RevenueReport): boolean {
  const f = data.totals;
  return f.invoices === 0 && f.payments === 0 && Number(f.credited) === 0 && Number(f.invoiced) === 0 && Number(f.collected) === 0;
}

export function RevenueTotals({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(data.currency);
  const f = data.totals;
  const cards: { key: string; label: string; value: string; note?: string }[] = [
    {
      key: 'invoiced',
      label: t('reportsArea.revenue.invoiced'),
      value: money(f.invoiced),
      note: t('reportsArea.revenue.invoicesCount', { count: f.invoices, n: count(f.invoices) }),
    },
    { key: 'credited', label: t('reportsArea.revenue.credited'), value: money(f.credited) },
    { key: 'net', label: t('reportsArea.revenue.net'), value: money(f.net) },
    {
      key: 'collected',
      label: t('reportsArea.revenue.collected'),
      value: money(f.collected),
      note: t('reportsArea.revenue.paymentsCount', { count: f.payments, n: count(f.payments) }),
    },
  ];
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 2, sm: 4 }}
      spacing="xs"
      aria-label={t('reportsArea.common.totals')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {cards.map((c) => (
        <li key={c.key}>
          <Card withBorder padding="sm" h="100%">
            <Text size="sm" c="dimmed">
              {c.label}
            </Text>
            <Text fw={700} size="xl" data-testid={`revenue-total-${c.key}`}>
              {c.value}
            </Text>
            {c.note && (
              <Text size="xs" c="dimmed" data-testid={`revenue-count-${c.key}`}>
                {c.note}
              </Text>
            )}
          </Card>
        </li>
      ))}
    </SimpleGrid>
  );
}

export function FigureHeaders() {
  const { t } = useTranslation();
  return (
    <>
      {FIGURE_COLUMNS.map((c) => (
        <Table.Th key={c} ta="right">
          {t(`reportsArea.revenue.${c}`)}
        </Table.Th>
      ))}
    </>
  );
}

/**
 * The six figures of a row; each one a link to its records when `drill` is
 * given (invoices for the invoice figures; payments, office only, for the
 * payment ones), named "<figure>, <what>: <value>".
 */
export function FigureCells({
  figures,
  currency,
  drill,
  what,
  paymentsLinked,
  testId,
}: {
  figures: RevenueFigures;
  currency: string;
  drill?: DrillDown;
  what: string;
  paymentsLinked: boolean;
  testId?: string;
}) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(currency);
  const value = (c: FigureColumn) => (c === 'invoices' || c === 'payments' ? count(figures[c]) : money(figures[c]));
  const target = (c: FigureColumn): string | null => {
    if (!drill) return null;
    if (c === 'collected' || c === 'payments') return paymentsLinked ? paymentsLink(drill) : null;
    return invoicesLink(drill);
  };
  return (
    <>
      {FIGURE_COLUMNS.map((c) => {
        const to = target(c);
        const text = value(c);
        return (
          <Table.Td key={c} ta="right" style={{ whiteSpace: 'nowrap' }} fw={c === 'net' ? 700 : undefined}>
            {to ? (
              <Anchor
                component={Link}
                to={to}
                aria-label={t('reportsArea.common.figureLink', { figure: t(`reportsArea.revenue.${c}`), period: what, value: text })}
                data-testid={testId ? `${testId}-${c}` : undefined}
              >
                {text}
              </Anchor>
            ) : (
              text
            )}
          </Table.Td>
        );
      })}
    </>
  );
}
