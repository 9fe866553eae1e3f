/**
 * The service quality report's figures: the headline, the charts per
 * period (NPS and CSAT trend lines; tickets opened and closed; proactive
 * and reactive contacts), the table behind them, and the survey scores by
 * technician, service type and segment. Every figure opens the records
 * that make it (`/reports/quality/records?figure=…`, see
 * {@link recordsLink}):
 *
 * | figure                                       | drill                                  |
 * |----------------------------------------------|----------------------------------------|
 * | tickets opened / first response / SLA %      | `tickets_opened`                       |
 * | tickets closed / resolution time             | `tickets_closed`                       |
 * | missed the SLA                               | `sla_breached`                         |
 * | surveys / NPS / CSAT                         | `surveys`                              |
 * | a group's surveys, NPS, CSAT                 | `surveys`, key = the group's key       |
 * | proactive / reactive contacts                | `proactive_contacts`/`reactive_contacts` |
 * | a period's figure (table, bar, trend point)  | … with its `start`/`end`               |
 *
 * Averages stand on the records they average. NPS, CSAT and hours with one
 * decimal, percentages too; none "—". A zero (or no value) has nothing
 * behind it and is plain text.
 */
import { LineChart } from '@mantine/charts';
import { Box, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { QualityFigure, QualityFigures, QualityReport, RecordsDrill, ScoreGroup } from '../../api/reports';
import { ReportBarChart } from './ReportBarChart';
import { FigureLink, HeadlineCards, Section, usePeriodLabel, useReportFormat } from './ReportParts';

/** A drill for the quality report, with the group's name to show on the records page. */
export type QualityDrill = RecordsDrill & { figure: QualityFigure; label?: string };

/** Where a drill leads (the records page with the report's filters). */
export type QualityDrillTo = (drill: QualityDrill) => string;

interface Props {
  data: QualityReport;
  drillTo: QualityDrillTo;
}

export const isEmptyQuality = (data: QualityReport) => {
  const f = data.totals;
  return f.tickets_opened === 0 && f.tickets_closed === 0 && f.surveys === 0 && f.proactive_contacts === 0 && f.reactive_contacts === 0;
};

type Kind = 'count' | 'hours' | 'percent' | 'score';
type LabelKey =
  | 'ticketsOpened'
  | 'ticketsClosed'
  | 'responseHours'
  | 'resolutionHours'
  | 'slaCompliance'
  | 'slaBreached'
  | 'surveys'
  | 'nps'
  | 'csat'
  | 'proactive'
  | 'reactive';

/** A quality figure: how it is written and the records behind it. */
const COLUMNS: {
  key: keyof QualityFigures;
  labelKey: LabelKey;
  noteKey?: 'responseNote' | 'resolutionNote' | 'slaComplianceNote' | 'npsNote' | 'csatNote';
  figure: QualityFigure;
  kind: Kind;
  /** How many records stand behind it (0 or null: none). */
  behind: (f: QualityFigures) => number | null;
}[] = [
  { key: 'tickets_opened', labelKey: 'ticketsOpened', figure: 'tickets_opened', kind: 'count', behind: (f) => f.tickets_opened },
  { key: 'tickets_closed', labelKey: 'ticketsClosed', figure: 'tickets_closed', kind: 'count', behind: (f) => f.tickets_closed },
  {
    key: 'average_response_hours',
    labelKey: 'responseHours',
    noteKey: 'responseNote',
    figure: 'tickets_opened',
    kind: 'hours',
    behind: (f) => (f.average_response_hours === null ? null : f.tickets_opened),
  },
  {
    key: 'average_resolution_hours',
    labelKey: 'resolutionHours',
    noteKey: 'resolutionNote',
    figure: 'tickets_closed',
    kind: 'hours',
    behind: (f) => (f.average_resolution_hours === null ? null : f.tickets_closed),
  },
  {
    key: 'sla_compliance_pct',
    labelKey: 'slaCompliance',
    noteKey: 'slaComplianceNote',
    figure: 'tickets_opened',
    kind: 'percent',
    behind: (f) => (f.sla_compliance_pct === null ? null : f.tickets_opened),
  },
  { key: 'sla_breached', labelKey: 'slaBreached', figure: 'sla_breached', kind: 'count', behind: (f) => f.sla_breached },
  { key: 'surveys', labelKey: 'surveys', figure: 'surveys', kind: 'count', behind: (f) => f.surveys },
  { key: 'nps', labelKey: 'nps', noteKey: 'npsNote', figure: 'surveys', kind: 'score', behind: (f) => (f.nps === null ? null : f.surveys) },
  { key: 'csat', labelKey: 'csat', noteKey: 'csatNote', figure: 'surveys', kind: 'score', behind: (f) => (f.csat === null ? null : f.surveys) },
  { key: 'proactive_contacts', labelKey: 'proactive', figure: 'proactive_contacts', kind: 'count', behind: (f) => f.proactive_contacts },
  { key: 'reactive_contacts', labelKey: 'reactive', figure: 'reactive_contacts', kind: 'count', behind: (f) => f.reactive_contacts },
];

function useShown() {
  const { t } = useTranslation();
  const { count, hours, percent, optional } = useReportFormat();
  return (f: QualityFigures, c: (typeof COLUMNS)[number]): string => {
    const v = f[c.key];
    if (v === null) return t('reportsArea.common.noValue');
    switch (c.kind) {
      case 'count':
        return count(v);
      case 'hours':
        return hours(v);
      case 'percent':
        return percent(v);
      case 'score':
        return optional(v);
    }
  };
}

export function QualityHeadline({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const shown = useShown();
  return (
    <HeadlineCards
      testId="quality-total"
      cols={{ base: 1, xs: 2, sm: 3, md: 4 }}
      cards={COLUMNS.map((c) => ({
        key: c.key,
        label: t(`reportsArea.quality.${c.labelKey}`),
        shown: shown(data.totals, c),
        value: c.behind(data.totals),
        to: drillTo({ figure: c.figure }),
        note: c.noteKey && t(`reportsArea.quality.${c.noteKey}`),
      }))}
    />
  );
}

/**
 * The NPS (left axis, −100 to 100) and CSAT (right axis, 1 to 5) of each
 * period; a click on a period opens its surveys.
 */
function ScoresChart({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { optional } = useReportFormat();
  const label = usePeriodLabel(data.granularity);
  const rows = data.periods.map((p) => ({ label: label(p.start, false), start: p.start, nps: p.figures.nps, csat: p.figures.csat }));
  const open = (index: number | undefined) => {
    const p = index === undefined ? undefined : data.periods[index];
    if (p && p.figures.surveys > 0) navigate(drillTo({ figure: 'surveys', start: p.start, end: p.end }));
  };
  return (
    <Box role="img" aria-label={t('reportsArea.quality.scoresChartLabel')} data-testid="quality-scores-chart" style={{ cursor: 'pointer' }}>
      <LineChart
        h={280}
        data={rows}
        dataKey="label"
        withLegend
        withRightYAxis
        connectNulls
        valueFormatter={(v) => optional(v)}
        yAxisProps={{ domain: [-100, 100], width: 50 }}
        rightYAxisProps={{ domain: [1, 5], width: 40 }}
        series={[
          { name: 'nps', label: t('reportsArea.quality.nps'), color: 'blue.6' },
          { name: 'csat', label: t('reportsArea.quality.csat'), color: 'orange.6', yAxisId: 'right' },
        ]}
        lineChartProps={{ onClick: (state) => open(state?.activeTooltipIndex ?? undefined) }}
      />
    </Box>
  );
}

export function QualityCharts({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { count } = useReportFormat();
  const label = usePeriodLabel(data.granularity);
  const rows = data.periods.map((p) => ({
    label: label(p.start, false),
    start: p.start,
    tickets_opened: p.figures.tickets_opened,
    tickets_closed: p.figures.tickets_closed,
    proactive_contacts: p.figures.proactive_contacts,
    reactive_contacts: p.figures.reactive_contacts,
  }));
  const barTarget = (series: string, index: number): string | null => {
    const p = data.periods[index];
    const figures = ['tickets_opened', 'tickets_closed', 'proactive_contacts', 'reactive_contacts'] as const;
    const figure = figures.find((f) => f === series);
    if (!p || !figure || p.figures[figure] === 0) return null;
    return drillTo({ figure, start: p.start, end: p.end });
  };
  return (
    <>
      <Section title={t('reportsArea.quality.scoresChart')} testId="quality-scores">
        {data.totals.surveys === 0 ? (
          <Text c="dimmed">{t('reportsArea.quality.noScores')}</Text>
        ) : (
          <>
            <Text size="xs" c="dimmed" className="no-print">
              {t('reportsArea.quality.scoresChartHint')}
            </Text>
            <ScoresChart data={data} drillTo={drillTo} />
          </>
        )}
      </Section>
      <SimpleGrid cols={{ base: 1, lg: 2 }}>
        <Section title={t('reportsArea.quality.ticketsChart')}>
          <Text size="xs" c="dimmed" className="no-print">
            {t('reportsArea.common.chartHint')}
          </Text>
          <ReportBarChart
            rows={rows}
            series={[
              { name: 'tickets_opened', label: t('reportsArea.quality.ticketsOpened'), color: 'blue.6' },
              { name: 'tickets_closed', label: t('reportsArea.quality.ticketsClosed'), color: 'teal.6' },
            ]}
            valueFormatter={(v) => count(v)}
            counts
            label={t('reportsArea.quality.ticketsChartLabel')}
            testId="quality-tickets-chart"
            barTestId="quality-bar"
            target={barTarget}
          />
        </Section>
        <Section title={t('reportsArea.quality.contactsChart')}>
          <Text size="xs" c="dimmed" className="no-print">
            {t('reportsArea.common.chartHint')}
          </Text>
          <ReportBarChart
            rows={rows}
            series={[
              { name: 'proactive_contacts', label: t('reportsArea.quality.proactive'), color: 'grape.6' },
              { name: 'reactive_contacts', label: t('reportsArea.quality.reactive'), color: 'orange.6' },
            ]}
            valueFormatter={(v) => count(v)}
            counts
            label={t('reportsArea.quality.contactsChartLabel')}
            testId="quality-contacts-chart"
            barTestId="quality-bar"
            target={barTarget}
          />
        </Section>
      </SimpleGrid>
    </>
  );
}

/** The figure cells of a period (or the total). */
function FigureCells({ figures, drill, what, testId }: { figures: QualityFigures; drill: (figure: QualityFigure) => string; what: string; testId: string }) {
  const { t } = useTranslation();
  const shown = useShown();
  return (
    <>
      {COLUMNS.map((c) => (
        <Table.Td key={c.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
          <FigureLink
            to={drill(c.figure)}
            value={c.behind(figures)}
            shown={shown(figures, c)}
            figure={t(`reportsArea.quality.${c.labelKey}`)}
            what={what}
            testId={`${testId}-${c.key}`}
          />
        </Table.Td>
      ))}
    </>
  );
}

export function QualityPeriods({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const label = usePeriodLabel(data.granularity);
  return (
    <Section title={t('reportsArea.quality.byPeriod')}>
      <Table.ScrollContainer minWidth={1320}>
        <Table striped highlightOnHover aria-label={t('reportsArea.quality.tableByPeriod')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.common.periodColumn')}</Table.Th>
              {COLUMNS.map((c) => (
                <Table.Th key={c.key} ta="right">
                  {t(`reportsArea.quality.${c.labelKey}`)}
                </Table.Th>
              ))}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.periods.map((p) => {
              const name = label(p.start, true);
              return (
                <Table.Tr key={p.start} data-testid={`quality-period-${p.start}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{name}</Table.Td>
                  <FigureCells
                    figures={p.figures}
                    drill={(figure) => drillTo({ figure, start: p.start, end: p.end })}
                    what={name}
                    testId={`quality-period-${p.start}`}
                  />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="quality-period-total" fw={700}>
              <Table.Th scope="row">{t('reportsArea.common.total')}</Table.Th>
              <FigureCells figures={data.totals} drill={(figure) => drillTo({ figure })} what={t('reportsArea.common.wholeRange')} testId="quality-period-total" />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

const TICKET_TYPE = /^ticket:(billing|technical_support|general_information|complaint|suggestion)$/;

/** A group's name: a technician's, a service type (order reason or ticket type), a segment. */
function useGroupName() {
  const { t } = useTranslation();
  return (group: 'technician' | 'type' | 'segment', g: ScoreGroup): string => {
    if (group === 'type') {
      const ticket = TICKET_TYPE.exec(g.label);
      if (ticket) return t('reportsArea.quality.ticketType', { type: t(`tickets.types.${ticket[1] as 'billing'}`) });
      if (g.label === 'unknown' || !g.label.trim()) return t('reportsArea.quality.unknownType');
      return g.label.charAt(0).toLocaleUpperCase() + g.label.slice(1);
    }
    if (group === 'segment' && !g.label.trim()) return t('reportsArea.quality.noSegment');
    return g.label;
  };
}

function ScoreTable({
  groups,
  group,
  title,
  column,
  tableLabel,
  drillTo,
}: {
  groups: ScoreGroup[];
  group: 'technician' | 'type' | 'segment';
  title: string;
  column: string;
  tableLabel: string;
  drillTo: QualityDrillTo;
}) {
  const { t } = useTranslation();
  const { count, optional } = useReportFormat();
  const name = useGroupName();
  const surveys = t('reportsArea.quality.surveys');
  const nps = t('reportsArea.quality.nps');
  const csat = t('reportsArea.quality.csat');
  return (
    <Section title={title} testId={`quality-${group}`}>
      {groups.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.quality.noScores')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table striped highlightOnHover aria-label={tableLabel}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{column}</Table.Th>
                <Table.Th ta="right">{surveys}</Table.Th>
                <Table.Th ta="right">{nps}</Table.Th>
                <Table.Th ta="right">{csat}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {groups.map((g) => {
                const shown = name(group, g);
                const to = drillTo({ figure: 'surveys', key: g.key, label: shown });
                return (
                  <Table.Tr key={g.key} data-testid={`quality-group-${g.key}`}>
                    <Table.Td>{shown}</Table.Td>
                    <Table.Td ta="right">
                      <FigureLink to={to} value={g.surveys} shown={count(g.surveys)} figure={surveys} what={shown} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <FigureLink to={to} value={g.nps === null ? null : g.surveys} shown={optional(g.nps)} figure={nps} what={shown} />
                    </Table.Td>
                    <Table.Td ta="right">
                      <FigureLink to={to} value={g.csat === null ? null : g.surveys} shown={optional(g.csat)} figure={csat} what={shown} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function QualityGroups({ data, drillTo }: Props) {
  const { t } = useTranslation();
  return (
    <SimpleGrid cols={{ base: 1, md: 3 }}>
      <ScoreTable
        groups={data.by_technician}
        group="technician"
        title={t('reportsArea.quality.byTechnician')}
        column={t('reportsArea.quality.technician')}
        tableLabel={t('reportsArea.quality.tableByTechnician')}
        drillTo={drillTo}
      />
      <ScoreTable
        groups={data.by_service_type}
        group="type"
        title={t('reportsArea.quality.byServiceType')}
        column={t('reportsArea.quality.serviceType')}
        tableLabel={t('reportsArea.quality.tableByServiceType')}
        drillTo={drillTo}
      />
      <ScoreTable
        groups={data.by_segment}
        group="segment"
        title={t('reportsArea.quality.bySegment')}
        column={t('reportsArea.quality.segment')}
        tableLabel={t('reportsArea.quality.tableBySegment')}
        drillTo={drillTo}
      />
    </SimpleGrid>
  );
}
