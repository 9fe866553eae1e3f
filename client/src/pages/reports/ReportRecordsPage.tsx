/**
 * /reports/:report/records — the records behind one figure of a report
 * (issue 17: "every figure drills down to the list of records that make
 * it").
 *
 * The URL says which figure (`figure`, `start`/`end` of its period — none:
 * the report's whole range —, `key` of its group: a technician's user id, a
 * status…), `label` (the group's name, only shown) and the report's filters
 * (`from`, `to`, `granularity`, `customer_id`, `seller_id`,
 * `technician_id`, `category`). The page asks
 * `GET /api/v1/reports/<report>/records` with the figure and the filters
 * (not the grouping: it does not change the records) and shows:
 *
 * - the figure's name (from `reportsArea.records.figures.<report>.<figure>`:
 *   a report adds its figures there and in `REPORT_FIGURES`);
 * - the filters it came from;
 * - the records — number (a link to the record's page), title, date and
 *   time in the company's zone, amount and/or quantity when the figure has
 *   them — 50 at a time with "Cargar más";
 * - "Volver al informe": the report with the same filters.
 *
 * Who: the roles that read the report (the server scopes the records as it
 * scopes the figures). An unknown report or figure asks nothing.
 */
import { Alert, Anchor, Box, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import { STAGES } from '../../api/crm';
import { useCustomer, useSellers } from '../../api/customers';
import {
  CLOSED_STATUS_KEY,
  type DrilledReport,
  NO_MODEL_KEY,
  NO_STATUS_KEY,
  STATUS_LABEL_PREFIX,
  type RecordsDrill,
  type ReportFigure,
  type ReportFilters,
  type ReportRecord,
  type Stage,
  drillsToRecords,
  filtersByCustomer,
  filtersBySeller,
  filtersByTechnician,
  isReportFigure,
  isTodayFigure,
  recordPath,
  reportPageLink,
  seesReport,
  useReportRecords,
  useReportTechnicians,
} from '../../api/reports';
import { useCompanySettings } from '../../api/settings';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { formatDateTime, formatNumber } from '../../lib/format';
import { ReportForbidden, useReportFormat } from './ReportParts';
import { readReportFilters } from './useReportFilters';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

const isStage = (key: string | undefined): key is Stage => (STAGES as readonly string[]).includes(key ?? '');

/** The catalogue key naming a report's figure. */
type FigureNameKey = { [R in DrilledReport]: `reportsArea.records.figures.${R}.${ReportFigure<R>}` }[DrilledReport];
const figureNameKey = (report: DrilledReport, figure: string) => `reportsArea.records.figures.${report}.${figure}` as FigureNameKey;

export function ReportRecordsPage() {
  const { t } = useTranslation();
  const { report } = useParams();
  const [params] = useSearchParams();
  const figure = params.get('figure');
  const user = useCurrentUser();
  const known = drillsToRecords(report) && isReportFigure(report, figure);
  useDocumentTitle(`${known ? t(figureNameKey(report, figure)) : t('reportsArea.records.title')} · ${t('app.name')}`);

  if (!drillsToRecords(report) || !isReportFigure(report, figure)) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('reportsArea.records.title')}
        </Title>
        <Alert color="yellow" role="alert">
          {t('reportsArea.records.unknown')}
        </Alert>
      </Stack>
    );
  }
  if (!seesReport(report, user.role)) return <ReportForbidden title={t(figureNameKey(report, figure))} />;
  return <Records report={report} figure={figure} params={params} />;
}

function Records<R extends DrilledReport>({ report, figure, params }: { report: R; figure: ReportFigure<R>; params: URLSearchParams }) {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : undefined;
  };
  const drill: RecordsDrill = { figure, start: day('start'), end: day('end'), key: params.get('key')?.trim() || undefined };
  const label = params.get('label')?.trim() || undefined;
  const asked = readReportFilters(params);
  // What the role may not choose is not sent (the server forces it anyway).
  const filters: ReportFilters = {
    ...asked,
    customer_id: filtersByCustomer(role) ? asked.customer_id : undefined,
    seller_id: filtersBySeller(role) ? asked.seller_id : undefined,
    technician_id: filtersByTechnician(role) ? asked.technician_id : undefined,
  };
  const records = useReportRecords(report, drill, filters);
  const items = records.data?.pages.flatMap((p) => p.items);
  const total = records.data?.pages[0]?.total;
  const { count } = useReportFormat();
  const back = reportPageLink(report, filters);

  return (
    <Stack maw={1200}>
      <Anchor component={Link} to={back} size="sm" className="no-print" data-testid="records-back">
        ← {t('reportsArea.records.back')}
      </Anchor>
      <Box>
        <Text size="sm" c="dimmed">
          {t(`reportsArea.names.${report as DrilledReport}`)}
        </Text>
        <Title order={1} size="h2">
          {t(figureNameKey(report, figure))}
        </Title>
      </Box>
      <AppliedFilters drill={drill} label={label} filters={filters} today={isTodayFigure(report, figure)} />
      {total !== undefined && (
        <Text size="sm" data-testid="records-total">
          {t('reportsArea.records.count', { count: total, n: count(total) })}
        </Text>
      )}
      <QueryStatus
        query={{ ...records, data: items }}
        isEmpty={(list) => list.length === 0}
        empty={t('reportsArea.records.empty')}
      >
        {(list) => <RecordsTable records={list} />}
      </QueryStatus>
      {records.hasNextPage && (
        <Button
          variant="default"
          className="no-print"
          onClick={() => void records.fetchNextPage()}
          loading={records.isFetchingNextPage}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('reportsArea.records.loadMore')}
        </Button>
      )}
    </Stack>
  );
}

