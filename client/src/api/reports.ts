/**
 * Management reports (issue 17, seed 000 "Módulo de Informes de Gestión").
 *
 * - Revenue: `GET /api/v1/reports/revenue?from=&to=&granularity=
 *   &customer_id=&seller_id=&category=` (every filter optional; without
 *   dates the server takes the last twelve months to today and picks the
 *   grouping from the range). The office sees everything; a seller only
 *   their own customers (the server forces the seller filter to them);
 *   technicians and customer contacts get 403. Its figures drill down to
 *   the invoice search by issue day (`/billing/invoices?customer_id=
 *   &issued_from=&issued_to=`) and the payment search by the day the money
 *   was received (`/cash?customer_id=&from=&to=`, office only).
 * - Operations: `GET /api/v1/reports/operations` with the same filters and
 *   `technician_id`. The office sees everything; a seller the orders of
 *   their customers; a technician only their own figures (the server
 *   forces the technician filter to them); customer contacts get 403.
 *
 * Every report exports with `GET /api/v1/reports/<report>/export?format=
 * csv|xlsx&…` and its filters (a plain link: the browser downloads it with
 * the session cookie).
 *
 * - Parts and suppliers: `GET /api/v1/reports/parts` with `from`, `to`,
 *   `granularity`, `customer_id` and `category` (no seller, no technician):
 *   consumption by period, item and machine model, today's stock value and
 *   items below minimum, the suppliers' ranking. Office roles only.
 * - Sales: `GET /api/v1/reports/sales` with the revenue filters: the
 *   opportunities created in the range — counts, win rate, conversion,
 *   funnel, pipeline — by period and seller. The office sees every seller;
 *   a seller their own opportunities and their customers'.
 * - Service quality: `GET /api/v1/reports/quality` with every filter:
 *   tickets, SLA, NPS/CSAT by period, technician, service type and segment,
 *   proactive and reactive contacts. The office sees all; a seller their
 *   customers.
 *
 * Drill-down (reports other than revenue): `GET /api/v1/reports/<report>/
 * records?figure=&start=&end=&key=&cursor=&limit=` plus the report's
 * filters answers the records behind one figure ({@link ReportRecords});
 * the page `/reports/<report>/records` shows them.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api } from './client';
import type { Role } from './auth';
import type {
  Aging,
  FunnelStep,
  Granularity,
  ItemBelowMinimum,
  ItemConsumption,
  ModelConsumption,
  OperationsFigure,
  OperationsPeriod,
  OperationsReport,
  PartsFigure,
  PartsPeriod,
  PartsReport,
  QualityFigure,
  QualityFigures,
  QualityPeriod,
  QualityReport,
  RecordKind,
  ReportRecord,
  ReportRecords,
  RevenueByCustomer,
  RevenueBySeller,
  RevenueByServiceType,
  RevenueFigures,
  RevenuePeriod,
  RevenueReport,
  SalesFigure,
  SalesFigures,
  SalesPeriod,
  SalesReport,
  ScoreGroup,
  SellerSales,
  Stage,
  StatusCount,
  SupplierFigures,
  TechnicianFigures,
} from './generated';

export type {
  Aging,
  FunnelStep,
  Granularity,
  ItemBelowMinimum,
  ItemConsumption,
  ModelConsumption,
  OperationsFigure,
  OperationsPeriod,
  OperationsReport,
  PartsFigure,
  PartsPeriod,
  PartsReport,
  QualityFigure,
  QualityFigures,
  QualityPeriod,
  QualityReport,
  RecordKind,
  ReportRecord,
  ReportRecords,
  RevenueByCustomer,
  RevenueBySeller,
  RevenueByServiceType,
  RevenueFigures,
  RevenuePeriod,
  RevenueReport,
  SalesFigure,
  SalesFigures,
  SalesPeriod,
  SalesReport,
  ScoreGroup,
  SellerSales,
  Stage,
  StatusCount,
  SupplierFigures,
  TechnicianFigures,
};

export const GRANULARITIES = ['day', 'week', 'month'] as const satisfies readonly Granularity[];

// --- the reports and who reads them ------------------------------------------------

/** The reports that have a page, in the order the menu lists them. */
export const REPORTS = ['revenue', 'operations', 'parts', 'sales', 'quality'] as const;
export type ReportName = (typeof REPORTS)[number];

