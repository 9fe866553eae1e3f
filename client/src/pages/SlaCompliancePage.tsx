/**
 * /tickets/sla — "Cumplimiento SLA" (issue 16), for the office (master,
 * admin, operator): of the tickets created in a period, how many met their
 * first-response and resolution targets. The period (`from`, `to`, plain
 * days) lives in the URL, e.g. /tickets/sla?from=2026-01-01&to=2026-03-31,
 * and goes as is to GET /api/v1/sla/compliance (without it the server takes
 * the last 90 days).
 *
 * The overall compliance as a big figure ("92,5 % cumplido") with its
 * counts, then three tables — by type, by priority, by assignee ("Sin
 * asignar" for tickets nobody took) — and a bar chart of compliance by type.
 */
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Box, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router-dom';
import { type ComplianceFigure, type SlaCompliance, seesSlaCompliance, useSlaCompliance } from '../api/sla';
import { TICKET_PRIORITIES, TICKET_TYPES } from '../api/tickets';
import { QueryStatus } from '../components/QueryStatus';
import { useCurrentUser } from '../components/RequireAuth';
import { DateRangeFields, type DateRange, rangeIsValid } from '../components/records/DateRangeFields';
import { formatCalendarDay, formatNumber } from '../lib/format';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period in the URL; anything that is not a day is ignored. */
function readRange(params: URLSearchParams): DateRange {
  const day = (name: string) => {
    const v = params.get(name) ?? '';
    return DAY.test(v) ? v : '';
  };
  return { from: day('from'), to: day('to') };
}

export function SlaCompliancePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('slaArea.compliance.title'));
  const user = useCurrentUser();
  if (!seesSlaCompliance(user.role)) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('slaArea.compliance.title')}
        </Title>
        <Alert color="red" role="alert">
          {t('errors.forbidden')}
        </Alert>
      </Stack>
    );
  }
  return <Compliance />;
}

function Compliance() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const range = readRange(params);
  const valid = rangeIsValid(range);
  const report = useSlaCompliance(range.from, range.to, valid);
  const setRange = (next: DateRange) =>
    setParams(
      (cur) => {
        const out = new URLSearchParams(cur);
        for (const key of ['from', 'to'] as const) {
          if (next[key]) out.set(key, next[key]);
          else out.delete(key);
        }
        return out;
      },
      { replace: true },
    );

  return (
    <Stack maw={1100}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={1} size="h2">
          {t('slaArea.compliance.title')}
        </Title>
        <Anchor component={Link} to="/tickets" size="sm">
          {t('tickets.title')}
        </Anchor>
      </Group>
      <Text c="dimmed" size="sm">
        {t('slaArea.compliance.intro')}
      </Text>
      <Group role="search" aria-label={t('recordsArea.common.filters')}>
        <DateRangeFields value={range} onChange={setRange} />
      </Group>
      <QueryStatus query={{ ...report, isPending: report.isPending && valid }}>{(data) => <Report data={data} />}</QueryStatus>
    </Stack>
  );
}

/** "92,5 %" (or "—" without tickets). */
function usePercent() {
  const { t, i18n } = useTranslation();
  return (pct: number | null) =>
    pct === null ? '—' : t('slaArea.compliance.percent', { value: formatNumber(pct, i18n.language, 1) });
}

