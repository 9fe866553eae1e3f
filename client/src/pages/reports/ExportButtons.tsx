/**
 * "Descargar XLSX" / "Descargar CSV" — plain links to the report's export
 * (`/api/v1/reports/<report>/export?format=…` with the same filters as the
 * page: the browser downloads it with the session cookie) — and "Imprimir",
 * which prints the page without the shell, the filters and these buttons
 * (`no-print`, see `print.css`). The links carry
 * `data-testid="<report>-export-<format>"`. "Recibir por correo" subscribes
 * to the report with the same filters ({@link ReportSubscribe}).
 */
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type ReportFilters, type ReportName, reportExportUrl } from '../../api/reports';
import { ReportSubscribe } from './ReportSubscribe';

const FORMATS = ['xlsx', 'csv'] as const;

export function ExportButtons({ report, filters }: { report: ReportName; filters: ReportFilters }) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" className="no-print" role="group" aria-label={t('reportsArea.common.actions')}>
      {FORMATS.map((format) => (
        <Button
          key={format}
          component="a"
          href={reportExportUrl(report, filters, format)}
          download
          variant="default"
          data-testid={`${report}-export-${format}`}
        >
          {format === 'xlsx' ? t('reportsArea.common.downloadXlsx') : t('reportsArea.common.downloadCsv')}
        </Button>
      ))}
      <PrintButton />
      <ReportSubscribe report={report} filters={filters} />
    </Group>
  );
}

/** Prints the page (the browser's dialog; `print.css` leaves out what is not the report). */
export function PrintButton() {
  const { t } = useTranslation();
  return (
    <Button variant="default" onClick={() => window.print()}>
      {t('reportsArea.common.print')}
    </Button>
  );
}