export const isReportName = (name: string | undefined): name is ReportName =>
  (REPORTS as readonly string[]).includes(name ?? '');

const OFFICE: readonly Role[] = ['master', 'admin', 'operator'];

/**
 * Who may open each report (the server checks it too): revenue, sales and
 * service quality, the office and sellers (their customers); operations,
 * also technicians (their own productivity); parts and suppliers, the
 * office only. Customer contacts read none.
 */
export const REPORT_ROLES: Record<ReportName, readonly Role[]> = {
  revenue: [...OFFICE, 'seller'],
  operations: [...OFFICE, 'seller', 'technician'],
  parts: OFFICE,
  sales: [...OFFICE, 'seller'],
  quality: [...OFFICE, 'seller'],
};

export const seesReport = (report: ReportName, role: Role | undefined) =>
  role !== undefined && REPORT_ROLES[report].includes(role);

/** The report's page. */
export const reportPath = (report: ReportName) => `/reports/${report}`;

/** Office roles and sellers read the revenue report. */
export const seesRevenueReport = (role: Role | undefined) => seesReport('revenue', role);

/** Only the office chooses a seller (a seller always gets their own customers). */
export const filtersBySeller = (role: Role | undefined) => role !== undefined && OFFICE.includes(role);

/** Who chooses a technician (a technician always gets their own figures). */
export const filtersByTechnician = (role: Role | undefined) => filtersBySeller(role) || role === 'seller';

/** Who may pick a customer (technicians do not read the customer list). */
export const filtersByCustomer = (role: Role | undefined) => filtersByTechnician(role);

/** Only the office may open the payment search ("Caja / Cobranzas"). */
export const searchesPayments = (role: Role | undefined) => filtersBySeller(role);

// --- filters ------------------------------------------------------------------------

/** A report's filters, as they travel in the page's URL and to the API (all optional). */
export interface ReportFilters {
  /** First day, `YYYY-MM-DD` in the company's calendar. */
  from?: string;
  /** Last day. */
  to?: string;
  granularity?: Granularity;
  customer_id?: string;
  seller_id?: string;
  technician_id?: string;
  category?: string;
}

/** Every filter a report may take, in the order they are written. */
export const REPORT_FILTER_KEYS = ['from', 'to', 'granularity', 'customer_id', 'seller_id', 'technician_id', 'category'] as const;
export type ReportFilterKey = (typeof REPORT_FILTER_KEYS)[number];

/** The revenue report's filters (no technician). */
export type RevenueFilters = Omit<ReportFilters, 'technician_id'>;

/** The URL (and API) parameters of the revenue report, in the order they are written. */
export const REVENUE_FILTER_KEYS = ['from', 'to', 'granularity', 'customer_id', 'seller_id', 'category'] as const;
export type RevenueFilterKey = (typeof REVENUE_FILTER_KEYS)[number];

/** The parts report's filters: no seller, no technician. */
export const PARTS_FILTER_KEYS = ['from', 'to', 'granularity', 'customer_id', 'category'] as const satisfies readonly ReportFilterKey[];

/** The filters each report takes. */
export const REPORT_FILTERS: Record<ReportName, readonly ReportFilterKey[]> = {
  revenue: REVENUE_FILTER_KEYS,
  operations: REPORT_FILTER_KEYS,
  parts: PARTS_FILTER_KEYS,
  sales: REVENUE_FILTER_KEYS,
  quality: REPORT_FILTER_KEYS,
};

