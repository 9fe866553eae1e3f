/**
 * /reports/operations — "Informe de operaciones" (issue 17: "orders
 * opened/closed and average cycle time by period and status; technician
 * workload and productivity (orders assigned, closed, average time to
 * close, parts used, survey scores); tasks per technician").
 *
 * Who: the office sees everything; a seller the orders of their customers
 * (no seller filter); a technician only their own figures (the server
 * forces it: no technician filter, and no customer filter since they do not
 * read the customer list); customer contacts never.
 *
 * The filters ({@link ReportFilters}, kept by {@link useReportFilters} and
 * mirrored to the URL; the report follows the URL) go to GET
 * /api/v1/reports/operations: `from`, `to`, `granularity`, `customer_id`,
 * `seller_id`, `technician_id`, `category`. Every figure opens the records
 * behind it on `/reports/operations/records` (see `OperationsSections`),
 * with the report's range pinned (`from`/`to` as the server resolved them)
 * so the records match the figures even when the page had no dates.
 *
 * "Descargar XLSX" / "Descargar CSV" / "Imprimir": {@link ExportButtons}.
 */
import { Stack, Text } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import {
  type OperationsReport,
  type ReportFilters as Filters,
  filtersByCustomer,
  filtersBySeller,
  filtersByTechnician,
  recordsLink,
  seesReport,
  useOperationsReport,
} from '../../api/reports';
import { useCurrentUser } from '../../components/RequireAuth';
import {
  type DrillTo,
  OperationsHeadline,
  OperationsPeriods,
  OperationsStatuses,
  OperationsTechnicians,
  isEmptyOperations,
} from './OperationsSections';
import { filtersRangeIsValid } from './ReportFilters';
import { ReportShell } from './ReportShell';
import { PeriodLine, ReportForbidden } from './ReportParts';
import { useReportFilters } from './useReportFilters';

export function OperationsReportPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('reportsArea.operations.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  if (!seesReport('operations', user.role)) return <ReportForbidden title={t('reportsArea.operations.title')} />;
  return <Operations />;
}

function Operations() {
  const { t } = useTranslation();
  const { role } = useCurrentUser();
  const bySeller = filtersBySeller(role);
  const byTechnician = filtersByTechnician(role);
  const byCustomer = filtersByCustomer(role);
  const { filters, applied, setFilters } = useReportFilters();
  // What the role may not choose is not sent (the server forces it anyway).
  const sent: Filters = {
    ...applied,
    customer_id: byCustomer ? applied.customer_id : undefined,
    seller_id: bySeller ? applied.seller_id : undefined,
    technician_id: byTechnician ? applied.technician_id : undefined,
  };
  const valid = filtersRangeIsValid(applied);
  const report = useOperationsReport(sent, valid);
  const scope = role === 'seller' ? t('reportsArea.operations.sellerScope') : role === 'technician' ? t('reportsArea.operations.technicianScope') : null;

  return (
    <ReportShell
      report="operations"
      title={t('reportsArea.operations.title')}
      intro={`${t('reportsArea.operations.intro')}${scope ? ` ${scope}` : ''}`}
      state={{ filters, setFilters }}
      fields={{ customer: byCustomer, seller: bySeller, technician: byTechnician, category: true }}
      sent={sent}
      valid={valid}
      query={report}
    >
      {(data) => <Report data={data} filters={sent} />}
    </ReportShell>
  );
}

function Report({ data, filters }: { data: OperationsReport; filters: Filters }) {
  const { t } = useTranslation();
  // The records of a figure: the report's filters over the range the server resolved.
  const drillTo: DrillTo = (drill) => recordsLink('operations', drill, { ...filters, from: data.from, to: data.to });
  return (
    <Stack gap="md">
      <PeriodLine from={data.from} to={data.to} granularity={data.granularity} testId="operations-period" />
      <OperationsHeadline data={data} drillTo={drillTo} />
      {isEmptyOperations(data) ? (
        <Text c="dimmed">{t('reportsArea.operations.empty')}</Text>
      ) : (
        <>
          <OperationsPeriods data={data} drillTo={drillTo} />
          <OperationsStatuses data={data} drillTo={drillTo} />
        </>
      )}
      <OperationsTechnicians data={data} drillTo={drillTo} />
    </Stack>
  );
}
