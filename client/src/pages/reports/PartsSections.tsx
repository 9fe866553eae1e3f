/**
 * The parts and suppliers report's figures: the headline, the chart of the
 * value consumed per period with the table behind it, the consumption by
 * item and by machine model, today's items below minimum and the
 * suppliers' ranking. Every figure that counts something opens the records
 * that make it (`/reports/parts/records?figure=…`, see {@link recordsLink}):
 *
 * | figure                                   | drill                                        |
 * |------------------------------------------|----------------------------------------------|
 * | value consumed / consumptions / items    | `consumption` (a period: `start`/`end`)      |
 * | an item's quantity, consumptions, value  | `consumption`, key = the item's id           |
 * | a model's consumptions, value            | `model_consumption`, key = model or `none`   |
 * | stock value (today)                      | `stock_value`                                |
 * | items below minimum (today)              | `below_minimum`                              |
 * | a supplier's figures                     | `supplier`, key = its id (its purchase orders) |
 *
 * An item's SKU opens the item itself, and a supplier's name the supplier.
 * Money is in the report's currency. A zero (or no value) has nothing
 * behind it and is plain text.
 */
import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type PartsFigure, type PartsReport, NO_MODEL_KEY, type RecordsDrill, recordPath } from '../../api/reports';
import { STOCK_UNITS, type StockUnit } from '../../api/stock';
import { formatNumber } from '../../lib/format';
import { ReportBarChart } from './ReportBarChart';
import { FigureLink, HeadlineCards, Section, usePeriodLabel, useReportFormat } from './ReportParts';

/** A drill for the parts report, with the group's name to show on the records page. */
export type PartsDrill = RecordsDrill & { figure: PartsFigure; label?: string };

/** Where a drill leads (the records page with the report's filters). */
export type PartsDrillTo = (drill: PartsDrill) => string;

interface Props {
  data: PartsReport;
  drillTo: PartsDrillTo;
}

export const isEmptyParts = (data: PartsReport) => data.moves === 0;

/** A stock quantity ("1,5"), up to three decimals. */
function useQuantity() {
  const { i18n } = useTranslation();
  return (q: string) => formatNumber(q, i18n.language, 3);
}

/** An item's unit by name ("Litro"); an unknown unit as it came. */
function useUnitName() {
  const { t } = useTranslation();
  return (unit: string) => ((STOCK_UNITS as readonly string[]).includes(unit) ? t(`stockArea.units.${unit as StockUnit}`) : unit);
}