/** Only the filters `report` takes (the others are dropped). */
export function pickReportFilters(report: ReportName, filters: ReportFilters): ReportFilters {
  const picked: ReportFilters = {};
  for (const key of REPORT_FILTERS[report]) if (filters[key] !== undefined) (picked as Record<string, string | undefined>)[key] = filters[key];
  return picked;
}

/** `extra` first, then the `keys` of `filters` that are set; empty ones are left out. */
export function reportParams(
  filters: ReportFilters,
  keys: readonly ReportFilterKey[] = REPORT_FILTER_KEYS,
  extra: Record<string, string | undefined> = {},
): URLSearchParams {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v) params.set(k, v);
  for (const key of keys) {
    const v = filters[key]?.trim();
    if (v) params.set(key, v);
  }
  return params;
}

/** The revenue filters as query parameters; empty ones are left out. */
export function revenueParams(filters: RevenueFilters, extra: Record<string, string> = {}): URLSearchParams {
  return reportParams(filters, REVENUE_FILTER_KEYS, extra);
}

const withQuery = (path: string, params: URLSearchParams) => {
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
};

/** The report's API URL with its filters. */
export function reportUrl(report: ReportName, filters: ReportFilters): string {
  return withQuery(`/api/v1/reports/${report}`, reportParams(filters, REPORT_FILTERS[report]));
}

export const revenueUrl = (filters: RevenueFilters) => reportUrl('revenue', filters);

/** The export's URL: `format` first, then the same filters as the report. */
export function reportExportUrl(report: ReportName, filters: ReportFilters, format: 'csv' | 'xlsx'): string {
  return withQuery(`/api/v1/reports/${report}/export`, reportParams(filters, REPORT_FILTERS[report], { format }));
}

export const revenueExportUrl = (filters: RevenueFilters, format: 'csv' | 'xlsx') => reportExportUrl('revenue', filters, format);

/** The report's page with `filters` (a link back to it, or to another view of it). */
export function reportPageLink(report: ReportName, filters: ReportFilters): string {
  return withQuery(reportPath(report), reportParams(filters, REPORT_FILTERS[report]));
}

export const reportKeys = {
  all: ['reports'] as const,
  revenue: (filters: RevenueFilters) => ['reports', 'revenue', filters] as const,
  operations: (filters: ReportFilters) => ['reports', 'operations', filters] as const,
  parts: (filters: ReportFilters) => ['reports', 'parts', filters] as const,
  sales: (filters: ReportFilters) => ['reports', 'sales', filters] as const,
  quality: (filters: ReportFilters) => ['reports', 'quality', filters] as const,
  records: (report: ReportName, drill: RecordsDrill, filters: ReportFilters) => ['reports', report, 'records', drill, filters] as const,
  technicians: ['reports', 'technicians'] as const,
};

