/**
 * /purchasing/performance — supplier performance over the last twelve
 * months: a chart of each supplier's on-time and fill rates and the ranking
 * by score (on-time rate × fill rate). Reloads live on `staff:purchasing`.
 */
import { BarChart } from '@mantine/charts';
import { Alert, Anchor, Card, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { canManagePurchasing, percent, purchasingKeys, usePerformanceRanking } from '../../api/purchasing';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { useStaffFeed } from '../../realtime/useStaffFeed';

const pct = (rate: string | null) => (rate === null ? 0 : Math.round(Number(rate) * 100));

export function PerformancePage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  useDocumentTitle(t('purchasingArea.performance.title'));
  const user = useCurrentUser();
  const allowed = canManagePurchasing(user.role);
  const ranking = usePerformanceRanking(allowed);
  useStaffFeed('staff:purchasing', user.role, [purchasingKeys.all]);
  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  return (
    <Stack>
      <Title order={1} size="h2">
        {t('purchasingArea.performance.title')}
      </Title>
      <QueryStatus query={ranking}>
        {(r) => (
          <Stack>
            <Text c="dimmed">{t('purchasingArea.performance.period', { from: r.from, to: r.to })}</Text>
            {r.suppliers.length === 0 ? (
              <Text c="dimmed">{t('purchasingArea.performance.none')}</Text>
            ) : (
              <>
                <Card withBorder>
                  <BarChart
                    h={260}
                    data={r.suppliers.map((s) => ({
                      supplier: s.supplier_name,
                      onTime: pct(s.figures.on_time_rate),
                      fillRate: pct(s.figures.fill_rate),
                    }))}
                    dataKey="supplier"
                    unit="%"
                    yAxisProps={{ domain: [0, 100] }}
                    withLegend
                    series={[
                      { name: 'onTime', label: t('purchasingArea.performance.onTime'), color: 'teal.6' },
                      { name: 'fillRate', label: t('purchasingArea.performance.fillRate'), color: 'blue.6' },
                    ]}
                  />
                </Card>
                <Title order={2} size="h4">
                  {t('purchasingArea.performance.ranking')}
                </Title>
                <Table.ScrollContainer minWidth={320}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('purchasingArea.performance.rank')}</Table.Th>
                        <Table.Th>{t('purchasingArea.orders.supplier')}</Table.Th>
                        <Table.Th>{t('purchasingArea.performance.score')}</Table.Th>
                        <Table.Th>{t('purchasingArea.performance.onTime')}</Table.Th>
                        <Table.Th>{t('purchasingArea.performance.fillRate')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('purchasingArea.performance.leadTime')}</Table.Th>
                        <Table.Th visibleFrom="sm">{t('purchasingArea.performance.priceVariance')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {r.suppliers.map((s) => (
                        <Table.Tr key={s.supplier_id}>
                          <Table.Td>{s.rank}</Table.Td>
                          <Table.Td>
                            <Anchor component={Link} to={`/purchasing/suppliers/${s.supplier_id}`}>
                              {s.supplier_name}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>{percent(s.figures.score, lang)}</Table.Td>
                          <Table.Td>{percent(s.figures.on_time_rate, lang)}</Table.Td>
                          <Table.Td>{percent(s.figures.fill_rate, lang)}</Table.Td>
                          <Table.Td visibleFrom="sm">{s.figures.average_lead_time_days ?? '—'}</Table.Td>
                          <Table.Td visibleFrom="sm">{percent(s.figures.price_variance, lang)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              </>
            )}
            <Text size="sm" c="dimmed">
              {t('purchasingArea.performance.help')}
            </Text>
          </Stack>
        )}
      </QueryStatus>
    </Stack>
  );
}
