/**
 * /reports/parts — "Informe de repuestos y proveedores" (issue 17: "parts
 * and suppliers: consumption by item and machine model, stock value, items
 * below minimum, supplier performance").
 *
 * Who: the office only (master, admin, operator); sellers, technicians and
 * customer contacts get the refusal (the server says 403 too).
 *
 * The filters ({@link ReportFilters}, kept by {@link useReportFilters} and
 * mirrored to the URL; the report follows the URL) go to GET
 * /api/v1/reports/parts: `from`, `to`, `granularity`, `customer_id` and
 * `category` — the parts report takes no seller nor technician. Every
 * figure opens the records behind it on `/reports/parts/records` (see
 * `PartsSections`), with the report's range pinned (`from`/`to` as the
 * server resolved them). The stock value and the items below minimum are
 * today's, whatever the range.
 *
 * "Descargar XLSX" / "Descargar CSV" / "Imprimir": {@link ExportButtons}.
 */
import { Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { type PartsReport, type ReportFilters as Filters, pickReportFilters, recordsLink, seesReport, usePartsReport } from '../../api/reports';
import { useCurrentUser } from '../../components/RequireAuth';
import {
  type PartsDrillTo,
  PartsBelowMinimum,
  PartsHeadline,
  PartsItems,
  PartsModels,
  PartsPeriods,
  PartsSuppliers,
  isEmptyParts,
} from './PartsSections';
import { filtersRangeIsValid } from './ReportFilters';
import { ReportShell } from './ReportShell';
import { PeriodLine, ReportForbidden } from './ReportParts';
import { useReportFilters } from './useReportFilters';

export function PartsReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.parts.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesReport('parts', user.role)) return <ReportForbidden title={t('reportsArea.parts.title')} />;
  return <Parts />;
}

function Parts() {
  const { t } = useTranslation();
  const { filters, applied, setFilters } = useReportFilters();
  // Only what the parts report takes (a seller or technician in the URL means nothing here).
  const sent: Filters = pickReportFilters('parts', applied);
  const valid = filtersRangeIsValid(applied);
  const report = usePartsReport(sent, valid);

  return (
    <ReportShell
      report="parts"
      title={t('reportsArea.parts.title')}
      intro={t('reportsArea.parts.intro')}
      state={{ filters, setFilters }}
      fields={{ customer: true, category: true }}
      sent={sent}
      valid={valid}
      query={report}
    >
      {(data) => <Report data={data} filters={sent} />}
    </ReportShell>
  );
}

function Report({ data, filters }: { data: PartsReport; filters: Filters }) {
  const { t } = useTranslation();
  // The records of a figure: the report's filters over the range the server resolved.
  const drillTo: PartsDrillTo = (drill) => recordsLink('parts', drill, { ...filters, from: data.from, to: data.to });
  return (
    <Stack gap="md">
      <PeriodLine from={data.from} to={data.to} granularity={data.granularity} testId="parts-period" />
      <PartsHeadline data={data} drillTo={drillTo} />
      {isEmptyParts(data) ? (
        <Text c="dimmed">{t('reportsArea.parts.empty')}</Text>
      ) : (
        <>
          <PartsPeriods data={data} drillTo={drillTo} />
          <PartsItems data={data} drillTo={drillTo} />
          <PartsModels data={data} drillTo={drillTo} />
        </>
      )}
      <PartsBelowMinimum data={data} drillTo={drillTo} />
      <PartsSuppliers data={data} drillTo={drillTo} />
    </Stack>
  );
}
