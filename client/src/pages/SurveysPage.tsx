/**
 * /surveys — satisfaction surveys after service.
 *
 * Customer contacts see their company's pending surveys (one per closed
 * order or ticket, until it expires) and answer each right here: NPS 0–10,
 * CSAT 1–5 and a comment. The office (master, admin, operator) sees the
 * results: NPS and CSAT of the answers in a date range (default: the last 12
 * months), grouped per month, per technician or per service type, with the
 * promoter / passive / detractor split. Other roles have nothing here.
 */
import { Alert, Anchor, Card, Group, Loader, SegmentedControl, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../api/auth';
import {
  METRICS_GROUPS,
  type MetricsGroup,
  type Survey,
  type SurveyAnswer,
  answerSurvey,
  fetchMetrics,
  fetchPendingSurveys,
  metricsUrl,
  pendingSurveysKey,
} from '../api/surveys';
import { ScoreSummary, ScoreTable } from '../components/schedule/SurveyScores';
import { SurveyForm } from '../components/schedule/SurveyForm';
import { useErrorMessage } from '../i18n/errors';
import { formatDate, formatDateTime, fromZonedInput } from '../lib/format';

const OFFICE = ['master', 'admin', 'operator'];

export function SurveysPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('surveysArea.title')} · ${t('app.name')}`);
  const me = useMe();
  const role = me.data?.role;
  return (
    <Stack>
      <Title order={1} size="h2">
        {role && OFFICE.includes(role) ? t('surveysArea.resultsTitle') : t('surveysArea.title')}
      </Title>
      {me.isPending && <Loader aria-label={t('common.loading')} />}
      {role === 'customer' && <PendingSurveys />}
      {role && OFFICE.includes(role) && <SurveyResults />}
      {role && role !== 'customer' && !OFFICE.includes(role) && <Text c="dimmed">{t('surveysArea.notForRole')}</Text>}
    </Stack>
  );
}

function PendingSurveys() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const pending = useQuery({ queryKey: pendingSurveysKey, queryFn: ({ signal }) => fetchPendingSurveys(signal) });
  if (pending.isPending) return <Loader aria-label={t('common.loading')} />;
  if (pending.isError)
    return (
      <Alert color="red" role="alert">
        {errorMessage(pending.error)}
      </Alert>
    );
  if (pending.data.length === 0) return <Text c="dimmed">{t('surveysArea.noPending')}</Text>;
  return (
    <Stack>
      <Text>{t('surveysArea.pendingIntro')}</Text>
      {pending.data.map((s) => (
        <PendingSurvey key={s.id} survey={s} />
      ))}
    </Stack>
  );
}

function PendingSurvey({ survey }: { survey: Survey }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const answer = useMutation({
    mutationFn: (a: SurveyAnswer) => answerSurvey(survey.id, a),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('surveysArea.thanks') });
      void queryClient.invalidateQueries({ queryKey: pendingSurveysKey });
    },
    onError: (err) => {
      // Answered meanwhile (e.g. through the e-mail link) or expired: it is no longer pending.
      const code = (err as { code?: string }).code;
      if (code === 'survey_answered' || code === 'survey_expired') void queryClient.invalidateQueries({ queryKey: pendingSurveysKey });
    },
  });
  const headingId = `survey-${survey.id}`;
  const link = survey.order_id ? `/orders/${survey.order_id}` : survey.ticket_id ? `/tickets/${survey.ticket_id}` : null;
  return (
    <Card withBorder component="section" aria-labelledby={headingId}>
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4" id={headingId}>
            {t(survey.order_id ? 'surveysArea.aboutOrder' : 'surveysArea.aboutTicket', { number: survey.number })}
          </Title>
          <Text size="sm">{survey.about}</Text>
          <Group gap="md">
            {link && (
              <Anchor component={Link} to={link} size="sm">
                {t('surveysArea.seeService')}
              </Anchor>
            )}
            <Text size="xs" c="dimmed">
              {t('surveysArea.expires', { date: formatDateTime(survey.expires_at, i18n.language) })}
            </Text>
          </Group>
        </div>
        {answer.isSuccess ? (
          <Alert color="green" role="status">
            {t('surveysArea.thanks')}
          </Alert>
        ) : (
          <SurveyForm onSubmit={(a) => answer.mutate(a)} pending={answer.isPending} error={answer.error} />
        )}
      </Stack>
    </Card>
  );
}

/** `YYYY-MM-DD` (a date input) as the instant that day starts in the company's time zone, or null. */
function dayStart(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  return fromZonedInput(`${value}T00:00`);
}

function SurveyResults() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [group, setGroup] = useState<MetricsGroup>('period');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const fromIso = dayStart(from);
  // The end date is inclusive for people; the API's `to` is exclusive.
  const toIso = (() => {
    const start = dayStart(to);
    return start ? new Date(new Date(start).getTime() + 24 * 3600_000).toISOString() : null;
  })();
  const rangeError = fromIso && toIso && fromIso >= toIso ? t('surveysArea.validation.range') : null;
  const url = metricsUrl(group, fromIso, toIso);
  const metrics = useQuery({
    queryKey: ['surveys', 'metrics', url],
    queryFn: ({ signal }) => fetchMetrics(url, signal),
    enabled: !rangeError,
    placeholderData: (prev) => prev,
  });
  const lang = i18n.language;
  return (
    <Stack>
      <Group align="flex-end" gap="sm">
        <TextInput type="date" label={t('surveysArea.from')} value={from} onChange={(e) => setFrom(e.currentTarget.value)} w={170} />
        <TextInput
          type="date"
          label={t('surveysArea.to')}
          value={to}
          onChange={(e) => setTo(e.currentTarget.value)}
          error={rangeError}
          w={170}
        />
      </Group>
      {metrics.data && (
        <Text size="sm" c="dimmed">
          {t('surveysArea.range', {
            from: formatDate(metrics.data.from, lang),
            to: formatDate(new Date(new Date(metrics.data.to).getTime() - 1).toISOString(), lang),
          })}
        </Text>
      )}
      {metrics.isPending && !rangeError && <Loader aria-label={t('common.loading')} />}
      {metrics.isError && (
        <Alert color="red" role="alert">
          {errorMessage(metrics.error)}
        </Alert>
      )}
      {metrics.data && (
        <>
          <section aria-labelledby="total-title">
            <Title order={2} size="h4" id="total-title" mb="xs">
              {t('surveysArea.total')}
            </Title>
            <ScoreSummary score={metrics.data.total} />
          </section>
          <section aria-labelledby="groups-title">
            <Group justify="space-between" align="flex-end" mb="xs">
              <Title order={2} size="h4" id="groups-title">
                {t(`surveysArea.groupTitle.${group}`)}
              </Title>
              <SegmentedControl
                aria-label={t('surveysArea.groupBy')}
                value={group}
                onChange={(v) => setGroup(v as MetricsGroup)}
                data={METRICS_GROUPS.map((g) => ({ value: g, label: t(`surveysArea.groupByOption.${g}`) }))}
              />
            </Group>
            <ScoreTable group={metrics.data.group_by} rows={metrics.data.groups} />
            {group === 'technician' && (
              <Text size="xs" c="dimmed" mt="xs">
                {t('surveysArea.technicianNote')}
              </Text>
            )}
          </section>
        </>
      )}
    </Stack>
  );
}
