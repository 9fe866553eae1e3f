/**
 * /reports/revenue — "Informe de ingresos" (issue 17, seed 000 "Módulo de
 * Informes de Gestión"): what was invoiced, credited (credit notes), the
 * net and what was collected, by period, customer, seller and service
 * type, and the receivables aging of today. The office sees everything; a
 * seller only their own customers (the server forces it, so the seller
 * filter is not shown to them); technicians and customer contacts never
 * get it.
 *
 * The filters live in the URL — `from`, `to` (plain days in the company's
 * calendar), `granularity` (day | week | month; none: the server picks it
 * from the range), `customer_id`, `seller_id` and `category` — and go as
 * they are to GET /api/v1/reports/revenue (without dates the server takes
 * the last twelve months). A 422 naming `to` or `granularity` is shown on
 * that field.
 *
 * Every figure drills down to the records behind it: a bar or an amount of
 * "Facturado"/"Notas de crédito"/"Neto"/"Facturas" opens the invoice search
 * for that period's issue days (and the customer filter, if any); "Cobrado"
 * and "Pagos" open the payment search ("Caja / Cobranzas", office only) for
 * the days the money was received. The chart's bars carry
 * `data-testid="revenue-bar-<net|collected>-<period start>"`.
 *
 * "Descargar XLSX" / "Descargar CSV" are plain links to the export with the
 * same filters; "Imprimir" prints the page without the shell, the filters
 * and the buttons (`no-print`, see `print.css`).
 */
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Box, Button, Card, Group, Select, SimpleGrid, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Rectangle, type RectangleProps } from 'recharts';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError, problemField } from '../../api/client';
import { useCustomer, useSellers } from '../../api/customers';
import {
  type DrillDown,
  GRANULARITIES,
  type Granularity,
  type RevenueFigures,
  type RevenueFilterKey,
  type RevenueFilters,
  type RevenuePeriod,
  type RevenueReport,
  filtersBySeller,
  invoicesLink,
  paymentsLink,
  revenueExportUrl,
  revenueParams,
  searchesPayments,
  seesRevenueReport,
  useRevenueReport,
} from '../../api/reports';
import { CustomerPicker } from '../../components/operations/CustomerPicker';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { type DateRange, DateRangeFields, rangeIsValid } from '../../components/records/DateRangeFields';
import { formatCalendarDay, formatMoney, formatNumber } from '../../lib/format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;
/** The category the server accepts at most. */
const CATEGORY_MAX = 100;

/** The filters in the URL; a day that is not a day, or an unknown grouping, is ignored. */
function readFilters(params: URLSearchParams): RevenueFilters {
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : undefined;
  };
  const text = (name: string) => params.get(name)?.trim() || undefined;
  const g = params.get('granularity');
  return {
    from: day('from'),
    to: day('to'),
    granularity: (GRANULARITIES as readonly string[]).includes(g ?? '') ? (g as Granularity) : undefined,
    customer_id: text('customer_id'),
    seller_id: text('seller_id'),
    category: text('category'),
  };
}

export function RevenueReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.revenue.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesRevenueReport(user.role)) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('reportsArea.revenue.title')}
        </Title>
        <Alert color="red" role="alert">
          {t('errors.forbidden')}
        </Alert>
      </Stack>
    );
  }
  return <Revenue />;
}

/** What the server said about a filter (422 `validation_failed` naming it). */
function useFieldErrors(error: unknown): Partial<Record<RevenueFilterKey, string>> | null {
  const { t } = useTranslation();
  if (!(error instanceof ApiError) || error.status !== 422) return null;
  const field = problemField(error);
  switch (field) {
    case 'to':
    case 'from':
      return { [field]: t('reportsArea.revenue.rangeInvalid') };
    case 'granularity':
      return { granularity: t('reportsArea.revenue.tooManyPeriods') };
    case 'customer_id':
    case 'seller_id':
    case 'category':
      return { [field]: t('errors.validation_failed') };
    default:
      return null;
  }
}

