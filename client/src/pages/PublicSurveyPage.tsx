/**
 * /s/:token — the survey invitation link from the e-mail. No sign-in: it sits
 * outside the signed-in shell (like the QR page /o/:token) and talks only to
 * `/api/v1/public/surveys/{token}`. It shows the company (name and logo),
 * which order or ticket the survey is about, and the NPS / CSAT / comment
 * form; then a thank-you. An unknown token, an expired survey and an
 * already-answered one each get their own clear message instead of the form.
 * Built for phones first (the link is opened from an e-mail).
 */
import { Alert, Card, Container, Group, Image, Loader, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { ApiError } from '../api/client';
import { type SurveyAnswer, answerPublicSurvey, fetchPublicSurvey } from '../api/surveys';
import { LanguageSwitcher } from '../components/LanguageSwitcher';
import { SurveyForm } from '../components/schedule/SurveyForm';
import { useErrorMessage } from '../i18n/errors';
import { formatDate } from '../lib/format';

/** Public, like the printed tickets and e-mails; 404 when no logo is set. */
const LOGO_URL = '/api/v1/settings/logo';

type Outcome = 'thanks' | 'alreadyAnswered' | 'expired' | null;

function codeOf(err: unknown): string | null {
  return err instanceof ApiError ? err.code : null;
}

export function PublicSurveyPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [logoOk, setLogoOk] = useState(true);
  const [outcome, setOutcome] = useState<Outcome>(null);
  const query = useQuery({
    queryKey: ['public-survey', token],
    queryFn: ({ signal }) => fetchPublicSurvey(token, signal),
    retry: false,
    staleTime: Infinity,
  });
  const answer = useMutation({
    mutationFn: (a: SurveyAnswer) => answerPublicSurvey(token, a),
    onSuccess: () => setOutcome('thanks'),
    onError: (err) => {
      const code = codeOf(err);
      if (code === 'survey_answered') setOutcome('alreadyAnswered');
      else if (code === 'survey_expired') setOutcome('expired');
    },
  });
  useDocumentTitle(t('surveysArea.publicTitle'));
  const survey = query.data;
  const loadCode = codeOf(query.error);
  const lang = i18n.language;

  const state: Outcome | 'invalid' | 'error' | 'form' | 'loading' = query.isPending
    ? 'loading'
    : query.isError
      ? loadCode === 'survey_expired'
        ? 'expired'
        : loadCode === 'not_found' || loadCode === 'invalid_token'
          ? 'invalid'
          : 'error'
      : (outcome ?? (survey?.answered ? 'alreadyAnswered' : 'form'));

  return (
    <Container size="sm" py="md" px="sm">
      <Stack gap="md">
        <Group justify="space-between" wrap="nowrap" align="center">
          <Group gap="sm" wrap="nowrap" miw={0}>
            {logoOk && (
              <Image
                src={LOGO_URL}
                alt={survey?.company ? t('surveysArea.logoOf', { company: survey.company }) : ''}
                h={40}
                w="auto"
                fit="contain"
                onError={() => setLogoOk(false)}
              />
            )}
            {survey?.company && (
              <Text fw={700} truncate>
                {survey.company}
              </Text>
            )}
          </Group>
          <LanguageSwitcher />
        </Group>
        <Title order={1} size="h2">
          {t('surveysArea.publicTitle')}
        </Title>
        {state === 'loading' && <Loader aria-label={t('common.loading')} />}
        {state === 'invalid' && (
          <Alert color="red" role="alert" title={t('surveysArea.invalidTitle')}>
            {t('surveysArea.invalidLink')}
          </Alert>
        )}
        {state === 'expired' && (
          <Alert color="orange" role="alert" title={t('surveysArea.expiredTitle')}>
            {t('surveysArea.expiredLink')}
          </Alert>
        )}
        {state === 'error' && (
          <Alert color="red" role="alert">
            {errorMessage(query.error)}
          </Alert>
        )}
        {survey && (
          <Card withBorder>
            <Text fw={600}>
              {t(survey.subject_type === 'order' ? 'surveysArea.aboutOrder' : 'surveysArea.aboutTicket', { number: survey.number })}
            </Text>
            {survey.about && <Text size="sm">{survey.about}</Text>}
            {state === 'form' && (
              <Text size="xs" c="dimmed" mt={4}>
                {t('surveysArea.expires', { date: formatDate(survey.expires_at, lang) })}
              </Text>
            )}
          </Card>
        )}
        {state === 'alreadyAnswered' && (
          <Alert color="blue" role="status" title={t('surveysArea.thanksTitle')}>
            {t('surveysArea.alreadyAnswered')}
          </Alert>
        )}
        {state === 'thanks' && (
          <Alert color="green" role="status" title={t('surveysArea.thanksTitle')}>
            {t('surveysArea.thanksPublic', { company: survey?.company || t('app.name') })}
          </Alert>
        )}
        {state === 'form' && (
          <Card withBorder>
            <Text mb="md">{t('surveysArea.publicIntro')}</Text>
            <SurveyForm
              onSubmit={(a) => answer.mutate(a)}
              pending={answer.isPending}
              error={codeOf(answer.error) === 'survey_answered' || codeOf(answer.error) === 'survey_expired' ? null : answer.error}
            />
          </Card>
        )}
      </Stack>
    </Container>
  );
}
