/**
 * The revenue report's tables besides the periods: by customer (the name
 * opens that customer's invoices of the range), by seller (the office opens
 * the report of one seller from the name), by service type (share of what
 * was invoiced), and the receivables aging of today.
 */
import { Anchor, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type RevenueFilters, type RevenueReport, invoicesLink, reportPageLink } from '../../api/reports';
import { formatNumber } from '../../lib/format';
import { Section, useReportFormat } from './ReportParts';
import { FigureCells, FigureHeaders } from './RevenueFigures';

const AGING_BUCKETS = ['current', 'days_1_30', 'days_31_60', 'days_61_90', 'over_90'] as const;

export function RevenueCustomers({ data, paymentsLinked }: { data: RevenueReport; paymentsLinked: boolean }) {
  const { t } = useTranslation();
  return (
    <Section title={t('reportsArea.revenue.byCustomer')}>
      {data.by_customer.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableByCustomer')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.common.customer')}</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_customer.map((c) => {
                const drill = { from: data.from, to: data.to, customer_id: c.customer_id };
                return (
                  <Table.Tr key={c.customer_id} data-testid={`revenue-customer-${c.customer_id}`}>
                    <Table.Td>
                      <Anchor component={Link} to={invoicesLink(drill)} title={t('reportsArea.revenue.customerLink', { name: c.name })}>
                        {c.name}
                      </Anchor>
                    </Table.Td>
                    <FigureCells
                      figures={c.figures}
                      currency={data.currency}
                      drill={drill}
                      what={c.name}
                      paymentsLinked={paymentsLinked}
                      testId={`revenue-customer-${c.customer_id}`}
                    />
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function RevenueSellers({ data, filters, office }: { data: RevenueReport; filters: RevenueFilters; office: boolean }) {
  const { t } = useTranslation();
  /** The report itself, for that seller only (office). */
  const sellerReport = (sellerId: string) => reportPageLink('revenue', { ...filters, seller_id: sellerId });
  return (
    <Section title={t('reportsArea.revenue.bySeller')}>
      {data.by_seller.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={860}>
          <Table striped highlightOnHover aria-label={t('reportsArea.revenue.tableBySeller')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.common.seller')}</Table.Th>
                <FigureHeaders />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_seller.map((s) => {
                const name = s.seller_id === null ? t('reportsArea.revenue.noSeller') : (s.name ?? '—');
                return (
                  <Table.Tr key={s.seller_id ?? 'none'} data-testid={`revenue-seller-${s.seller_id ?? 'none'}`}>
                    <Table.Td>
                      {office && s.seller_id !== null && s.seller_id !== filters.seller_id ? (
                        <Anchor component={Link} to={sellerReport(s.seller_id)} title={t('reportsArea.revenue.sellerLink', { name })}>
                          {name}
                        </Anchor>
                      ) : (
                        name
                      )}
                    </Table.Td>
                    <FigureCells figures={s.figures} currency={data.currency} what={name} paymentsLinked={false} />
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function RevenueServiceTypes({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { lang, money } = useReportFormat(data.currency);
  const total = data.by_service_type.reduce((sum, k) => sum + Number(k.invoiced), 0);
  const share = (v: string) =>
    total > 0 ? t('reportsArea.revenue.percent', { value: formatNumber((Number(v) / total) * 100, lang, 1) }) : '—';
  return (
    <Section title={t('reportsArea.revenue.byServiceType')}>
      {data.by_service_type.length === 0 ? (
        <Text c="dimmed">{t('reportsArea.revenue.noRows')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={420}>
          <Table striped aria-label={t('reportsArea.revenue.tableByServiceType')}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('reportsArea.revenue.serviceType')}</Table.Th>
                <Table.Th ta="right">{t('reportsArea.revenue.invoiced')}</Table.Th>
                <Table.Th ta="right">{t('reportsArea.revenue.share')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {data.by_service_type.map((k) => (
                <Table.Tr key={k.kind} data-testid={`revenue-kind-${k.kind}`}>
                  <Table.Td>{t(`reportsArea.revenue.kinds.${k.kind}`)}</Table.Td>
                  <Table.Td ta="right">{money(k.invoiced)}</Table.Td>
                  <Table.Td ta="right">{share(k.invoiced)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Section>
  );
}

export function RevenueAging({ data }: { data: RevenueReport }) {
  const { t } = useTranslation();
  const { money } = useReportFormat(data.currency);
  const a = data.aging;
  return (
    <Section title={t('reportsArea.revenue.aging')} testId="revenue-aging">
      <Text size="xs" c="dimmed">
        {t('reportsArea.revenue.agingHint')}
      </Text>
      <Table.ScrollContainer minWidth={640}>
        <Table aria-label={t('reportsArea.revenue.tableAging')}>
          <Table.Thead>
            <Table.Tr>
              {AGING_BUCKETS.map((b) => (
                <Table.Th key={b} ta="right">
                  {t(`reportsArea.revenue.agingBuckets.${b}`)}
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('reportsArea.revenue.agingBuckets.total')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            <Table.Tr>
              {AGING_BUCKETS.map((b) => (
                <Table.Td key={b} ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {money(a[b])}
                </Table.Td>
              ))}
              <Table.Td ta="right" fw={700} style={{ whiteSpace: 'nowrap' }}>
                {money(a.total)}
              </Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Anchor component={Link} to="/billing/receivables" size="sm" className="no-print">
        {t('reportsArea.revenue.receivablesLink')}
      </Anchor>
    </Section>
  );
}
