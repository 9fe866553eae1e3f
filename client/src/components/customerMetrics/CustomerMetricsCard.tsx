/**
 * "Indicadores del cliente" on a customer's page (issue 16, seed 004
 * "alertas tempranas de clientes en riesgo", "métricas de clientes"): the
 * at-risk score as a big figure ("Riesgo: 65/100") with "En riesgo" / "Sin
 * riesgo" and since when, the reasons behind it ("Por qué", heaviest first,
 * each with its points) and the signals as small figures (days without
 * contact, contacts in 90 days with the proactive share, open complaints,
 * NPS, CSAT, first response and resolution hours, first-contact
 * resolution (the share of closed tickets never left waiting on the
 * customer nor reopened), overdue balance, orders
 * in the last 90 days against the 90 before).
 *
 * Live: a contact recorded with the customer or a new score reloads it
 * (`useInteractionFeed`, shared with the timeline). Only the office and
 * sellers (their own customers) have it; for any other role it renders
 * nothing and asks the server nothing.
 */
import { Badge, Card, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import {
  type CustomerMetrics,
  formatAverage,
  formatHours,
  seesCustomerMetrics,
  useCustomerMetrics,
  useRiskSignalText,
} from '../../api/customerMetrics';
import { formatDate, formatMoney } from '../../lib/format';
import { useInteractionFeed } from '../../realtime/useInteractionFeed';
import { QueryStatus } from '../QueryStatus';
import { useCurrentUser } from '../RequireAuth';
import { RiskFormulaHelp } from './RiskFormulaHelp';

export function CustomerMetricsCard({ customerId }: { customerId: string }) {
  const user = useCurrentUser();
  if (!seesCustomerMetrics(user.role)) return null;
  return <MetricsCard customerId={customerId} />;
}

function MetricsCard({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const metrics = useCustomerMetrics(customerId);
  useInteractionFeed(user.role, user.id, customerId);
  return (
    <Card withBorder component="section" aria-labelledby="customer-metrics-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="customer-metrics-title">
          {t('customerMetricsArea.card.title')}
        </Title>
        <QueryStatus query={metrics} loaderSize="sm">
          {(m) => <MetricsBody metrics={m} />}
        </QueryStatus>
      </Stack>
    </Card>
  );
}

function MetricsBody({ metrics: m }: { metrics: CustomerMetrics }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const signal = useRiskSignalText();
  return (
    <Stack gap="sm">
      <Group gap="xs" align="center" wrap="wrap">
        <Text fw={700} fz={28} lh={1.2} data-testid="risk-score">
          {t('customerMetricsArea.card.score', { score: m.score })}
        </Text>
        <Badge color={m.at_risk ? 'red' : 'green'} variant="filled" size="lg">
          {m.at_risk ? t('customerMetricsArea.card.atRisk') : t('customerMetricsArea.card.notAtRisk')}
        </Badge>
        {m.at_risk && m.at_risk_since && (
          <Text size="sm" c="dimmed">
            {t('customerMetricsArea.card.since', { date: formatDate(m.at_risk_since, lang) })}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {t('customerMetricsArea.card.threshold', { threshold: m.threshold })}
      </Text>

      <Title order={3} size="h5">
        {t('customerMetricsArea.card.why')}
      </Title>
      {m.reasons.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('customerMetricsArea.card.noReasons')}
        </Text>
      ) : (
        <List size="sm" spacing={4} aria-label={t('customerMetricsArea.card.reasonsLabel')}>
          {m.reasons.map((r) => (
            <List.Item key={r.signal}>
              {signal.text(r)}{' '}
              <Badge component="span" variant="light" color={m.at_risk ? 'red' : 'gray'} size="sm">
                {signal.points(r)}
              </Badge>
            </List.Item>
          ))}
        </List>
      )}

      <SignalFigures metrics={m} currency={signal.currency} lang={lang} />
      <RiskFormulaHelp threshold={m.threshold} />
    </Stack>
  );
}

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <li>
      <Card withBorder padding="xs" h="100%">
        <Text size="xs" c="dimmed">
          {label}
        </Text>
        <Text fw={700} size="lg">
          {value}
        </Text>
        {hint && (
          <Text size="xs" c="dimmed">
            {hint}
          </Text>
        )}
      </Card>
    </li>
  );
}

function SignalFigures({ metrics, currency, lang }: { metrics: CustomerMetrics; currency: string; lang: string }) {
  const { t } = useTranslation();
  const s = metrics.signals;
  const dash = '—';
  const share = (value: number) => new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }).format(value);
  const percent = (part: number, whole: number) => share(part / whole);
  const surveys = s.surveys > 0 ? t('customerMetricsArea.figures.surveys', { count: s.surveys }) : t('customerMetricsArea.figures.noSurveys');
  const tickets =
    s.tickets_90d > 0 ? t('customerMetricsArea.figures.tickets', { count: s.tickets_90d }) : t('customerMetricsArea.figures.noTickets');
  return (
    <SimpleGrid
      component="ul"
      cols={{ base: 2, sm: 3 }}
      spacing="xs"
      aria-label={t('customerMetricsArea.card.figuresLabel')}
      style={{ listStyle: 'none', padding: 0, margin: 0 }}
    >
      <Figure label={t('customerMetricsArea.figures.daysSinceContact')} value={String(s.days_since_contact)} />
      <Figure
        label={t('customerMetricsArea.figures.contacts90d')}
        value={String(s.contacts_90d)}
        hint={s.contacts_90d > 0 ? t('customerMetricsArea.figures.proactiveShare', { percent: percent(s.proactive_90d, s.contacts_90d) }) : undefined}
      />
      <Figure label={t('customerMetricsArea.figures.openComplaints')} value={String(s.open_complaints)} />
      <Figure label={t('customerMetricsArea.figures.nps')} value={s.nps === null ? dash : formatAverage(s.nps, lang)} hint={surveys} />
      <Figure label={t('customerMetricsArea.figures.csat')} value={s.csat === null ? dash : formatAverage(s.csat, lang)} hint={surveys} />
      <Figure
        label={t('customerMetricsArea.figures.firstResponse')}
        value={s.first_response_hours === null ? dash : formatHours(s.first_response_hours, lang)}
        hint={tickets}
      />
      <Figure
        label={t('customerMetricsArea.figures.resolution')}
        value={s.resolution_hours === null ? dash : formatHours(s.resolution_hours, lang)}
      />
      <Figure
        label={t('customerMetricsArea.figures.firstContactResolution')}
        value={s.first_contact_resolution === null ? dash : share(s.first_contact_resolution)}
      />
      <Figure
        label={t('customerMetricsArea.figures.overdueBalance')}
        value={formatMoney(s.overdue_balance, currency, lang)}
        hint={s.overdue_days > 0 ? t('customerMetricsArea.figures.overdueDays', { count: s.overdue_days }) : undefined}
      />
      <Figure
        label={t('customerMetricsArea.figures.orders')}
        value={t('customerMetricsArea.figures.ordersValue', { now: s.orders_90d, before: s.orders_prev_90d })}
      />
    </SimpleGrid>
  );
}
