/**
 * /reports/revenue — "Informe de ingresos" (issue 17, seed 000 "Módulo de
 * Informes de Gestión"): what was invoiced, credited (credit notes), the
 * net and what was collected, by period, customer, seller and service
 * type, and the receivables aging of today. The office sees everything; a
 * seller only their own customers (the server forces it, so the seller
 * filter is not shown to them); technicians and customer contacts never
 * get it.
 *
 * The filters ({@link ReportFilters}, kept by {@link useReportFilters} and
 * mirrored to the URL; the report follows the URL) — `from`, `to` (plain days in the company's
 * calendar), `granularity` (day | week | month; none: the server picks it
 * from the range), `customer_id`, `seller_id` and `category` — go as they
 * are to GET /api/v1/reports/revenue (without dates the server takes the
 * last twelve months). A 422 naming `to` or `granularity` is shown on that
 * field.
 *
 * Every figure drills down to the records behind it: a bar or an amount of
 * "Facturado"/"Notas de crédito"/"Neto"/"Facturas" opens the invoice search
 * for that period's issue days (and the customer filter, if any); "Cobrado"
 * and "Pagos" open the payment search ("Caja / Cobranzas", office only) for
 * the days the money was received (see `RevenuePeriods`, `RevenueFigures`,
 * `RevenueTables`).
 *
 * "Descargar XLSX" / "Descargar CSV" / "Imprimir": {@link ExportButtons}.
 *
 * Live: an invoice issued, settled or voided reads the report again
 * ({@link useReportLive}).
 */
import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { type RevenueFilters, type RevenueReport, filtersBySeller, searchesPayments, seesRevenueReport, useRevenueReport } from '../../api/reports';
import { ExportButtons } from './ExportButtons';
import { ReportFilters, filtersRangeIsValid, useFilterErrors } from './ReportFilters';
import { PeriodLine, ReportForbidden } from './ReportParts';
import { RevenueTotals, isEmptyReport } from './RevenueFigures';
import { RevenuePeriods } from './RevenuePeriods';
import { RevenueAging, RevenueCustomers, RevenueSellers, RevenueServiceTypes } from './RevenueTables';
import { useReportFilters } from './useReportFilters';
import { useReportLive } from './useReportLive';

export function RevenueReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.revenue.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesRevenueReport(user.role)) return <ReportForbidden title={t('reportsArea.revenue.title')} />;
  return <Revenue />;
}

function Revenue() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const office = filtersBySeller(user.role);
  const { filters, applied, setFilters } = useReportFilters();
  // A seller always gets their own customers: a seller_id in the URL means nothing to them.
  const sent: RevenueFilters = {
    from: applied.from,
    to: applied.to,
    granularity: applied.granularity,
    customer_id: applied.customer_id,
    seller_id: office ? applied.seller_id : undefined,
    category: applied.category,
  };
  const valid = filtersRangeIsValid(applied);
  const report = useRevenueReport(sent, valid);
  useReportLive('revenue', user.role, user.id);
  const fieldErrors = useFilterErrors(report.error);
  const customerName = report.data?.by_customer.find((c) => c.customer_id === filters.customer_id)?.name;

  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">
        {t('reportsArea.revenue.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('reportsArea.revenue.intro')}
        {!office && ` ${t('reportsArea.revenue.sellerScope')}`}
      </Text>

      <ReportFilters
        filters={filters}
        onChange={setFilters}
        fields={{ customer: true, seller: office, category: true }}
        errors={fieldErrors}
        customerName={customerName}
      />
      <ExportButtons report="revenue" filters={sent} />

      {fieldErrors || !valid ? (
        <Text c="dimmed" role="status">
          {t('reportsArea.common.fixFilters')}
        </Text>
      ) : (
        <QueryStatus query={{ ...report, isPending: report.isPending && valid }}>
          {(data) => <Report data={data} filters={sent} paymentsLinked={searchesPayments(user.role)} office={office} />}
        </QueryStatus>
      )}
    </Stack>
  );
}

interface ReportProps {
  data: RevenueReport;
  /** The filters the report was asked with (the drill-down keeps the customer). */
  filters: RevenueFilters;
  /** Whether "Cobrado"/"Pagos" link to the payment search (office only). */
  paymentsLinked: boolean;
  /** Whether sellers' names link to the report filtered by them (office only). */
  office: boolean;
}

function Report({ data, filters, paymentsLinked, office }: ReportProps) {
  const { t } = useTranslation();
  return (
    <Stack gap="md">
      <PeriodLine from={data.from} to={data.to} granularity={data.granularity} testId="revenue-period" />
      <RevenueTotals data={data} />
      {isEmptyReport(data) ? (
        <Text c="dimmed">{t('reportsArea.revenue.empty')}</Text>
      ) : (
        <>
          <RevenuePeriods data={data} filters={filters} paymentsLinked={paymentsLinked} />
          <RevenueCustomers data={data} paymentsLinked={paymentsLinked} />
          <RevenueSellers data={data} filters={filters} office={office} />
          <RevenueServiceTypes data={data} />
        </>
      )}
      <RevenueAging data={data} />
    </Stack>
  );
}