export function PartsHeadline({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(data.currency);
  const consumption = drillTo({ figure: 'consumption' });
  return (
    <HeadlineCards
      testId="parts-total"
      cols={{ base: 1, xs: 2, md: 3, lg: 5 }}
      cards={[
        {
          key: 'value',
          label: t('reportsArea.parts.consumedValue'),
          shown: money(data.consumed_value),
          value: data.moves,
          to: consumption,
          note: t('reportsArea.parts.consumedValueNote'),
        },
        { key: 'moves', label: t('reportsArea.parts.moves'), shown: count(data.moves), value: data.moves, to: consumption },
        { key: 'items', label: t('reportsArea.parts.itemsConsumed'), shown: count(data.items_consumed), value: data.items_consumed, to: consumption },
        {
          key: 'stock',
          label: t('reportsArea.parts.stockValue'),
          shown: money(data.stock_value),
          value: Number(data.stock_value),
          to: drillTo({ figure: 'stock_value' }),
          note: t('reportsArea.parts.stockValueNote'),
        },
        {
          key: 'below',
          label: t('reportsArea.parts.belowMinimum'),
          shown: count(data.below_minimum.length),
          value: data.below_minimum.length,
          to: drillTo({ figure: 'below_minimum' }),
          note: t('reportsArea.parts.belowMinimumNote'),
        },
      ]}
    />
  );
}

export function PartsPeriods({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(data.currency);
  const label = usePeriodLabel(data.granularity);
  const value = t('reportsArea.parts.consumedValue');
  const moves = t('reportsArea.parts.moves');
  const rows = data.periods.map((p) => ({ label: label(p.start, false), start: p.start, value: Number(p.value) }));
  const barTarget = (series: string, index: number): string | null => {
    const p = data.periods[index];
    if (!p || series !== 'value' || p.moves === 0) return null;
    return drillTo({ figure: 'consumption', start: p.start, end: p.end });
  };
  const cells = (p: { moves: number; value: string }, what: string, testId: string, span?: { start: string; end: string }) => {
    const to = drillTo({ figure: 'consumption', ...span });
    return (
      <>
        <Table.Td ta="right">
          <FigureLink to={to} value={p.moves} shown={count(p.moves)} figure={moves} what={what} testId={`${testId}-moves`} />
        </Table.Td>
        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
          <FigureLink to={to} value={p.moves} shown={money(p.value)} figure={value} what={what} testId={`${testId}-value`} />
        </Table.Td>
      </>
    );
  };
  return (
    <Section title={t('reportsArea.parts.byPeriod')}>
      <Text size="xs" c="dimmed" className="no-print">
        {t('reportsArea.parts.chartHint')}
      </Text>
      <ReportBarChart
        rows={rows}
        series={[{ name: 'value', label: value, color: 'blue.6' }]}
        valueFormatter={(v) => money(v)}
        yAxisWidth={90}
        label={t('reportsArea.parts.chartLabel')}
        testId="parts-chart"
        barTestId="parts-bar"
        target={barTarget}
      />
      <Table.ScrollContainer minWidth={420}>
        <Table striped highlightOnHover aria-label={t('reportsArea.parts.tableByPeriod')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.common.periodColumn')}</Table.Th>
              <Table.Th ta="right">{moves}</Table.Th>
              <Table.Th ta="right">{value}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.periods.map((p) => {
              const name = label(p.start, true);
              return (
                <Table.Tr key={p.start} data-testid={`parts-period-${p.start}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{name}</Table.Td>
                  {cells(p, name, `parts-period-${p.start}`, { start: p.start, end: p.end })}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="parts-period-total" fw={700}>
              <Table.Th scope="row">{t('reportsArea.common.total')}</Table.Th>
              {cells({ moves: data.moves, value: data.consumed_value }, t('reportsArea.common.wholeRange'), 'parts-period-total')}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
    </Section>
  );
}

export function PartsItems({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(data.currency);
  const quantity = useQuantity();
  const unitName = useUnitName();
  const figures = {
    quantity: t('reportsArea.parts.quantity'),
    moves: t('reportsArea.parts.moves'),
    value: t('reportsArea.parts.value'),
  };
  return (
    <Section title={t('reportsArea.parts.byItem')}>
      <Text size="xs" c="dimmed">
        {t('reportsArea.parts.byItemHint')}
      </Text>
      <Table.ScrollContainer minWidth={680}>
        <Table striped highlightOnHover aria-label={t('reportsArea.parts.tableByItem')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.parts.sku')}</Table.Th>
              <Table.Th>{t('reportsArea.parts.description')}</Table.Th>
              <Table.Th ta="right">{figures.quantity}</Table.Th>
              <Table.Th>{t('stockArea.unit')}</Table.Th>
              <Table.Th ta="right">{figures.moves}</Table.Th>
              <Table.Th ta="right">{figures.value}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.by_item.map((i) => {
              const name = `${i.sku} · ${i.description}`;
              const to = drillTo({ figure: 'consumption', key: i.item_id, label: name });
              return (
                <Table.Tr key={i.item_id} data-testid={`parts-item-${i.item_id}`}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={recordPath({ kind: 'item', id: i.item_id })} aria-label={t('reportsArea.parts.itemLink', { sku: i.sku })}>
                      {i.sku}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{i.description}</Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <FigureLink to={to} value={i.moves} shown={quantity(i.quantity)} figure={figures.quantity} what={i.sku} testId={`parts-item-${i.item_id}-quantity`} />
                  </Table.Td>
                  <Table.Td>{unitName(i.unit)}</Table.Td>
                  <Table.Td ta="right">
                    <FigureLink to={to} value={i.moves} shown={count(i.moves)} figure={figures.moves} what={i.sku} testId={`parts-item-${i.item_id}-moves`} />
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <FigureLink to={to} value={i.moves} shown={money(i.value)} figure={figures.value} what={i.sku} testId={`parts-item-${i.item_id}-value`} />
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

export function PartsModels({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { money, count } = useReportFormat(data.currency);
  const moves = t('reportsArea.parts.moves');
  const value = t('reportsArea.parts.value');
  return (
    <Section title={t('reportsArea.parts.byModel')}>
      <Table.ScrollContainer minWidth={360}>
        <Table striped highlightOnHover aria-label={t('reportsArea.parts.tableByModel')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.parts.model')}</Table.Th>
              <Table.Th ta="right">{moves}</Table.Th>
              <Table.Th ta="right">{value}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {data.by_model.map((m) => {
              const key = m.model ?? NO_MODEL_KEY;
              const name = m.model ?? t('reportsArea.parts.noModel');
              const to = drillTo({ figure: 'model_consumption', key, label: name });
              return (
                <Table.Tr key={key} data-testid={`parts-model-${key}`}>
                  <Table.Td>{name}</Table.Td>
                  <Table.Td ta="right">
                    <FigureLink to={to} value={m.moves} shown={count(m.moves)} figure={moves} what={name} />
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <FigureLink to={to} value={m.moves} shown={money(m.value)} figure={value} what={name} />
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

export function PartsBelowMinimum({ data, drillTo }: Props) {
  const { t } = useTranslation();
  const { count } = useReportFormat(data.currency);
  const quantity = useQuantity();
  const unitName = useUnitName();
  const n = data.below_minimum.length;
  return (
    <Section title={t('reportsArea.parts.belowMinimumTitle')} testId="parts-below-minimum">
      <Text size="xs" c="dimmed">
        {t('reportsArea.parts.belowMinimumHint')}
      </Text>
      {n === 0 ? (
        <Text c="dimmed">{t('reportsArea.parts.noneBelowMinimum')}</Text>
      ) : (
        <>
          <Table.ScrollContainer minWidth={560}>
            <Table striped highlightOnHover aria-label={t('reportsArea.parts.tableBelowMinimum')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('reportsArea.parts.sku')}</Table.Th>
                  <Table.Th>{t('reportsArea.parts.description')}</Table.Th>
                  <Table.Th ta="right">{t('reportsArea.parts.projected')}</Table.Th>
                  <Table.Th ta="right">{t('reportsArea.parts.minimum')}</Table.Th>
                  <Table.Th>{t('stockArea.unit')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.below_minimum.map((i) => (
                  <Table.Tr key={i.item_id} data-testid={`parts-below-${i.item_id}`}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Anchor component={Link} to={recordPath({ kind: 'item', id: i.item_id })} aria-label={t('reportsArea.parts.itemLink', { sku: i.sku })}>
                        {i.sku}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{i.description}</Table.Td>
                    <Table.Td ta="right">{quantity(i.projected)}</Table.Td>
                    <Table.Td ta="right">{quantity(i.minimum)}</Table.Td>
                    <Table.Td>{unitName(i.unit)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          <Anchor component={Link} to={drillTo({ figure: 'below_minimum' })} size="sm" data-testid="parts-below-minimum-records">
            {t('reportsArea.parts.belowMinimumAll', { n: count(n) })}
          </Anchor>
        </>
      )}
    </Section>
  );
}

/** The ranking's figure columns. */
const SUPPLIER_COLUMNS = [
  { key: 'on_time_pct', labelKey: 'onTime' },
  { key: 'average_lead_time_days', labelKey: 'leadTime' },
  { key: 'fill_pct', labelKey: 'fill' },
  { key: 'price_variance_pct', labelKey: 'priceVariance' },
  { key: 'lines', labelKey: 'lines' },
] as const;

export function PartsSuppliers({ data, drillTo }: Props) {
  const { t, i18n } = useTranslation();
  const { count, percent } = useReportFormat(data.currency);
  const noValue = t('reportsArea.common.noValue');
  return (
    <Section title={t('reportsArea.parts.suppliers')} testId="parts-suppliers">
      {data.suppliers.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.parts.noSuppliers')}</Text>
      ) : (
        <>
          <Text size="xs" c="dimmed">
            {t('reportsArea.parts.suppliersHint')}
          </Text>
          <Table.ScrollContainer minWidth={760}>
            <Table striped highlightOnHover aria-label={t('reportsArea.parts.tableSuppliers')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th ta="right">{t('reportsArea.parts.rank')}</Table.Th>
                  <Table.Th>{t('reportsArea.parts.supplier')}</Table.Th>
                  {SUPPLIER_COLUMNS.map((c) => (
                    <Table.Th key={c.key} ta="right">
                      {t(`reportsArea.parts.${c.labelKey}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.suppliers.map((s) => (
                  <Table.Tr key={s.supplier_id} data-testid={`parts-supplier-${s.supplier_id}`}>
                    <Table.Td ta="right">{s.rank}</Table.Td>
                    <Table.Td>
                      <Anchor component={Link} to={`/purchasing/suppliers/${encodeURIComponent(s.supplier_id)}`}>
                        {s.name}
                      </Anchor>
                    </Table.Td>
                    {SUPPLIER_COLUMNS.map((c) => {
                      const raw = s[c.key];
                      const shown =
                        raw === null
                          ? noValue
                          : c.key === 'lines'
                            ? count(raw)
                            : c.key === 'average_lead_time_days'
                              ? t('reportsArea.parts.days', { value: formatNumber(raw, i18n.language, 1) })
                              : percent(raw);
                      return (
                        <Table.Td key={c.key} ta="right" style={{ whiteSpace: 'nowrap' }}>
                          <FigureLink
                            to={drillTo({ figure: 'supplier', key: s.supplier_id, label: s.name })}
                            value={raw === null ? null : s.lines}
                            shown={shown}
                            figure={t(`reportsArea.parts.${c.labelKey}`)}
                            what={s.name}
                            testId={`parts-supplier-${s.supplier_id}-${c.key}`}
                          />
                        </Table.Td>
                      );
                    })}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </>
      )}
    </Section>
  );
}
