/**
 * /customers/at-risk — "Clientes en riesgo" (issue 16, seed 004 "alertas
 * tempranas de clientes en riesgo", "reportes por segmento"): the customers
 * whose at-risk score reached the threshold, riskiest first, as the server
 * scopes them (office: all; seller: the customers they own), each with its
 * category, seller, score, the top reasons and since when. The office may
 * recompute every score now ("Recalcular ahora").
 *
 * Below, "Indicadores por segmento": the metrics grouped by category or by
 * seller, as a table (the accessible source) and a bar chart of the average
 * score per segment.
 *
 * Live: every `customer.risk_changed` (office: `staff:crm`; seller:
 * `crm:<their id>`) refetches the list and the segments. A table on wide
 * screens, cards on phones. Technicians and customer contacts never get it.
 */
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Box, Button, Card, Group, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle, useId } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  type AtRiskCustomer,
  type RiskRun,
  SEGMENT_GROUPS,
  type SegmentGroup,
  type SegmentMetrics,
  canRecomputeRisk,
  formatAverage,
  formatHours,
  seesCustomerMetrics,
  useAtRiskCustomers,
  useRecomputeRisk,
  useRiskSignalText,
  useSegmentMetrics,
} from '../api/customerMetrics';
import { RiskFormulaHelp } from '../components/customerMetrics/RiskFormulaHelp';
import { useIsPhone } from '../components/operations/useIsPhone';
import { QueryStatus } from '../components/QueryStatus';
import { useCurrentUser } from '../components/RequireAuth';
import { useErrorMessage } from '../i18n/errors';
import { formatDate, formatNumber } from '../lib/format';
import { useAtRiskFeed } from '../realtime/useAtRiskFeed';

/** How many reasons the list spells out; the rest are counted. */
const TOP_REASONS = 3;

