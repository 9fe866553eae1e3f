/**
 * The revenue report by period: the chart of "Facturado" (net) and
 * "Cobrado" per period — a bar opens the invoices issued (or, for the
 * office, the payments received) in its period — and the table behind it,
 * every figure a link to its records. The bars carry
 * `data-testid="revenue-bar-<net|collected>-<period start>"`.
 */
import { Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type DrillDown, type RevenueFilters, type RevenueReport, invoicesLink, paymentsLink } from '../../api/reports';
import { ReportBarChart } from './ReportBarChart';
import { Section, usePeriodLabel, useReportFormat } from './ReportParts';
import { FigureCells, FigureHeaders } from './RevenueFigures';

export function RevenuePeriods({ data, filters, paymentsLinked }: { data: RevenueReport; filters: RevenueFilters; paymentsLinked: boolean }) {
  const { t } = useTranslation();
  const { money } = useReportFormat(data.currency);
  const label = usePeriodLabel(data.granularity);
  const drill = (p: { start: string; end: string }): DrillDown => ({ from: p.start, to: p.end, customer_id: filters.customer_id });
  const rows = data.periods.map((p) => ({
    label: label(p.start, false),
    start: p.start,
    net: Number(p.figures.net),
    collected: Number(p.figures.collected),
  }));
  /** Where a bar of `series` leads, if anywhere. */
  const barTarget = (series: string, index: number): string | null => {
    const p = data.periods[index];
    if (!p) return null;
    if (series === 'net') return invoicesLink(drill(p));
    return series === 'collected' && paymentsLinked ? paymentsLink(drill(p)) : null;
  };

  return (
    <Section title={t('reportsArea.revenue.byPeriod')}>
      <Text size="xs" c="dimmed" className="no-print">
        {paymentsLinked ? t('reportsArea.revenue.chartHintOffice') : t('reportsArea.revenue.chartHintSeller')}
      </Text>
      <ReportBarChart
        rows={rows}
        series={[
          { name: 'net', label: t('reportsArea.revenue.invoiced'), color: 'blue.6' },
          { name: 'collected', label: t('reportsArea.revenue.collected'), color: 'teal.6' },
        ]}
        valueFormatter={(v) => money(v)}
        yAxisWidth={90}
        label={t('reportsArea.revenue.chartLabel')}
        testId="revenue-chart"
        barTestId="revenue-bar"
        target={barTarget}
      />
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableByPeriod')}>
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
                <Table.Tr key={p.start} data-testid={`revenue-period-${p.start}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{name}</Table.Td>
                  <FigureCells
                    figures={p.figures}
                    currency={data.currency}
                    drill={drill(p)}
                    what={name}
                    paymentsLinked={paymentsLinked}
                    testId={`revenue-period-${p.start}`}
                  />
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="revenue-period-total" fw={700}>
              <Table.Th scope="row">{t('reportsArea.common.total')}</Table.Th>
              <FigureCells
                figures={data.totals}
                currency={data.currency}
                drill={drill({ start: data.from, end: data.to })}
                what={t('reportsArea.common.wholeRange')}
                paymentsLinked={paymentsLinked}
                testId="revenue-period-total"
              />
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}
