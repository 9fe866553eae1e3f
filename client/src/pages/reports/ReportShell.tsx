/**
 * The frame every report page but revenue shares: the title and intro (with
 * what the role's scope leaves out), the filters the role may use, the
 * export, print and "Recibir por correo" buttons, and then the report — or,
 * while a filter is wrong, the hint to fix it (the report is not asked).
 * It follows the feeds that move the report's figures ({@link useReportLive}).
 */
import { Stack, Text, Title } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportFilters as Filters, ReportName } from '../../api/reports';
import { QueryStatus } from '../../components/QueryStatus';
import { useCurrentUser } from '../../components/RequireAuth';
import { ExportButtons } from './ExportButtons';
import { type ReportFilterFields, ReportFilters, useFilterErrors } from './ReportFilters';
import type { ReportFiltersState } from './useReportFilters';
import { useReportLive } from './useReportLive';

export function ReportShell<T>({
  report,
  title,
  intro,
  state,
  fields,
  sent,
  valid,
  query,
  children,
}: {
  report: ReportName;
  title: string;
  intro: string;
  state: Pick<ReportFiltersState, 'filters' | 'setFilters'>;
  fields: ReportFilterFields;
  /** The filters the report was asked with (and the exports use). */
  sent: Filters;
  /** Whether the range is one the server takes. */
  valid: boolean;
  query: UseQueryResult<T>;
  children: (data: T) => ReactNode;
}) {
  const { t } = useTranslation();
  const fieldErrors = useFilterErrors(query.error);
  const user = useCurrentUser();
  useReportLive(report, user.role, user.id);
  return (
    <Stack maw={1200}>
      <Title order={1} size="h2">
        {title}
      </Title>
      <Text c="dimmed" size="sm">
        {intro}
      </Text>

      <ReportFilters filters={state.filters} onChange={state.setFilters} fields={fields} errors={fieldErrors} />
      <ExportButtons report={report} filters={sent} />

      {fieldErrors || !valid ? (
        <Text c="dimmed" role="status">
          {t('reportsArea.common.fixFilters')}
        </Text>
      ) : (
        <QueryStatus query={{ ...query, isPending: query.isPending && valid } as UseQueryResult<T>}>{children}</QueryStatus>
      )}
    </Stack>
  );
}