export function useRevenueReport(filters: RevenueFilters, enabled = true) {
  return useQuery({
    queryKey: reportKeys.revenue(filters),
    queryFn: ({ signal }) => api.get<RevenueReport>(revenueUrl(filters), signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** A report other than revenue, with the filters it takes; kept while the next one loads. */
function useReport<T>(report: Exclude<ReportName, 'revenue'>, filters: ReportFilters, enabled: boolean) {
  return useQuery({
    queryKey: reportKeys[report](filters),
    queryFn: ({ signal }) => api.get<T>(reportUrl(report, filters), signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export const useOperationsReport = (filters: ReportFilters, enabled = true) =>
  useReport<OperationsReport>('operations', filters, enabled);
export const usePartsReport = (filters: ReportFilters, enabled = true) => useReport<PartsReport>('parts', filters, enabled);
export const useSalesReport = (filters: ReportFilters, enabled = true) => useReport<SalesReport>('sales', filters, enabled);
export const useQualityReport = (filters: ReportFilters, enabled = true) =>
  useReport<QualityReport>('quality', filters, enabled);

/** A technician to filter by. */
export interface TechnicianOption {
  id: string;
  name: string;
}

/**
 * Every technician (also the deactivated ones: they may have figures in
 * the range), for the technician filter. Only for roles that list users.
 */
export function useReportTechnicians(enabled: boolean) {
  return useQuery({
    queryKey: reportKeys.technicians,
    queryFn: ({ signal }) => api.get<TechnicianOption[]>('/api/v1/users?role=technician', signal),
    enabled,
    staleTime: 5 * 60 * 1000,
  });
}

// --- drill-down: revenue ---------------------------------------------------------

/** The days (and customer) whose records a figure adds up. */
export interface DrillDown {
  from: string;
  to: string;
  customer_id?: string;
}

/** The invoice search for invoices issued on those days (`/billing/invoices`). */
export function invoicesLink({ from, to, customer_id }: DrillDown): string {
  const params = new URLSearchParams();
  if (customer_id) params.set('customer_id', customer_id);
  params.set('issued_from', from);
  params.set('issued_to', to);
  return `/billing/invoices?${params.toString()}`;
}

/** The payment search for payments received on those days (`/cash`, office only). */
export function paymentsLink({ from, to, customer_id }: DrillDown): string {
  const params = new URLSearchParams();
  if (customer_id) params.set('customer_id', customer_id);
  params.set('from', from);
  params.set('to', to);
  return `/cash?${params.toString()}`;
}

// --- drill-down: the records behind a figure ---------------------------------------

/** What a record behind a figure is; it opens on its own page ({@link recordPath}). */
export type ReportRecordKind = RecordKind;

/** The figures of the operations report that drill down. */
export const OPERATIONS_FIGURES = [
  'opened',
  'closed',
  'status',
  'technician_assigned',
  'technician_closed',
  'technician_parts',
  'technician_tasks',
  'technician_surveys',
] as const satisfies readonly OperationsFigure[];

/**
 * The figures of the parts report that drill down: `consumption` (key: an
 * item's id, optional), `model_consumption` (key: the model, or
 * {@link NO_MODEL_KEY}), `below_minimum` and `stock_value` (today's, no
 * key), `supplier` (key: the supplier's id; its purchase orders).
 */
export const PARTS_FIGURES = ['consumption', 'model_consumption', 'below_minimum', 'stock_value', 'supplier'] as const satisfies readonly PartsFigure[];

/**
 * The figures of the sales report that drill down: the opportunities
 * created, still open, won or lost (key: a seller's user id, optional), and
 * those that `reached` a stage of the funnel (key: the stage).
 */
export const SALES_FIGURES = ['created', 'open', 'won', 'lost', 'reached'] as const satisfies readonly SalesFigure[];

/**
 * The figures of the quality report that drill down; `surveys` takes a key
 * (optional): a technician's id or a {@link ScoreGroup}'s `key`
 * (`type:<service type>`, `segment:<category>`).
 */
export const QUALITY_FIGURES = [
  'tickets_opened',
  'tickets_closed',
  'sla_breached',
  'surveys',
  'proactive_contacts',
  'reactive_contacts',
] as const satisfies readonly QualityFigure[];

/**
 * The figures each report drills down to through the records endpoint
 * (the revenue report opens the invoice and payment searches instead).
 * A new report adds its figures here and their names under
 * `reportsArea.records.figures.<report>` in the catalogues.
 */
export const REPORT_FIGURES = {
  operations: OPERATIONS_FIGURES,
  parts: PARTS_FIGURES,
  sales: SALES_FIGURES,
  quality: QUALITY_FIGURES,
} as const satisfies Partial<Record<ReportName, readonly string[]>>;
export type DrilledReport = keyof typeof REPORT_FIGURES;
export type ReportFigure<R extends DrilledReport = DrilledReport> = (typeof REPORT_FIGURES)[R][number];

export const drillsToRecords = (report: string | undefined): report is DrilledReport =>
  report !== undefined && Object.prototype.hasOwnProperty.call(REPORT_FIGURES, report);

export function isReportFigure<R extends DrilledReport>(report: R, figure: string | null | undefined): figure is ReportFigure<R> {
  return (REPORT_FIGURES[report] as readonly string[]).includes(figure ?? '');
}

/** The "Sin estado" group of the status figure (a status that was never set). */
export const NO_STATUS_KEY = 'none';
/** The closed orders' group of the status figure. */
export const CLOSED_STATUS_KEY = 'closed';
/** An open status' group of the status figure is `label:<its label>` (a status named "closed" stays itself). */
export const STATUS_LABEL_PREFIX = 'label:';
/** The "Sin máquina" group of the parts consumed by model (no machine on the order, or no order). */
export const NO_MODEL_KEY = 'none';

/** Figures that are today's, whatever the report's range (the records page says so). */
export const TODAY_FIGURES: Partial<Record<DrilledReport, readonly string[]>> = {
  parts: ['below_minimum', 'stock_value'],
};

export const isTodayFigure = (report: DrilledReport, figure: string) => TODAY_FIGURES[report]?.includes(figure) ?? false;

/** Which records: a figure, narrowed to one period (`start`..`end`) and one group (`key`). */
export interface RecordsDrill {
  figure: string;
  /** First day of the period; none: the whole range. */
  start?: string;
  end?: string;
  /** The group: a technician's user id, a status label… */
  key?: string;
}

/** The filters the records endpoint takes besides the drill (no grouping). */
export const RECORDS_FILTER_KEYS = ['from', 'to', 'customer_id', 'seller_id', 'technician_id', 'category'] as const satisfies readonly ReportFilterKey[];

/** Records asked per page ("Cargar más" asks the next). */
export const RECORDS_PAGE_SIZE = 50;

/**
 * `GET /api/v1/reports/{report}/records?figure=&start=&end=&key=&<filters>&limit=&cursor=`
 * (only the filters the report takes).
 */
export function recordsUrl(
  report: ReportName,
  drill: RecordsDrill,
  filters: ReportFilters,
  cursor?: string | null,
  limit = RECORDS_PAGE_SIZE,
): string {
  const keys = RECORDS_FILTER_KEYS.filter((k) => REPORT_FILTERS[report].includes(k));
  const params = reportParams(filters, keys, { figure: drill.figure, start: drill.start, end: drill.end, key: drill.key });
  params.set('limit', String(limit));
  if (cursor) params.set('cursor', cursor);
  return `/api/v1/reports/${report}/records?${params.toString()}`;
}

export function useReportRecords(report: ReportName, drill: RecordsDrill, filters: ReportFilters, enabled = true) {
  return useInfiniteQuery({
    queryKey: reportKeys.records(report, drill, filters),
    queryFn: ({ pageParam, signal }) => api.get<ReportRecords>(recordsUrl(report, drill, filters, pageParam), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.next_cursor ?? null,
    enabled,
  });
}

/**
 * The page listing the records behind a figure: the drill, then `label`
 * (the group's name, only shown: "Tomás Técnico" for a technician's id),
 * then every filter of the report (the granularity too, so "Volver al
 * informe" comes back to the same view).
 */
export function recordsLink(report: DrilledReport, drill: RecordsDrill & { label?: string }, filters: ReportFilters): string {
  const params = reportParams(filters, REPORT_FILTERS[report], {
    figure: drill.figure,
    start: drill.start,
    end: drill.end,
    key: drill.key,
    label: drill.label,
  });
  return `/reports/${report}/records?${params.toString()}`;
}

/** Where a record opens. */
export function recordPath(record: Pick<ReportRecord, 'kind' | 'id'>): string {
  const id = encodeURIComponent(record.id);
  switch (record.kind) {
    case 'order':
      return `/orders/${id}`;
    case 'ticket':
      return `/tickets/${id}`;
    case 'opportunity':
      return `/crm/opportunities/${id}`;
    case 'item':
      return `/stock/items/${id}`;
    case 'purchase_order':
      return `/purchasing/orders/${id}`;
    case 'customer':
      return `/customers/${id}`;
  }
}