/**
 * The group's name: the label the report gave, the closed/no-status buckets,
 * the "no machine" model and a funnel stage by name, else the key.
 */
function useGroupName() {
  const { t } = useTranslation();
  return (drill: RecordsDrill, label: string | undefined): string | undefined => {
    if (label) return label;
    if (drill.figure === 'status' && drill.key === CLOSED_STATUS_KEY) return t('reportsArea.operations.statusClosed');
    if (drill.figure === 'status' && drill.key === NO_STATUS_KEY) return t('reportsArea.operations.statusNone');
    if (drill.figure === 'status' && drill.key?.startsWith(STATUS_LABEL_PREFIX)) return drill.key.slice(STATUS_LABEL_PREFIX.length);
    if (drill.figure === 'model_consumption' && drill.key === NO_MODEL_KEY) return t('reportsArea.parts.noModel');
    if (drill.figure === 'reached' && isStage(drill.key)) return t(`crm.stages.${drill.key}`);
    return drill.key;
  };
}

/**
 * What the records were asked with: period (or "today" for a figure of
 * today's stock), group, and the report's filters that are set.
 */
function AppliedFilters({ drill, label, filters, today }: { drill: RecordsDrill; label?: string; filters: ReportFilters; today: boolean }) {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const { day } = useReportFormat();
  const groupName = useGroupName();
  const customer = useCustomer(filters.customer_id, filtersByCustomer(role));
  const sellers = useSellers(filtersBySeller(role) && !!filters.seller_id);
  const technicians = useReportTechnicians(filtersByTechnician(role) && !!filters.technician_id);
  const [from, to] = drill.start && drill.end ? [drill.start, drill.end] : [filters.from, filters.to];
  const range = today
    ? t('reportsArea.records.today')
    : from && to
      ? t('reportsArea.records.rangeValue', { from: day(from), to: day(to) })
      : from || to
        ? day((from ?? to) as string)
        : t('reportsArea.records.lastMonths');
  const group = groupName(drill, label);
  const rows: [string, ReactNode][] = [[t('reportsArea.records.range'), range]];
  if (group) rows.push([t('reportsArea.records.group'), group]);
  if (filters.customer_id) rows.push([t('reportsArea.records.customer'), customer.data?.name ?? filters.customer_id]);
  if (filters.seller_id)
    rows.push([t('reportsArea.records.seller'), sellers.data?.find((s) => s.id === filters.seller_id)?.name ?? filters.seller_id]);
  if (filters.technician_id)
    rows.push([
      t('reportsArea.records.technician'),
      technicians.data?.find((u) => u.id === filters.technician_id)?.name ?? filters.technician_id,
    ]);
  if (filters.category) rows.push([t('reportsArea.records.category'), filters.category]);
  return (
    <Group component="dl" aria-label={t('reportsArea.records.applied')} gap="lg" m={0} data-testid="records-filters">
      {rows.map(([name, value]) => (
        <Box key={name}>
          <Text component="dt" size="xs" c="dimmed">
            {name}
          </Text>
          <Text component="dd" size="sm" m={0}>
            {value}
          </Text>
        </Box>
      ))}
    </Group>
  );
}

function RecordsTable({ records }: { records: ReportRecord[] }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const currency = useCompanySettings().data?.currency || 'USD';
  const { money } = useReportFormat(currency);
  const withAmount = records.some((r) => r.amount !== null);
  const withQuantity = records.some((r) => r.quantity !== null);
  return (
    <Table.ScrollContainer minWidth={560}>
      <Table striped highlightOnHover aria-label={t('reportsArea.records.table')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('reportsArea.records.number')}</Table.Th>
            <Table.Th>{t('reportsArea.records.recordTitle')}</Table.Th>
            <Table.Th>{t('reportsArea.records.date')}</Table.Th>
            {withAmount && <Table.Th ta="right">{t('reportsArea.records.amount')}</Table.Th>}
            {withQuantity && <Table.Th ta="right">{t('reportsArea.records.quantity')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {records.map((r, i) => (
            // The same record may stand twice behind a figure (e.g. two part lines on one order).
            <Table.Tr key={`${r.kind}-${r.id}-${i}`} data-testid={`record-${r.kind}-${r.id}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <Anchor component={Link} to={recordPath(r)}>
                  {r.number}
                </Anchor>
              </Table.Td>
              <Table.Td>{r.title}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(r.at, lang)}</Table.Td>
              {withAmount && (
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {r.amount === null ? '—' : money(r.amount)}
                </Table.Td>
              )}
              {withQuantity && (
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {r.quantity === null ? '—' : formatNumber(r.quantity, lang, 3)}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
