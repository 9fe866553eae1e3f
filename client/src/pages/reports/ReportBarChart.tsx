/**
 * A report's bar chart by period (@mantine/charts over recharts) whose bars
 * open the records behind them: a bar of series `s` in period `i` goes to
 * `target(s, i)` when that gives a place (a pointer cursor says so). Each
 * bar carries `data-testid="<barTestId>-<series>-<period start>"` for tests
 * and automation; a period without a figure draws no bar.
 */
import { BarChart } from '@mantine/charts';
import { Box } from '@mantine/core';
import { Rectangle, type RectangleProps } from 'recharts';
import { useNavigate } from 'react-router-dom';

export interface ChartSeries {
  /** The row's field holding the figure. */
  name: string;
  label: string;
  color: string;
}

export interface ChartRow {
  /** The period's label on the axis. */
  label: string;
  /** The period's first day. */
  start: string;
  [figure: string]: string | number;
}

export function ReportBarChart({
  rows,
  series,
  valueFormatter,
  label,
  testId,
  barTestId,
  target,
  yAxisWidth = 60,
  counts = false,
}: {
  rows: ChartRow[];
  series: ChartSeries[];
  valueFormatter: (value: number) => string;
  /** The chart's accessible name. */
  label: string;
  testId: string;
  barTestId: string;
  /** Where the bar of `series` in the period `index` leads, if anywhere. */
  target: (series: string, index: number) => string | null;
  yAxisWidth?: number;
  /** The figures are counts: the axis has whole ticks only. */
  counts?: boolean;
}) {
  const navigate = useNavigate();
  return (
    <Box role="img" aria-label={label} data-testid={testId}>
      <BarChart
        h={320}
        data={rows}
        dataKey="label"
        withLegend
        valueFormatter={valueFormatter}
        yAxisProps={{ width: yAxisWidth, allowDecimals: !counts }}
        series={series}
        barProps={(s) => {
          const clickable = rows.some((_, i) => target(s.name, i) !== null);
          return {
            cursor: clickable ? 'pointer' : undefined,
            onClick: (_bar: unknown, index: number) => {
              const to = target(s.name, index);
              if (to) navigate(to);
            },
            // Each bar names its series and period, for tests and automation.
            shape: (props: unknown) => {
              const bar = props as RectangleProps & { payload?: { start?: string } };
              return <Rectangle {...bar} data-testid={`${barTestId}-${s.name}-${bar.payload?.start ?? ''}`} />;
            },
          };
        }}
      />
    </Box>
  );
}
