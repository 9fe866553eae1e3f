/**
 * The sales report's figures: the headline, the chart of opportunities
 * created, won and lost per period with the table behind it, the funnel
 * (chart and table) and the figures by seller. Every figure opens the
 * opportunities that make it (`/reports/sales/records?figure=…`, see
 * {@link recordsLink}):
 *
 * | figure                                     | drill                                  |
 * |--------------------------------------------|----------------------------------------|
 * | created / open / won / lost                | the same figure                        |
 * | win rate (won ÷ won + lost)                | `won`                                  |
 * | conversion (won ÷ created)                 | `created`                              |
 * | won value / pipeline and weighted value    | `won` / `open`                         |
 * | a period's figure                          | … with its `start`/`end`               |
 * | a seller's figure                          | … with key = the seller's user id      |
 * | a funnel step                              | `reached`, key = the stage             |
 *
 * Money is in the report's currency, rates with one decimal, none "—". A
 * zero (or no value) has nothing behind it and is plain text.
 */
import { FunnelChart } from '@mantine/charts';
import { Box, Group, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { FunnelProps } from 'recharts';
import { type RecordsDrill, type SalesFigure, type SalesFigures, type SalesReport } from '../../api/reports';
import { ReportBarChart } from './ReportBarChart';
import { FigureLink, HeadlineCards, Section, usePeriodLabel, useReportFormat } from './ReportParts';

/** A drill for the sales report, with the group's name to show on the records page. */
export type SalesDrill = RecordsDrill & { figure: SalesFigure; label?: string };

/** Where a drill leads (the records page with the report's filters). */
export type SalesDrillTo = (drill: SalesDrill) => string;

interface Props {
  data: SalesReport;
  drillTo: SalesDrillTo;
}

export const isEmptySales = (data: SalesReport) => data.totals.created === 0;

type Kind = 'count' | 'percent' | 'money';

/** A figure of a group of opportunities: how it is written and the opportunities behind it. */
const COLUMNS: {
  key: keyof SalesFigures;
  labelKey: 'created' | 'open' | 'won' | 'lost' | 'winRate' | 'conversion' | 'wonValue' | 'pipelineValue' | 'weightedValue';
  noteKey?: 'winRateNote' | 'conversionNote' | 'pipelineNote' | 'weightedNote';
  figure: Exclude<SalesFigure, 'reached'>;
  kind: Kind;
  /** How many opportunities stand behind it (0 or null: none). */
  behind: (f: SalesFigures) => number | null;
}[] = [
  { key: 'created', labelKey: 'created', figure: 'created', kind: 'count', behind: (f) => f.created },
  { key: 'open', labelKey: 'open', figure: 'open', kind: 'count', behind: (f) => f.open },
  { key: 'won', labelKey: 'won', figure: 'won', kind: 'count', behind: (f) => f.won },
  { key: 'lost', labelKey: 'lost', figure: 'lost', kind: 'count', behind: (f) => f.lost },
  {
    key: 'win_rate_pct',
    labelKey: 'winRate',
    noteKey: 'winRateNote',
    figure: 'won',
    kind: 'percent',
    behind: (f) => (f.win_rate_pct === null ? null : f.won),
  },
  {
    key: 'conversion_pct',
    labelKey: 'conversion',
    noteKey: 'conversionNote',
    figure: 'created',
    kind: 'percent',
    behind: (f) => (f.conversion_pct === null ? null : f.created),
  },
  { key: 'won_value', labelKey: 'wonValue', figure: 'won', kind: 'money', behind: (f) => f.won },
  { key: 'pipeline_value', labelKey: 'pipelineValue', noteKey: 'pipelineNote', figure: 'open', kind: 'money', behind: (f) => f.open },
  { key: 'weighted_value', labelKey: 'weightedValue', noteKey: 'weightedNote', figure: 'open', kind: 'money', behind: (f) => f.open },
];

function useShown(currency: string) {
  const { money, count, percent } = useReportFormat(currency);
  return (f: SalesFigures, c: (typeof COLUMNS)[number]): string => {
    const v = f[c.key];
    if (c.kind === 'money') return money(v as string);
    if (c.kind === 'percent') return percent(v as number | null);
    return count(v as number);
  };
}

export function SalesHeadline({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const shown = useShown(data.currency);
  return (
    <HeadlineCards
      testId="sales-total"
      cols={{ base: 1, xs: 2, sm: 3 }}
      cards={COLUMNS.map((c) => ({
        key: c.key,
        label: t(`reportsArea.sales.${c.labelKey}`),
        shown: shown(data.totals, c),
        value: c.behind(data.totals),
        to: drillTo({ figure: c.figure }),
        note: c.noteKey && t(`reportsArea.sales.${c.noteKey}`),
      }))}
    />
  );
}

/** The figure cells of a row (a period, the total, a seller). */
function FigureCells({
  figures,
  currency,
  drill,
  what,
  testId,
}: {
  figures: SalesFigures;
  currency: string;
  /** The row's drill without its figure: the period's days, the seller. */
  drill: (figure: Exclude<SalesFigure, 'reached'>) => string;
  what: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const shown = useShown(currency);
  return (
    <>
      {COLUMNS.map((c) => (
        <Table.Td key={c.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
          <FigureLink
            to={drill(c.figure)}
            value={c.behind(figures)}
            shown={shown(figures, c)}
            figure={t(`reportsArea.sales.${c.labelKey}`)}
            what={what}
            testId={testId && `${testId}-${c.key}`}
          />
        </Table.Td>
      ))}
    </>
  );
}

function FigureHeaders() {
  const { t } = useTranslation();
  return (
    <>
      {COLUMNS.map((c) => (
        <Table.Th key={c.key} ta="right">
          {t(`reportsArea.sales.${c.labelKey}`)}
        </Table.Th>
      ))}
    </>
  );
}

export function SalesPeriods({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { count } = useReportFormat(data.currency);
  const label = usePeriodLabel(data.granularity);
  const rows = data.periods.map((p) => ({
    label: label(p.start, false),
    start: p.start,
    created: p.figures.created,
    won: p.figures.won,
    lost: p.figures.lost,
  }));
  const barTarget = (series: string, index: number): string | null => {
    const p = data.periods[index];
    if (!p || (series !== 'created' && series !== 'won' && series !== 'lost') || p.figures[series] === 0) return null;
    return drillTo({ figure: series, start: p.start, end: p.end });
  };
  return (
    <Section title={t('reportsArea.sales.byPeriod')}>
      <Text size="xs" c="dimmed" className="no-print">
        {t('reportsArea.sales.chartHint')}
      </Text>
      <ReportBarChart
        rows={rows}
        series={[
          { name: 'created', label: t('reportsArea.sales.created'), color: 'blue.6' },
          { name: 'won', label: t('reportsArea.sales.won'), color: 'teal.6' },
          { name: 'lost', label: t('reportsArea.sales.lost'), color: 'red.6' },
        ]}
        valueFormatter={(v) => count(v)}
        counts
        label={t('reportsArea.sales.chartLabel')}
        testId="sales-chart"
        barTestId="sales-bar"
        target={barTarget}
      />
      <Table.ScrollContainer minWidth={1040}>
        <Table striped highlightOnHover aria-label={t('reportsArea.sales.tableByPeriod')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.common.periodColumn')}</Table.Th>
              <FigureHeaders />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.periods.map((p) => {
              const name = label(p.start, true);
              return (
                <Table.Tr key={p.start} data-testid={`sales-period-${p.start}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{name}</Table.Td>
                  <FigureCells
                    figures={p.figures}
                    currency={data.currency}
                    drill={(figure) => drillTo({ figure, start: p.start, end: p.end })}
                    what={name}
                    testId={`sales-period-${p.start}`}
                  />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="sales-period-total" fw={700}>
              <Table.Th scope="row">{t('reportsArea.common.total')}</Table.Th>
              <FigureCells
                figures={data.totals}
                currency={data.currency}
                drill={(figure) => drillTo({ figure })}
                what={t('reportsArea.common.wholeRange')}
                testId="sales-period-total"
              />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

const FUNNEL_COLORS = ['blue.4', 'blue.5', 'blue.6', 'blue.7', 'teal.6', 'gray.5'];

export function SalesFunnel({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { count, percent } = useReportFormat(data.currency);
  const reached = t('reportsArea.sales.reached');
  const stageName = (stage: (typeof data.funnel)[number]['stage']) => t(`crm.stages.${stage}`);
  const target = (i: number) => {
    const step = data.funnel[i];
    return step && step.reached > 0 ? drillTo({ figure: 'reached', key: step.stage, label: stageName(step.stage) }) : null;
  };
  return (
    <Section title={t('reportsArea.sales.funnel')}>
      <Text size="xs" c="dimmed">
        {t('reportsArea.sales.funnelHint')}
      </Text>
      <Group align="flex-start" wrap="wrap" gap="lg">
        {data.funnel.some((s) => s.reached > 0) && (
          <Box role="img" aria-label={t('reportsArea.sales.funnelLabel')} data-testid="sales-funnel-chart">
            <FunnelChart
              size={220}
              withLabels
              labelsPosition="inside"
              valueFormatter={(v) => count(v)}
              data={data.funnel.map((s, i) => ({ key: s.stage, name: stageName(s.stage), value: s.reached, color: FUNNEL_COLORS[i] ?? 'gray.5' }))}
              funnelProps={{
                cursor: 'pointer',
                // Recharts calls it with the segment and its index.
                onClick: ((_segment: unknown, index: number) => {
                  const to = target(index);
                  if (to) navigate(to);
                }) as unknown as FunnelProps['onClick'],
              }}
            />
          </Box>
        )}
        <Table.ScrollContainer minWidth={320} style={{ flex: 1 }}>
          <Table striped highlightOnHover aria-label={t('reportsArea.sales.tableFunnel')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.sales.stage')}</Table.Th>
                <Table.Th ta="right">{reached}</Table.Th>
                <Table.Th ta="right">{t('reportsArea.sales.fromPrevious')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.funnel.map((s) => {
                const name = stageName(s.stage);
                return (
                  <Table.Tr key={s.stage} data-testid={`sales-funnel-${s.stage}`}>
                    <Table.Td>{name}</Table.Td>
                    <Table.Td ta="right">
                      <FigureLink
                        to={drillTo({ figure: 'reached', key: s.stage, label: name })}
                        value={s.reached}
                        shown={count(s.reached)}
                        figure={reached}
                        what={name}
                        testId={`sales-funnel-${s.stage}-reached`}
                      />
                    </Table.Td>
                    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                      {percent(s.from_previous_pct)}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Group>
    </Section>
  );
}

export function SalesSellers({ data, drillTo }: Props) {
  const { t } = useTranslation();
  return (
    <Section title={t('reportsArea.sales.bySeller')}>
      {data.by_seller.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.sales.noSellers')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={1080}>
          <Table striped highlightOnHover aria-label={t('reportsArea.sales.tableBySeller')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.sales.seller')}</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_seller.map((s) => (
                <Table.Tr key={s.seller_id} data-testid={`sales-seller-${s.seller_id}`}>
                  <Table.Td>{s.name}</Table.Td>
                  <FigureCells
                    figures={s.figures}
                    currency={data.currency}
                    drill={(figure) => drillTo({ figure, key: s.seller_id, label: s.name })}
                    what={s.name}
                    testId={`sales-seller-${s.seller_id}`}
                  />
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