function Revenue() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const office = filtersBySeller(user.role);
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  // A seller always gets their own customers: a seller_id in the URL means nothing to them.
  const sent: RevenueFilters = office ? filters : { ...filters, seller_id: undefined };
  const range: DateRange = { from: filters.from ?? '', to: filters.to ?? '' };
  const valid = rangeIsValid(range);
  const report = useRevenueReport(sent, valid);
  const fieldErrors = useFieldErrors(report.error);

  const set = (changes: Partial<Record<RevenueFilterKey, string | null | undefined>>) =>
    setParams(
      (cur) => {
        const next = new URLSearchParams(cur);
        for (const [key, value] of Object.entries(changes)) {
          if (value) next.set(key, value);
          else next.delete(key);
        }
        return next;
      },
      { replace: true },
    );

  // The segment is typed: it goes to the URL after a pause.
  const [category, setCategory] = useState(filters.category ?? '');
  const [debouncedCategory] = useDebouncedValue(category.trim(), 400);
  useEffect(() => {
    if ((params.get('category') ?? '') !== debouncedCategory) set({ category: debouncedCategory });
    // Only a pause in typing writes the URL.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedCategory]);

  const sellers = useSellers(office);
  const chosenCustomer = useCustomer(filters.customer_id);
  const customerName =
    chosenCustomer.data?.name ?? report.data?.by_customer.find((c) => c.customer_id === filters.customer_id)?.name;

  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">
        {t('reportsArea.revenue.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('reportsArea.revenue.intro')}
        {!office && ` ${t('reportsArea.revenue.sellerScope')}`}
      </Text>

      <Group role="search" aria-label={t('reportsArea.revenue.filters')} className="no-print" align="flex-start" gap="sm" wrap="wrap">
        <DateRangeFields
          value={range}
          onChange={(next) => set({ from: next.from, to: next.to })}
          errors={{ from: fieldErrors?.from, to: fieldErrors?.to }}
        />
        <Select
          label={t('reportsArea.revenue.granularity')}
          value={filters.granularity ?? 'auto'}
          onChange={(v) => set({ granularity: v === 'auto' ? null : v })}
          allowDeselect={false}
          data={[
            { value: 'auto', label: t('reportsArea.revenue.granularities.auto') },
            ...GRANULARITIES.map((g) => ({ value: g, label: t(`reportsArea.revenue.granularities.${g}`) })),
          ]}
          error={fieldErrors?.granularity}
          w={{ base: '100%', xs: 170 }}
        />
        <Box w={{ base: '100%', xs: 280 }}>
          <CustomerPicker
            label={t('reportsArea.revenue.customer')}
            value={filters.customer_id ?? null}
            selected={filters.customer_id && customerName ? { id: filters.customer_id, name: customerName } : null}
            onChange={(id) => set({ customer_id: id })}
            error={fieldErrors?.customer_id}
          />
        </Box>
        {office && (
          <Select
            label={t('reportsArea.revenue.seller')}
            placeholder={t('reportsArea.revenue.anySeller')}
            clearable
            searchable
            value={filters.seller_id ?? null}
            onChange={(v) => set({ seller_id: v })}
            data={(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name }))}
            error={fieldErrors?.seller_id}
            w={{ base: '100%', xs: 220 }}
          />
        )}
        <TextInput
          label={t('reportsArea.revenue.category')}
          placeholder={t('reportsArea.revenue.anyCategory')}
          maxLength={CATEGORY_MAX}
          value={category}
          onChange={(e) => setCategory(e.currentTarget.value)}
          error={fieldErrors?.category}
          w={{ base: '100%', xs: 200 }}
        />
      </Group>

      <Group gap="sm" className="no-print" role="group" aria-label={t('reportsArea.revenue.actions')}>
        <Button component="a" href={revenueExportUrl(sent, 'xlsx')} download variant="default" data-testid="revenue-export-xlsx">
          {t('reportsArea.revenue.downloadXlsx')}
        </Button>
        <Button component="a" href={revenueExportUrl(sent, 'csv')} download variant="default" data-testid="revenue-export-csv">
          {t('reportsArea.revenue.downloadCsv')}
        </Button>
        <Button variant="default" onClick={() => window.print()}>
          {t('reportsArea.revenue.print')}
        </Button>
      </Group>

      {fieldErrors || !valid ? (
        <Text c="dimmed" role="status">
          {t('reportsArea.revenue.fixFilters')}
        </Text>
      ) : (
        <QueryStatus query={{ ...report, isPending: report.isPending && valid }}>
          {(data) => <Report data={data} filters={sent} paymentsLinked={searchesPayments(user.role)} office={office} />}
        </QueryStatus>
      )}
    </Stack>
  );
}

// --- the report -------------------------------------------------------------------

interface ReportProps {
  data: RevenueReport;
  /** The filters the report was asked with (the drill-down keeps the customer). */
  filters: RevenueFilters;
  /** Whether "Cobrado"/"Pagos" link to the payment search (office only). */
  paymentsLinked: boolean;
  /** Whether sellers' names link to the report filtered by them (office only). */
  office: boolean;
}

/** Money and counts in the page's language and the report's currency. */
function useFormat(currency: string) {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    money: (v: string | number) => formatMoney(String(v), currency, lang),
    count: (n: number) => formatNumber(n, lang, 0),
  };
}