export function CustomersAtRiskPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('customerMetricsArea.atRisk.title')} · ${t('app.name')}`);
  const user = useCurrentUser();
  const allowed = seesCustomerMetrics(user.role);
  if (!allowed) {
    return (
      <Stack>
        <Title order={1} size="h2">
          {t('customerMetricsArea.atRisk.title')}
        </Title>
        <Alert color="red" role="alert">
          {t('errors.forbidden')}
        </Alert>
      </Stack>
    );
  }
  return <AtRisk />;
}

function AtRisk() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const list = useAtRiskCustomers();
  useAtRiskFeed(user.role, user.id);
  const recompute = useRecomputeRisk();
  const [run, setRun] = useState<RiskRun | null>(null);

  return (
    <Stack maw={1200}>
      <Group justify="space-between" align="flex-start" gap="sm">
        <Title order={1} size="h2">
          {t('customerMetricsArea.atRisk.title')}
        </Title>
        {canRecomputeRisk(user.role) && (
          <Button
            variant="light"
            loading={recompute.isPending}
            fullWidth={phone}
            onClick={() => {
              setRun(null);
              recompute.mutate(undefined, { onSuccess: setRun });
            }}
          >
            {t('customerMetricsArea.atRisk.recompute')}
          </Button>
        )}
      </Group>
      <Text c="dimmed" size="sm">
        {t('customerMetricsArea.atRisk.intro')}
      </Text>
      {run && (
        <Alert color="blue" variant="light" role="status">
          {t('customerMetricsArea.atRisk.recomputed', { count: run.customers, atRisk: run.at_risk })}
        </Alert>
      )}
      {recompute.isError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(recompute.error)}
        </Alert>
      )}
      <RiskFormulaHelp />
      <QueryStatus query={list} isEmpty={(rows) => rows.length === 0} empty={t('customerMetricsArea.atRisk.empty')}>
        {(rows) => (phone ? <AtRiskCards rows={rows} /> : <AtRiskTable rows={rows} />)}
      </QueryStatus>
      <SegmentsSection />
    </Stack>
  );
}

function CustomerLink({ row }: { row: AtRiskCustomer }) {
  return (
    <Anchor component={Link} to={`/customers/${encodeURIComponent(row.customer_id)}`}>
      {row.name}
    </Anchor>
  );
}

/** The top reasons as one short line: "Sin contacto hace 130 días · 2 reclamos abiertos y 1 más". */
function useReasonsLine() {
  const { t } = useTranslation();
  const signal = useRiskSignalText();
  return (row: AtRiskCustomer) => {
    const shown = row.reasons.slice(0, TOP_REASONS).map(signal.text).join(' · ');
    const rest = row.reasons.length - TOP_REASONS;
    return rest > 0 ? `${shown} ${t('customerMetricsArea.atRisk.more', { count: rest })}` : shown || '—';
  };
}

function AtRiskTable({ rows }: { rows: AtRiskCustomer[] }) {
  const { t, i18n } = useTranslation();
  const reasons = useReasonsLine();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover aria-label={t('customerMetricsArea.atRisk.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customerMetricsArea.atRisk.customer')}</Table.Th>
            <Table.Th>{t('customerMetricsArea.atRisk.category')}</Table.Th>
            <Table.Th>{t('customerMetricsArea.atRisk.owner')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.atRisk.score')}</Table.Th>
            <Table.Th>{t('customerMetricsArea.atRisk.why')}</Table.Th>
            <Table.Th>{t('customerMetricsArea.atRisk.since')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.customer_id} data-testid={`at-risk-${r.customer_id}`}>
              <Table.Td>
                <CustomerLink row={r} />
              </Table.Td>
              <Table.Td>{r.category || t('customerMetricsArea.atRisk.noCategory')}</Table.Td>
              <Table.Td>{r.owner_name ?? t('customerMetricsArea.atRisk.noOwner')}</Table.Td>
              <Table.Td ta="right" fw={700}>
                {r.score}
              </Table.Td>
              <Table.Td>{reasons(r)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{r.since ? formatDate(r.since, i18n.language) : '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function AtRiskCards({ rows }: { rows: AtRiskCustomer[] }) {
  const { t, i18n } = useTranslation();
  const reasons = useReasonsLine();
  return (
    <Stack
      gap="xs"
      component="ul"
      aria-label={t('customerMetricsArea.atRisk.tableLabel')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      {rows.map((r) => (
        <li key={r.customer_id}>
          <Card withBorder padding="sm" data-testid={`at-risk-${r.customer_id}`}>
            <Stack gap={4}>
              <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
                  <CustomerLink row={r} />
                </Text>
                <Text fw={700} c="red" style={{ whiteSpace: 'nowrap' }}>
                  {t('customerMetricsArea.atRisk.scoreValue', { score: r.score })}
                </Text>
              </Group>
              <Text size="sm" c="dimmed">
                {r.category || t('customerMetricsArea.atRisk.noCategory')} ·{' '}
                {r.owner_name ?? t('customerMetricsArea.atRisk.noOwner')}
              </Text>
              <Text size="sm">{reasons(r)}</Text>
              {r.since && (
                <Text size="xs" c="dimmed">
                  {t('customerMetricsArea.atRisk.since')}: {formatDate(r.since, i18n.language)}
                </Text>
              )}
            </Stack>
          </Card>
        </li>
      ))}
    </Stack>
  );
}

// --- segments -------------------------------------------------------------------

function SegmentsSection() {
  const { t, i18n } = useTranslation();
  const labelId = useId();
  const [group, setGroup] = useState<SegmentGroup>('category');
  const segments = useSegmentMetrics(group);
  const groupLabel: Record<SegmentGroup, string> = {
    category: t('customerMetricsArea.segments.byCategory'),
    owner: t('customerMetricsArea.segments.byOwner'),
  };
  const segmentName = (s: SegmentMetrics) =>
    s.segment ||
    (group === 'category' ? t('customerMetricsArea.atRisk.noCategory') : t('customerMetricsArea.atRisk.noOwner'));

  return (
    <Card withBorder component="section" aria-labelledby="segments-title" mt="md">
      <Stack gap="sm">
        <Title order={2} size="h4" id="segments-title">
          {t('customerMetricsArea.segments.title')}
        </Title>
        <Stack gap={4}>
          <Text size="sm" fw={500} id={labelId}>
            {t('customerMetricsArea.segments.groupBy')}
          </Text>
          <SegmentedControl
            aria-labelledby={labelId}
            value={group}
            onChange={(v) => setGroup(v as SegmentGroup)}
            data={SEGMENT_GROUPS.map((g) => ({ value: g, label: groupLabel[g] }))}
            maw={360}
          />
        </Stack>
        <QueryStatus query={segments} isEmpty={(rows) => rows.length === 0} empty={t('customerMetricsArea.segments.empty')}>
          {(rows) => (
            <>
              <SegmentsTable rows={rows} name={segmentName} />
              <Box role="img" aria-label={t('customerMetricsArea.segments.chartLabel')}>
                <BarChart
                  h={Math.max(200, 40 * rows.length + 60)}
                  data={rows.map((s) => ({ segment: segmentName(s), score: s.average_score }))}
                  dataKey="segment"
                  orientation="vertical"
                  yAxisProps={{ width: 110 }}
                  xAxisProps={{ domain: [0, 100] }}
                  valueFormatter={(v) => formatNumber(v, i18n.language, 1)}
                  series={[{ name: 'score', label: t('customerMetricsArea.segments.averageScore'), color: 'red.6' }]}
                />
              </Box>
            </>
          )}
        </QueryStatus>
      </Stack>
    </Card>
  );
}

function SegmentsTable({ rows, name }: { rows: SegmentMetrics[]; name: (s: SegmentMetrics) => string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const dash = '—';
  const average = (v: number | null) => (v === null ? dash : formatAverage(v, lang));
  const hours = (v: number | null) => (v === null ? dash : formatHours(v, lang));
  const share = (v: number | null) =>
    v === null ? dash : new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(v);
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table striped aria-label={t('customerMetricsArea.segments.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('customerMetricsArea.segments.segment')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.customers')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.atRisk')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.averageScore')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.nps')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.csat')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.firstResponse')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.resolution')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.firstContactResolution')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.proactive')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.contacts')}</Table.Th>
            <Table.Th ta="right">{t('customerMetricsArea.segments.openComplaints')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((s) => (
            <Table.Tr key={s.segment}>
              <Table.Td>{name(s)}</Table.Td>
              <Table.Td ta="right">{s.customers}</Table.Td>
              <Table.Td ta="right">{s.at_risk}</Table.Td>
              <Table.Td ta="right">{formatNumber(s.average_score, lang, 1)}</Table.Td>
              <Table.Td ta="right">{average(s.nps)}</Table.Td>
              <Table.Td ta="right">{average(s.csat)}</Table.Td>
              <Table.Td ta="right">{hours(s.first_response_hours)}</Table.Td>
              <Table.Td ta="right">{hours(s.resolution_hours)}</Table.Td>
              <Table.Td ta="right">{share(s.first_contact_resolution)}</Table.Td>
              <Table.Td ta="right">{share(s.proactive_ratio)}</Table.Td>
              <Table.Td ta="right">{s.contacts_90d}</Table.Td>
              <Table.Td ta="right">{s.open_complaints}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
