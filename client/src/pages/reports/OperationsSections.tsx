/**
 * The operations report's figures: the headline (opened, closed, average
 * cycle time), the chart of orders opened/closed per period with the table
 * behind it, the orders by status and the technicians' workload and
 * productivity. Every figure that counts something opens the records that
 * make it (`/reports/operations/records?figure=…`, see {@link recordsLink}):
 *
 * | figure                        | drill                                   |
 * |-------------------------------|-----------------------------------------|
 * | opened / closed (a period)    | `opened`/`closed`, `start`/`end`        |
 * | opened / closed (whole range) | `opened`/`closed`                       |
 * | average cycle time            | `closed` (the orders it averages)       |
 * | a status' orders              | `status`, key = `label:<label>`, `closed`, `none` |
 * | a technician's figure         | `technician_<…>`, key = their user id   |
 *
 * A zero (or no value) has nothing behind it and is plain text. Links are
 * named "<figure>, <what>: <value>".
 */
import { Card, SimpleGrid, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  CLOSED_STATUS_KEY,
  STATUS_LABEL_PREFIX,
  NO_STATUS_KEY,
  type OperationsFigure,
  type OperationsReport,
  type RecordsDrill,
  type StatusCount,
} from '../../api/reports';
import { ReportBarChart } from './ReportBarChart';
import { FigureLink, Section, usePeriodLabel, useReportFormat } from './ReportParts';

/** A drill for the operations report, with the group's name to show on the records page. */
export type OperationsDrill = RecordsDrill & { figure: OperationsFigure; label?: string };

/** Where a drill leads (the records page with the report's filters). */
export type DrillTo = (drill: OperationsDrill) => string;

export const isEmptyOperations = (data: OperationsReport) => data.opened === 0 && data.closed === 0;

export function OperationsHeadline({ data, drillTo }: { data: OperationsReport; drillTo: DrillTo }) {
  const { t } = useTranslation();
  const { count, hours } = useReportFormat();
  const whole = t('reportsArea.common.wholeRange');
  const cards = [
    { key: 'opened', label: t('reportsArea.operations.opened'), value: data.opened, shown: count(data.opened), figure: 'opened' as const },
    { key: 'closed', label: t('reportsArea.operations.closed'), value: data.closed, shown: count(data.closed), figure: 'closed' as const },
    {
      key: 'cycle',
      label: t('reportsArea.operations.cycle'),
      value: data.average_cycle_hours === null ? null : data.closed,
      shown: data.average_cycle_hours === null ? t('reportsArea.operations.noValue') : hours(data.average_cycle_hours),
      figure: 'closed' as const,
      note: t('reportsArea.operations.cycleNote'),
    },
  ];
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 1, xs: 3 }}
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
            <Text fw={700} size="xl">
              <FigureLink
                to={drillTo({ figure: c.figure })}
                value={c.value}
                shown={c.shown}
                figure={c.label}
                what={whole}
                testId={`operations-total-${c.key}`}
              />
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

