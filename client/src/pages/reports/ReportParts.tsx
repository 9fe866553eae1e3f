/**
 * Pieces every report page uses: the refusal for roles that may not read
 * it, the line naming the range and grouping, a titled section, a figure
 * that links to its records, the headline cards, and the formatters of
 * money, counts, hours, percentages and period names in the page's
 * language.
 */
import { Alert, Anchor, Card, SimpleGrid, type SimpleGridProps, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Granularity } from '../../api/reports';
import { formatCalendarDay, formatMoney, formatNumber } from '../../lib/format';

/** The page of a report the role may not read: its title and "forbidden". */
export function ReportForbidden({ title }: { title: string }) {
  const { t } = useTranslation();
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    </Stack>
  );
}

/** Money, counts and hours in the page's language (money in `currency`). */
export function useReportFormat(currency = 'USD') {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    money: (v: string | number) => formatMoney(String(v), currency, lang),
    count: (n: number) => formatNumber(n, lang, 0),
    /** One decimal ("4,5"). */
    decimal: (n: number) => formatNumber(n, lang, 1),
    /** Hours with one decimal ("12,5 h"). */
    hours: (n: number) => t('reportsArea.common.hours', { value: formatNumber(n, lang, 1) }),
    /** A percentage with one decimal ("45,5 %"); none: "—". */
    percent: (n: number | null) => (n === null ? t('reportsArea.common.noValue') : t('reportsArea.common.percent', { value: formatNumber(n, lang, 1) })),
    /** One decimal, or "—" when there is none (an average of nothing). */
    optional: (n: number | null) => (n === null ? t('reportsArea.common.noValue') : formatNumber(n, lang, 1)),
    /** A calendar day with its year ("30 nov 2026"). */
    day: (d: string) => formatCalendarDay(d, lang, { day: 'numeric', month: 'short', year: 'numeric' }),
  };
}

/** A period's label: short for the chart ("5 dic", "Sem. 30 nov", "dic 2026"), with the year for the table. */
export function usePeriodLabel(granularity: Granularity) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (start: string, withYear: boolean) => {
    const year = withYear ? ({ year: 'numeric' } as const) : {};
    switch (granularity) {
      case 'day':
        return formatCalendarDay(start, lang, { day: 'numeric', month: 'short', ...year });
      case 'week':
        return t('reportsArea.common.weekOf', { day: formatCalendarDay(start, lang, { day: 'numeric', month: 'short', ...year }) });
      case 'month':
        return formatCalendarDay(start, lang, { month: 'short', year: 'numeric' });
    }
  };
}

/** "Del 30 nov 2026 al 13 dic 2026 · por semana". */
export function PeriodLine({ from, to, granularity, testId }: { from: string; to: string; granularity: Granularity; testId: string }) {
  const { t } = useTranslation();
  const { day } = useReportFormat();
  return (
    <Text size="sm" c="dimmed" data-testid={testId}>
      {t('reportsArea.common.period', {
        from: day(from),
        to: day(to),
        grouping: t(`reportsArea.common.groupedBy.${granularity}`),
      })}
    </Text>
  );
}

/** A card with a heading, named by it as a region. */
export function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <Card withBorder component="section" aria-label={title} data-testid={testId}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {children}
      </Stack>
    </Card>
  );
}

/**
 * A figure: a link to the records behind it when there are any, else plain
 * text (a zero, or no value, has nothing behind it). Links are named
 * "<figure>, <what>: <value>".
 */
export function FigureLink({
  to,
  value,
  shown,
  figure,
  what,
  testId,
}: {
  to: string;
  /** The number of records behind it: 0 or null has none. */
  value: number | null;
  /** How it is written. */
  shown: string;
  figure: string;
  what: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  if (value === null || value === 0) return <span data-testid={testId}>{shown}</span>;
  return (
    <Anchor component={Link} to={to} aria-label={t('reportsArea.common.figureLink', { figure, period: what, value: shown })} data-testid={testId}>
      {shown}
    </Anchor>
  );
}

/** A headline figure: its name, how it is written, the records behind it and where they are. */
export interface HeadlineCard {
  key: string;
  label: string;
  shown: string;
  /** The number of records behind it (0 or null: plain text). */
  value: number | null;
  to: string;
  note?: string;
}

/**
 * The report's headline: one card per figure, in a list named "Totales del
 * periodo"; each figure links to its records over the whole range
 * (`data-testid="<testId>-<key>"`).
 */
export function HeadlineCards({ cards, testId, cols }: { cards: HeadlineCard[]; testId: string; cols: SimpleGridProps['cols'] }) {
  const { t } = useTranslation();
  const whole = t('reportsArea.common.wholeRange');
  return (
    <SimpleGrid component="ul" cols={cols} spacing="xs" aria-label={t('reportsArea.common.totals')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {cards.map((c) => (
        <li key={c.key}>
          <Card withBorder padding="sm" h="100%">
            <Text size="sm" c="dimmed">
              {c.label}
            </Text>
            <Text fw={700} size="xl">
              <FigureLink to={c.to} value={c.value} shown={c.shown} figure={c.label} what={whole} testId={`${testId}-${c.key}`} />
            </Text>
            {c.note && (
              <Text size="xs" c="dimmed">
                {c.note}
              </Text>
            )}
          </Card>
        </li>
      ))}
    </SimpleGrid>
  );
}
