/**
 * /crm/dashboard — the CRM dashboard of seed 003: total contacts, active
 * opportunities, potential value (sum and weighted), conversion rate; the
 * sales funnel with the % from the previous stage, the distribution by
 * stage, performance by seller and the trend by month. Charts are
 * @mantine/charts (Recharts); every chart has its figures in text beside it
 * so they are readable without the drawing (and testable). Live: reloads
 * on every opportunity change (useCrmFeed).
 */
import { BarChart, FunnelChart } from '@mantine/charts';
import { Alert, Card, Group, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { CRM_ROLES, useCrmDashboard } from '../../api/crm';
import { useCompanySettings } from '../../api/settings';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { formatMoney, formatNumber } from '../../lib/format';
import { useCrmFeed } from '../../realtime/useCrmFeed';
import { CrmNav, QuickActions } from './CrmNav';

const COLORS = ['blue.3', 'blue.5', 'indigo.5', 'violet.6', 'teal.6', 'red.5'];

function Stat({ label, value, hint, testId }: { label: string; value: string; hint?: string; testId: string }) {
  return (
    <Card withBorder padding="sm">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Card>
  );
}

export function CrmDashboardPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('crm.dashboardTitle'));
  const user = useCurrentUser();
  const allowed = CRM_ROLES.includes(user.role);
  const navigate = useNavigate();
  const dashboard = useCrmDashboard(allowed);
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const lang = i18n.language;
  useCrmFeed(allowed ? user.role : undefined, user.id);

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  const pct = (v: number | null) => (v === null ? '—' : `${formatNumber(v, lang, 1)} %`);
  const money = (v: string) => formatMoney(v, currency, lang);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('crm.dashboardTitle')}
      </Title>
      <CrmNav />
      <QuickActions onNewOpportunity={() => navigate('/crm?new=1')} />
      <QueryStatus query={dashboard}>
        {(d) => (
          <Stack>
            <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
              <Stat
                testId="crm-contacts"
                label={t('crm.dashboard.contacts')}
                value={formatNumber(d.contacts, lang)}
                hint={t('crm.dashboard.customers', { count: d.customers })}
              />
              <Stat testId="crm-active" label={t('crm.dashboard.active')} value={formatNumber(d.active_opportunities, lang)} />
              <Stat
                testId="crm-potential"
                label={t('crm.dashboard.potential')}
                value={money(d.potential_value)}
                hint={t('crm.dashboard.weighted', { value: money(d.weighted_value) })}
              />
              <Stat
                testId="crm-conversion"
                label={t('crm.dashboard.conversion')}
                value={pct(d.conversion_rate_pct)}
                hint={t('crm.dashboard.winRate', { value: pct(d.win_rate_pct) })}
              />
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, md: 2 }}>
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  {t('crm.dashboard.funnel')}
                </Title>
                <Group align="flex-start" wrap="wrap">
                  <FunnelChart
                    size={220}
                    withLabels
                    labelsPosition="inside"
                    data={d.funnel.map((s, i) => ({
                      name: t(`crm.stages.${s.stage}`),
                      value: Number(s.reached),
                      color: COLORS[i] ?? 'gray.5',
                    }))}
                  />
                  <Table data-testid="crm-funnel" w="auto">
                    <Table.Tbody>
                      {d.funnel.map((s) => (
                        <Table.Tr key={s.stage} data-testid={`crm-funnel-${s.stage}`}>
                          <Table.Td>{t(`crm.stages.${s.stage}`)}</Table.Td>
                          <Table.Td data-testid={`crm-funnel-${s.stage}-reached`}>{String(s.reached)}</Table.Td>
                          <Table.Td>
                            {s.from_previous_pct === null
                              ? ''
                              : t('crm.dashboard.fromPrevious', { pct: formatNumber(s.from_previous_pct, lang, 1) })}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Group>
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  {t('crm.dashboard.distribution')}
                </Title>
                <BarChart
                  h={220}
                  dataKey="stage"
                  data={d.by_stage.map((s) => ({ stage: t(`crm.stages.${s.stage}`), count: Number(s.count) }))}
                  series={[{ name: 'count', color: 'blue.6', label: t('crm.dashboard.reached') }]}
                />
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  {t('crm.dashboard.performance')}
                </Title>
                <Table.ScrollContainer minWidth={420}>
                  <Table>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('crm.dashboard.seller')}</Table.Th>
                        <Table.Th>{t('crm.dashboard.open')}</Table.Th>
                        <Table.Th>{t('crm.dashboard.won')}</Table.Th>
                        <Table.Th>{t('crm.dashboard.lost')}</Table.Th>
                        <Table.Th>{t('crm.dashboard.wonValue')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {d.by_seller.map((s) => (
                        <Table.Tr key={s.owner_id}>
                          <Table.Td>{s.owner_name}</Table.Td>
                          <Table.Td>{String(s.open)}</Table.Td>
                          <Table.Td>{String(s.won)}</Table.Td>
                          <Table.Td>{String(s.lost)}</Table.Td>
                          <Table.Td>{money(s.won_value)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </Card>
              <Card withBorder>
                <Title order={2} size="h4" mb="sm">
                  {t('crm.dashboard.trend')}
                </Title>
                {d.trend.length === 0 ? (
                  <Text c="dimmed">{t('crm.dashboard.noData')}</Text>
                ) : (
                  <BarChart
                    h={220}
                    dataKey="month"
                    data={d.trend.map((m) => ({ month: m.month, created: Number(m.created), won: Number(m.won), lost: Number(m.lost) }))}
                    series={[
                      { name: 'created', color: 'blue.5', label: t('crm.dashboard.created') },
                      { name: 'won', color: 'teal.6', label: t('crm.dashboard.won') },
                      { name: 'lost', color: 'red.5', label: t('crm.dashboard.lost') },
                    ]}
                  />
                )}
              </Card>
            </SimpleGrid>
          </Stack>
        )}
      </QueryStatus>
    </Stack>
  );
}