export function OperationsPeriods({ data, drillTo }: { data: OperationsReport; drillTo: DrillTo }) {
  const { t } = useTranslation();
  const { count, hours } = useReportFormat();
  const label = usePeriodLabel(data.granularity);
  const rows = data.periods.map((p) => ({ label: label(p.start, false), start: p.start, opened: p.opened, closed: p.closed }));
  const barTarget = (series: string, index: number): string | null => {
    const p = data.periods[index];
    if (!p || (series !== 'opened' && series !== 'closed')) return null;
    return drillTo({ figure: series, start: p.start, end: p.end });
  };
  const opened = t('reportsArea.operations.opened');
  const closed = t('reportsArea.operations.closed');
  const cycle = t('reportsArea.operations.cycle');
  const noValue = t('reportsArea.operations.noValue');
  const cells = (
    p: { opened: number; closed: number; average_cycle_hours: number | null },
    what: string,
    testId: string,
    span?: { start: string; end: string },
  ) => (
    <>
      <Table.Td ta="right">
        <FigureLink to={drillTo({ figure: 'opened', ...span })} value={p.opened} shown={count(p.opened)} figure={opened} what={what} testId={`${testId}-opened`} />
      </Table.Td>
      <Table.Td ta="right">
        <FigureLink to={drillTo({ figure: 'closed', ...span })} value={p.closed} shown={count(p.closed)} figure={closed} what={what} testId={`${testId}-closed`} />
      </Table.Td>
      <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
        <FigureLink
          to={drillTo({ figure: 'closed', ...span })}
          value={p.average_cycle_hours === null ? null : p.closed}
          shown={p.average_cycle_hours === null ? noValue : hours(p.average_cycle_hours)}
          figure={cycle}
          what={what}
          testId={`${testId}-cycle`}
        />
      </Table.Td>
    </>
  );

  return (
    <Section title={t('reportsArea.operations.byPeriod')}>
      <Text size="xs" c="dimmed" className="no-print">
        {t('reportsArea.operations.chartHint')}
      </Text>
      <ReportBarChart
        rows={rows}
        series={[
          { name: 'opened', label: opened, color: 'blue.6' },
          { name: 'closed', label: closed, color: 'teal.6' },
        ]}
        valueFormatter={(v) => count(v)}
        counts
        label={t('reportsArea.operations.chartLabel')}
        testId="operations-chart"
        barTestId="operations-bar"
        target={barTarget}
      />
      <Table.ScrollContainer minWidth={520}>
        <Table striped highlightOnHover aria-label={t('reportsArea.operations.tableByPeriod')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.common.periodColumn')}</Table.Th>
              <Table.Th ta="right">{opened}</Table.Th>
              <Table.Th ta="right">{closed}</Table.Th>
              <Table.Th ta="right">{cycle}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.periods.map((p) => {
              const name = label(p.start, true);
              return (
                <Table.Tr key={p.start} data-testid={`operations-period-${p.start}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{name}</Table.Td>
                  {cells(p, name, `operations-period-${p.start}`, { start: p.start, end: p.end })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="operations-period-total" fw={700}>
              <Table.Th scope="row">{t('reportsArea.common.total')}</Table.Th>
              {cells(data, t('reportsArea.common.wholeRange'), 'operations-period-total')}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

/** A status row's name and its group key for the drill-down. */
export function useStatusName() {
  const { t } = useTranslation();
  return (s: Pick<StatusCount, 'status' | 'closed'>): { name: string; key: string } =>
    s.closed
      ? { name: t('reportsArea.operations.statusClosed'), key: CLOSED_STATUS_KEY }
      : s.status === null
        ? { name: t('reportsArea.operations.statusNone'), key: NO_STATUS_KEY }
        : { name: s.status, key: `${STATUS_LABEL_PREFIX}${s.status}` };
}

export function OperationsStatuses({ data, drillTo }: { data: OperationsReport; drillTo: DrillTo }) {
  const { t } = useTranslation();
  const { count } = useReportFormat();
  const statusName = useStatusName();
  const orders = t('reportsArea.operations.orders');
  return (
    <Section title={t('reportsArea.operations.byStatus')}>
      <Text size="xs" c="dimmed">
        {t('reportsArea.operations.statusHint')}
      </Text>
      <Table.ScrollContainer minWidth={320}>
        <Table striped highlightOnHover aria-label={t('reportsArea.operations.tableByStatus')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.operations.status')}</Table.Th>
              <Table.Th ta="right">{orders}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.by_status.map((s) => {
              const { name, key } = statusName(s);
              return (
                <Table.Tr key={`${s.closed}-${s.status ?? ''}`} data-testid={`operations-status-${key}`}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td ta="right">
                    <FigureLink
                      to={drillTo({ figure: 'status', key, label: name })}
                      value={s.orders}
                      shown={count(s.orders)}
                      figure={orders}
                      what={name}
                    />
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

/** The technicians table's columns: what they show and the figure they open. */
const TECHNICIAN_COLUMNS = [
  { key: 'assigned', labelKey: 'assigned', figure: 'technician_assigned' },
  { key: 'closed', labelKey: 'techClosed', figure: 'technician_closed' },
  { key: 'average_close_hours', labelKey: 'closeHours', figure: 'technician_closed' },
  { key: 'parts_used', labelKey: 'partsUsed', figure: 'technician_parts' },
  { key: 'tasks', labelKey: 'tasks', figure: 'technician_tasks' },
  { key: 'surveys', labelKey: 'surveys', figure: 'technician_surveys' },
  { key: 'nps', labelKey: 'nps', figure: 'technician_surveys' },
  { key: 'csat', labelKey: 'csat', figure: 'technician_surveys' },
] as const;

export function OperationsTechnicians({ data, drillTo }: { data: OperationsReport; drillTo: DrillTo }) {
  const { t } = useTranslation();
  const { count, hours, decimal } = useReportFormat();
  const noValue = t('reportsArea.operations.noValue');
  return (
    <Section title={t('reportsArea.operations.technicians')}>
      {data.technicians.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.operations.noTechnicians')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t('reportsArea.operations.tableTechnicians')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.operations.technician')}</Table.Th>
                {TECHNICIAN_COLUMNS.map((c) => (
                  <Table.Th key={c.key} ta="right">
                    {t(`reportsArea.operations.${c.labelKey}`)}
                  </Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.technicians.map((tech) => (
                <Table.Tr key={tech.user_id} data-testid={`operations-technician-${tech.user_id}`}>
                  <Table.Td>{tech.name}</Table.Td>
                  {TECHNICIAN_COLUMNS.map((c) => {
                    const raw = tech[c.key];
                    // Averages stand on the records they average: the closed orders, the surveys.
                    const behind = c.key === 'average_close_hours' ? tech.closed : c.key === 'nps' || c.key === 'csat' ? tech.surveys : raw;
                    const shown =
                      raw === null ? noValue : c.key === 'average_close_hours' ? hours(raw) : c.key === 'nps' || c.key === 'csat' ? decimal(raw) : count(raw);
                    return (
                      <Table.Td key={c.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
                        <FigureLink
                          to={drillTo({ figure: c.figure, key: tech.user_id, label: tech.name })}
                          value={raw === null ? null : behind}
                          shown={shown}
                          figure={t(`reportsArea.operations.${c.labelKey}`)}
                          what={tech.name}
                          testId={`operations-technician-${tech.user_id}-${c.key}`}
                        />
                      </Table.Td>
                    );
                  })}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}
