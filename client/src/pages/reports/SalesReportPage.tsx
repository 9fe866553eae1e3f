/**
 * /reports/sales — "Informe de ventas" (issue 17: "funnel and conversion
 * by period and seller, win rate, pipeline value"). Every figure is about
 * the opportunities created in the range (each in the period of its
 * creation) and how they stand today.
 *
 * Who: the office sees every seller; a seller their own opportunities and
 * their customers' (the server forces it, so no seller filter for them);
 * technicians and customer contacts never.
 *
 * The filters ({@link ReportFilters}, kept by {@link useReportFilters} and
 * mirrored to the URL; the report follows the URL) go to GET
 * /api/v1/reports/sales: `from`, `to`, `granularity`, `customer_id`,
 * `seller_id` (office) and `category`. Every figure opens the
 * opportunities behind it on `/reports/sales/records` (see
 * `SalesSections`), with the report's range pinned.
 *
 * "Descargar XLSX" / "Descargar CSV" / "Imprimir": {@link ExportButtons}.
 */
import { Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  type ReportFilters as Filters,
  type SalesReport,
  filtersBySeller,
  pickReportFilters,
  recordsLink,
  seesReport,
  useSalesReport,
} from '../../api/reports';
import { useCurrentUser } from '../../components/RequireAuth';
import { filtersRangeIsValid } from './ReportFilters';
import { ReportShell } from './ReportShell';
import { PeriodLine, ReportForbidden } from './ReportParts';
import { type SalesDrillTo, SalesFunnel, SalesHeadline, SalesPeriods, SalesSellers, isEmptySales } from './SalesSections';
import { useReportFilters } from './useReportFilters';

export function SalesReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.sales.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesReport('sales', user.role)) return <ReportForbidden title={t('reportsArea.sales.title')} />;
  return <Sales />;
}

function Sales() {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const office = filtersBySeller(role);
  const { filters, applied, setFilters } = useReportFilters();
  // A seller always gets their own: a seller_id in the URL means nothing to them.
  const sent: Filters = pickReportFilters('sales', { ...applied, seller_id: office ? applied.seller_id : undefined });
  const valid = filtersRangeIsValid(applied);
  const report = useSalesReport(sent, valid);

  return (
    <ReportShell
      report="sales"
      title={t('reportsArea.sales.title')}
      intro={`${t('reportsArea.sales.intro')}${office ? '' : ` ${t('reportsArea.sales.sellerScope')}`}`}
      state={{ filters, setFilters }}
      fields={{ customer: true, seller: office, category: true }}
      sent={sent}
      valid={valid}
      query={report}
    >
      {(data) => <Report data={data} filters={sent} />}
    </ReportShell>
  );
}

function Report({ data, filters }: { data: SalesReport; filters: Filters }) {
  const { t } = useTranslation();
  // The records of a figure: the report's filters over the range the server resolved.
  const drillTo: SalesDrillTo = (drill) => recordsLink('sales', drill, { ...filters, from: data.from, to: data.to });
  return (
    <Stack gap="md">
      <PeriodLine from={data.from} to={data.to} granularity={data.granularity} testId="sales-period" />
      <SalesHeadline data={data} drillTo={drillTo} />
      {isEmptySales(data) ? (
        <Text c="dimmed">{t('reportsArea.sales.empty')}</Text>
      ) : (
        <>
          <SalesPeriods data={data} drillTo={drillTo} />
          <SalesFunnel data={data} drillTo={drillTo} />
          <SalesSellers data={data} drillTo={drillTo} />
        </>
      )}
    </Stack>
  );
}