/** A period's label: short for the chart ("5 dic", "Sem. 30 nov", "dic 2026"), with the year for the table. */
function usePeriodLabel(granularity: Granularity) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (start: string, withYear: boolean) => {
    const year = withYear ? ({ year: 'numeric' } as const) : {};
    switch (granularity) {
      case 'day':
        return formatCalendarDay(start, lang, { day: 'numeric', month: 'short', ...year });
      case 'week':
        return t('reportsArea.revenue.weekOf', { day: formatCalendarDay(start, lang, { day: 'numeric', month: 'short', ...year }) });
      case 'month':
        return formatCalendarDay(start, lang, { month: 'short', year: 'numeric' });
    }
  };
}

function isEmptyReport(data: RevenueReport): boolean {
  const f = data.totals;
  return f.invoices === 0 && f.payments === 0 && Number(f.credited) === 0 && Number(f.invoiced) === 0 && Number(f.collected) === 0;
}

function Report({ data, filters, paymentsLinked, office }: ReportProps) {
  const { t } = useTranslation();
  const { lang } = useFormat(data.currency);
  const day = (d: string) => formatCalendarDay(d, lang, { day: 'numeric', month: 'short', year: 'numeric' });
  const empty = isEmptyReport(data);
  return (
    <Stack gap="md">
      <Text size="sm" c="dimmed" data-testid="revenue-period">
        {t('reportsArea.revenue.period', {
          from: day(data.from),
          to: day(data.to),
          grouping: t(`reportsArea.revenue.groupedBy.${data.granularity}`),
        })}
      </Text>
      <Totals data={data} />
      {empty ? (
        <Text c="dimmed">{t('reportsArea.revenue.empty')}</Text>
      ) : (
        <>
          <PeriodsSection data={data} filters={filters} paymentsLinked={paymentsLinked} />
          <CustomersSection data={data} paymentsLinked={paymentsLinked} />
          <SellersSection data={data} filters={filters} office={office} />
          <ServiceTypeSection data={data} />
        </>
      )}
      <AgingSection data={data} />
    </Stack>
  );
}

