/**
 * /reports/quality — "Informe de calidad de servicio" (issue 17: "ticket
 * response and resolution times, SLA compliance, NPS/CSAT trends by
 * technician, service type and segment; proactive vs reactive contacts").
 *
 * Who: the office sees all; a seller the figures of their customers (the
 * server forces it, so no seller filter for them; they may choose a
 * technician); technicians and customer contacts never.
 *
 * The filters ({@link ReportFilters}, kept by {@link useReportFilters} and
 * mirrored to the URL; the report follows the URL) go to GET
 * /api/v1/reports/quality: `from`, `to`, `granularity`, `customer_id`,
 * `seller_id` (office), `technician_id` and `category`. Every figure opens
 * the records behind it on `/reports/quality/records` (see
 * `QualitySections`), with the report's range pinned.
 *
 * "Descargar XLSX" / "Descargar CSV" / "Imprimir": {@link ExportButtons}.
 */
import { Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  type QualityReport,
  type ReportFilters as Filters,
  filtersBySeller,
  filtersByTechnician,
  pickReportFilters,
  recordsLink,
  seesReport,
  useQualityReport,
} from '../../api/reports';
import { useCurrentUser } from '../../components/RequireAuth';
import { type QualityDrillTo, QualityCharts, QualityGroups, QualityHeadline, QualityPeriods, isEmptyQuality } from './QualitySections';
import { filtersRangeIsValid } from './ReportFilters';
import { ReportShell } from './ReportShell';
import { PeriodLine, ReportForbidden } from './ReportParts';
import { useReportFilters } from './useReportFilters';

export function QualityReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.quality.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesReport('quality', user.role)) return <ReportForbidden title={t('reportsArea.quality.title')} />;
  return <Quality />;
}

function Quality() {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const office = filtersBySeller(role);
  const byTechnician = filtersByTechnician(role);
  const { filters, applied, setFilters } = useReportFilters();
  // What the role may not choose is not sent (the server forces it anyway).
  const sent: Filters = pickReportFilters('quality', {
    ...applied,
    seller_id: office ? applied.seller_id : undefined,
    technician_id: byTechnician ? applied.technician_id : undefined,
  });
  const valid = filtersRangeIsValid(applied);
  const report = useQualityReport(sent, valid);

  return (
    <ReportShell
      report="quality"
      title={t('reportsArea.quality.title')}
      intro={`${t('reportsArea.quality.intro')}${office ? '' : ` ${t('reportsArea.quality.sellerScope')}`}`}
      state={{ filters, setFilters }}
      fields={{ customer: true, seller: office, technician: byTechnician, category: true }}
      sent={sent}
      valid={valid}
      query={report}
    >
      {(data) => <Report data={data} filters={sent} />}
    </ReportShell>
  );
}

function Report({ data, filters }: { data: QualityReport; filters: Filters }) {
  const { t } = useTranslation();
  // The records of a figure: the report's filters over the range the server resolved.
  const drillTo: QualityDrillTo = (drill) => recordsLink('quality', drill, { ...filters, from: data.from, to: data.to });
  return (
    <Stack gap="md">
      <PeriodLine from={data.from} to={data.to} granularity={data.granularity} testId="quality-period" />
      <QualityHeadline data={data} drillTo={drillTo} />
      {isEmptyQuality(data) ? (
        <Text c="dimmed">{t('reportsArea.quality.empty')}</Text>
      ) : (
        <>
          <QualityCharts data={data} drillTo={drillTo} />
          <QualityPeriods data={data} drillTo={drillTo} />
          <QualityGroups data={data} drillTo={drillTo} />
        </>
      )}
    </Stack>
  );
}