function Report({ data }: { data: SlaCompliance }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const percent = usePercent();
  const day = (d: string) => formatCalendarDay(d, lang, { day: 'numeric', month: 'short', year: 'numeric' });
  const o = data.overall;
  const typeLabel = (key: string | null) =>
    key && (TICKET_TYPES as readonly string[]).includes(key) ? t(`tickets.types.${key as (typeof TICKET_TYPES)[number]}`) : (key ?? '—');
  const priorityLabel = (key: string | null) =>
    key && (TICKET_PRIORITIES as readonly string[]).includes(key)
      ? t(`tickets.priorities.${key as (typeof TICKET_PRIORITIES)[number]}`)
      : (key ?? '—');
  const assigneeLabel = (f: ComplianceFigure) => (f.key === null ? t('slaArea.compliance.unassigned') : (f.label ?? f.key));
  const charted = data.by_type.filter((f) => f.compliance_pct !== null);

  return (
    <Stack gap="md">
      <Card withBorder component="section" aria-labelledby="sla-overall-title">
        <Stack gap="xs">
          <Title order={2} size="h4" id="sla-overall-title">
            {t('slaArea.compliance.overallLabel')}
          </Title>
          <Text size="sm" c="dimmed" data-testid="sla-period">
            {t('slaArea.compliance.period', { from: day(data.from), to: day(data.to) })}
          </Text>
          <Text fw={700} fz={36} lh={1.2} data-testid="sla-overall">
            {o.compliance_pct === null
              ? t('slaArea.compliance.noTickets')
              : t('slaArea.compliance.overall', { value: formatNumber(o.compliance_pct, lang, 1) })}
          </Text>
          <SimpleGrid
            component="ul"
            cols={{ base: 2, sm: 4 }}
            spacing="xs"
            aria-label={t('slaArea.compliance.figuresLabel')}
            style={{ listStyle: 'none', padding: 0, margin: 0 }}
          >
            <Figure label={t('slaArea.compliance.tickets')} value={o.tickets} lang={lang} testId="sla-figure-tickets" />
            <Figure label={t('slaArea.compliance.resolved')} value={o.resolved} lang={lang} testId="sla-figure-resolved" />
            <Figure
              label={t('slaArea.compliance.responseBreached')}
              value={o.response_breached}
              lang={lang}
              testId="sla-figure-response-breached"
            />
            <Figure
              label={t('slaArea.compliance.resolutionBreached')}
              value={o.resolution_breached}
              lang={lang}
              testId="sla-figure-resolution-breached"
            />
          </SimpleGrid>
        </Stack>
      </Card>

      <FigureTable
        title={t('slaArea.compliance.byType')}
        tableLabel={t('slaArea.compliance.tableByType')}
        keyHeader={t('slaArea.compliance.type')}
        rows={data.by_type}
        name={(f) => typeLabel(f.key)}
        testId={(f) => `sla-row-type-${f.key ?? 'none'}`}
      >
        {charted.length > 0 && (
          <Box role="img" aria-label={t('slaArea.compliance.chartLabel')}>
            <BarChart
              h={Math.max(200, 40 * charted.length + 60)}
              data={charted.map((f) => ({ type: typeLabel(f.key), compliance: f.compliance_pct ?? 0 }))}
              dataKey="type"
              orientation="vertical"
              yAxisProps={{ width: 140 }}
              xAxisProps={{ domain: [0, 100] }}
              valueFormatter={(v) => percent(v)}
              series={[{ name: 'compliance', label: t('slaArea.compliance.compliance'), color: 'teal.6' }]}
            />
          </Box>
        )}
      </FigureTable>
      <FigureTable
        title={t('slaArea.compliance.byPriority')}
        tableLabel={t('slaArea.compliance.tableByPriority')}
        keyHeader={t('slaArea.compliance.priority')}
        rows={data.by_priority}
        name={(f) => priorityLabel(f.key)}
        testId={(f) => `sla-row-priority-${f.key ?? 'none'}`}
      />
      <FigureTable
        title={t('slaArea.compliance.byAssignee')}
        tableLabel={t('slaArea.compliance.tableByAssignee')}
        keyHeader={t('slaArea.compliance.assignee')}
        rows={data.by_assignee}
        name={assigneeLabel}
        testId={(f) => `sla-row-assignee-${f.key ?? 'none'}`}
      />
    </Stack>
  );
}

function Figure({ label, value, lang, testId }: { label: string; value: number; lang: string; testId: string }) {
  return (
    <li>
      <Card withBorder padding="xs" h="100%">
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text fw={700} size="lg" data-testid={testId}>
          {formatNumber(value, lang, 0)}
        </Text>
      </Card>
    </li>
  );
}

function FigureTable({
  title,
  tableLabel,
  keyHeader,
  rows,
  name,
  testId,
  children,
}: {
  title: string;
  tableLabel: string;
  keyHeader: string;
  rows: ComplianceFigure[];
  name: (f: ComplianceFigure) => string;
  testId: (f: ComplianceFigure) => string;
  children?: ReactNode;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const percent = usePercent();
  const count = (n: number) => formatNumber(n, lang, 0);
  return (
    <Card withBorder component="section" aria-label={title}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {title}
        </Title>
        {rows.length === 0 ? (
          <Text c="dimmed">{t('slaArea.compliance.empty')}</Text>
        ) : (
          <Table.ScrollContainer minWidth={640}>
            <Table striped aria-label={tableLabel}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{keyHeader}</Table.Th>
                  <Table.Th ta="right">{t('slaArea.compliance.tickets')}</Table.Th>
                  <Table.Th ta="right">{t('slaArea.compliance.resolved')}</Table.Th>
                  <Table.Th ta="right">{t('slaArea.compliance.responseBreachedShort')}</Table.Th>
                  <Table.Th ta="right">{t('slaArea.compliance.resolutionBreachedShort')}</Table.Th>
                  <Table.Th ta="right">{t('slaArea.compliance.compliance')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((f) => (
                  <Table.Tr key={f.key ?? ''} data-testid={testId(f)}>
                    <Table.Td>{name(f)}</Table.Td>
                    <Table.Td ta="right">{count(f.tickets)}</Table.Td>
                    <Table.Td ta="right">{count(f.resolved)}</Table.Td>
                    <Table.Td ta="right">{count(f.response_breached)}</Table.Td>
                    <Table.Td ta="right">{count(f.resolution_breached)}</Table.Td>
                    <Table.Td ta="right" fw={700}>
                      {percent(f.compliance_pct)}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {children}
      </Stack>
    </Card>
  );
}