function Totals({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { money, count } = useFormat(data.currency);
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
      aria-label={t('reportsArea.revenue.totals')}
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

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
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

/** The figure columns shared by the period, customer and seller tables. */
const FIGURE_COLUMNS = ['invoiced', 'credited', 'net', 'collected', 'invoices', 'payments'] as const;
type FigureColumn = (typeof FIGURE_COLUMNS)[number];

function FigureHeaders() {
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
function FigureCells({
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
  const { money, count } = useFormat(currency);
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
                aria-label={t('reportsArea.revenue.figureLink', { figure: t(`reportsArea.revenue.${c}`), period: what, value: text })}
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

function PeriodsSection({ data, filters, paymentsLinked }: { data: RevenueReport; filters: RevenueFilters; paymentsLinked: boolean }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { money } = useFormat(data.currency);
  const label = usePeriodLabel(data.granularity);
  const drill = (p: { start: string; end: string }): DrillDown => ({ from: p.start, to: p.end, customer_id: filters.customer_id });
  const rows = data.periods.map((p) => ({
    label: label(p.start, false),
    start: p.start,
    end: p.end,
    net: Number(p.figures.net),
    collected: Number(p.figures.collected),
  }));
  /** Where a bar of `series` leads, if anywhere. */
  const barTarget = (series: string, p: RevenuePeriod): string | null =>
    series === 'net' ? invoicesLink(drill(p)) : series === 'collected' && paymentsLinked ? paymentsLink(drill(p)) : null;

  return (
    <Section title={t('reportsArea.revenue.byPeriod')}>
      <Text size="xs" c="dimmed" className="no-print">
        {paymentsLinked ? t('reportsArea.revenue.chartHintOffice') : t('reportsArea.revenue.chartHintSeller')}
      </Text>
      <Box role="img" aria-label={t('reportsArea.revenue.chartLabel')} data-testid="revenue-chart">
        <BarChart
          h={320}
          data={rows}
          dataKey="label"
          withLegend
          valueFormatter={(v) => money(v)}
          yAxisProps={{ width: 90 }}
          series={[
            { name: 'net', label: t('reportsArea.revenue.invoiced'), color: 'blue.6' },
            { name: 'collected', label: t('reportsArea.revenue.collected'), color: 'teal.6' },
          ]}
          barProps={(series) => {
            const clickable = series.name === 'net' || paymentsLinked;
            return {
              cursor: clickable ? 'pointer' : undefined,
              onClick: (_bar: unknown, index: number) => {
                const p = data.periods[index];
                const to = p ? barTarget(series.name, p) : null;
                if (to) navigate(to);
              },
              // Each bar names its series and period, for tests and automation.
              shape: (props: unknown) => {
                const bar = props as RectangleProps & { payload?: { start?: string } };
                return <Rectangle {...bar} data-testid={`revenue-bar-${series.name}-${bar.payload?.start ?? ''}`} />;
              },
            };
          }}
        />
      </Box>
      <Table.ScrollContainer minWidth={760}>
        <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableByPeriod')}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('reportsArea.revenue.periodColumn')}</Table.Th>
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
              <Table.Th scope="row">{t('reportsArea.revenue.total')}</Table.Th>
              <FigureCells
                figures={data.totals}
                currency={data.currency}
                drill={drill({ start: data.from, end: data.to })}
                what={t('reportsArea.revenue.wholeRange')}
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

function CustomersSection({ data, paymentsLinked }: { data: RevenueReport; paymentsLinked: boolean }) {
  const { t } = useTranslation();
  return (
    <Section title={t('reportsArea.revenue.byCustomer')}>
      {data.by_customer.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableByCustomer')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.revenue.customer')}</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_customer.map((c) => {
                const drill = { from: data.from, to: data.to, customer_id: c.customer_id };
                return (
                  <Table.Tr key={c.customer_id} data-testid={`revenue-customer-${c.customer_id}`}>
                    <Table.Td>
                      <Anchor component={Link} to={invoicesLink(drill)} title={t('reportsArea.revenue.customerLink', { name: c.name })}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <FigureCells
                      figures={c.figures}
                      currency={data.currency}
                      drill={drill}
                      what={c.name}
                      paymentsLinked={paymentsLinked}
                      testId={`revenue-customer-${c.customer_id}`}
                    />
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

function SellersSection({ data, filters, office }: { data: RevenueReport; filters: RevenueFilters; office: boolean }) {
  const { t } = useTranslation();
  /** The report itself, for that seller only (office). */
  const sellerReport = (sellerId: string) => `/reports/revenue?${revenueParams({ ...filters, seller_id: sellerId }).toString()}`;
  return (
    <Section title={t('reportsArea.revenue.bySeller')}>
      {data.by_seller.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableBySeller')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.revenue.seller')}</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_seller.map((s) => {
                const name = s.seller_id === null ? t('reportsArea.revenue.noSeller') : (s.name ?? '—');
                return (
                  <Table.Tr key={s.seller_id ?? 'none'} data-testid={`revenue-seller-${s.seller_id ?? 'none'}`}>
                    <Table.Td>
                      {office && s.seller_id !== null && s.seller_id !== filters.seller_id ? (
                        <Anchor component={Link} to={sellerReport(s.seller_id)} title={t('reportsArea.revenue.sellerLink', { name })}>
                          {name}
                        </Anchor>
                      ) : (
                        name
                      )}
                    </Table.Td>
                    <FigureCells figures={s.figures} currency={data.currency} what={name} paymentsLinked={false} />
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

function ServiceTypeSection({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { lang, money } = useFormat(data.currency);
  const total = data.by_service_type.reduce((sum, k) => sum + Number(k.invoiced), 0);
  const share = (v: string) =>
    total > 0 ? t('reportsArea.revenue.percent', { value: formatNumber((Number(v) / total) * 100, lang, 1) }) : '—';
  return (
    <Section title={t('reportsArea.revenue.byServiceType')}>
      {data.by_service_type.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table striped aria-label={t('reportsArea.revenue.tableByServiceType')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.revenue.serviceType')}</Table.Th>
                <Table.Th ta="right">{t('reportsArea.revenue.invoiced')}</Table.Th>
                <Table.Th ta="right">{t('reportsArea.revenue.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_service_type.map((k) => (
                <Table.Tr key={k.kind} data-testid={`revenue-kind-${k.kind}`}>
                  <Table.Td>{t(`reportsArea.revenue.kinds.${k.kind}`)}</Table.Td>
                  <Table.Td ta="right">{money(k.invoiced)}</Table.Td>
                  <Table.Td ta="right">{share(k.invoiced)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

function AgingSection({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { money } = useFormat(data.currency);
  const a = data.aging;
  return (
    <Section title={t('reportsArea.revenue.aging')} testId="revenue-aging">
      <Text size="xs" c="dimmed">
        {t('reportsArea.revenue.agingHint')}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label={t('reportsArea.revenue.tableAging')}>
          <Table.Thead>
            <Table.Tr>
              {AGING_BUCKETS.map((b) => (
                <Table.Th key={b} ta="right">
                  {t(`reportsArea.revenue.agingBuckets.${b}`)}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('reportsArea.revenue.agingBuckets.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {AGING_BUCKETS.map((b) => (
                <Table.Td key={b} ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(a[b])}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }}>
                {money(a.total)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Anchor component={Link} to="/billing/receivables" size="sm" className="no-print">
        {t('reportsArea.revenue.receivablesLink')}
      </Anchor>
    </Section>
  );
}
