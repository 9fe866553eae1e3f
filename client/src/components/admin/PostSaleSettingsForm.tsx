/**
 * The post-sale settings on /settings (master, admin): how many days
 * before a machine's warranty ends its seller and the office are told
 * (and the customer's contacts who turned the notice on). Seed 004:
 * "alertas de fin de garantía". Alerts not sent yet move with the setting.
 * Also the at-risk threshold (1–100 points, default 50): the score from
 * which a customer is at risk ("alertas tempranas de clientes en riesgo").
 * And the onboarding steps every new customer starts with ("Proceso de
 * Inducción de Cliente Nuevo", see OnboardingStepsEditor), saved with the rest.
 */
import { Alert, Button, Card, Group, NumberInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemField } from '../../api/admin';
import { type PostSaleSettings, usePostSaleSettings, useUpdatePostSaleSettings } from '../../api/settings';
import { useErrorMessage } from '../../i18n/errors';
import { QueryStatus } from '../QueryStatus';
import { serverFieldError } from './fieldError';
import { OnboardingStepsEditor, type StepErrors, type StepRow, checkSteps, stepRowsOf, stepsOf } from './OnboardingStepsEditor';

const MAX_DAYS = 365;
const MIN_THRESHOLD = 1;
const MAX_THRESHOLD = 100;

export function PostSaleSettingsCard() {
  const { t } = useTranslation();
  const settings = usePostSaleSettings(true);
  return (
    <Card withBorder component="section" aria-labelledby="post-sale-settings-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="post-sale-settings-title">
          {t('adminArea.postSaleSettings.title')}
        </Title>
        <QueryStatus query={settings}>{(data) => <PostSaleSettingsForm initial={data} />}</QueryStatus>
      </Stack>
    </Card>
  );
}

function PostSaleSettingsForm({ initial }: { initial: PostSaleSettings }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useUpdatePostSaleSettings();
  const [days, setDays] = useState<number>(initial.warranty_alert_days);
  const [threshold, setThreshold] = useState<number>(initial.at_risk_threshold ?? 50);
  const [error, setError] = useState<string | undefined>();
  const [thresholdError, setThresholdError] = useState<string | undefined>();
  const [steps, setSteps] = useState<StepRow[]>(() => stepRowsOf(initial.onboarding_steps));
  const [checked, setChecked] = useState(false);
  const hint = t('adminArea.billingSettings.daysBetween', { min: 0, max: MAX_DAYS });
  const thresholdHint = t('adminArea.postSaleSettings.pointsBetween', { min: MIN_THRESHOLD, max: MAX_THRESHOLD });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const daysBad = !Number.isInteger(days) || days < 0 || days > MAX_DAYS;
    const thresholdBad = !Number.isInteger(threshold) || threshold < MIN_THRESHOLD || threshold > MAX_THRESHOLD;
    setError(daysBad ? hint : undefined);
    setThresholdError(thresholdBad ? thresholdHint : undefined);
    setChecked(true);
    const stepsBad = checkSteps(steps, t) !== null;
    if (daysBad || thresholdBad || stepsBad) return;
    save.mutate(
      { warranty_alert_days: days, at_risk_threshold: threshold, onboarding_steps: stepsOf(steps) },
      {
        onSuccess: (saved) => {
          setDays(saved.warranty_alert_days);
          setThreshold(saved.at_risk_threshold);
          if (saved.onboarding_steps) setSteps(stepRowsOf(saved.onboarding_steps));
          setChecked(false);
          notifications.show({ color: 'green', message: t('adminArea.postSaleSettings.saved') });
        },
      },
    );
  };

  const fieldError = error ?? (save.isError ? serverFieldError(save.error, 'warranty_alert_days', t, hint) : undefined);
  const thresholdFieldError =
    thresholdError ?? (save.isError ? serverFieldError(save.error, 'at_risk_threshold', t, thresholdHint) : undefined);
  const stepErrors: StepErrors | null = checked ? checkSteps(steps, t) : null;
  const stepsServerError =
    save.isError && problemField(save.error) === 'onboarding_steps'
      ? (serverFieldError(save.error, 'onboarding_steps', t, t('onboardingArea.settings.serverRefused')) ?? null)
      : null;
  const banner = save.isError && !problemField(save.error) ? errorMessage(save.error) : null;
  return (
    <form onSubmit={submit} noValidate aria-label={t('adminArea.postSaleSettings.title')}>
      <Stack gap="sm">
        {banner && (
          <Alert color="red" variant="light" role="alert">
            {banner}
          </Alert>
        )}
        <NumberInput
          label={t('adminArea.postSaleSettings.warranty_alert_days')}
          description={t('adminArea.postSaleSettings.warrantyHint')}
          min={0}
          max={MAX_DAYS}
          allowDecimal={false}
          value={days}
          error={fieldError}
          onChange={(v) => setDays(typeof v === 'number' ? v : Number.NaN)}
          maw={360}
        />
        <NumberInput
          label={t('adminArea.postSaleSettings.at_risk_threshold')}
          description={t('adminArea.postSaleSettings.thresholdHint')}
          min={MIN_THRESHOLD}
          max={MAX_THRESHOLD}
          allowDecimal={false}
          value={threshold}
          error={thresholdFieldError}
          onChange={(v) => setThreshold(typeof v === 'number' ? v : Number.NaN)}
          maw={360}
        />
        <OnboardingStepsEditor rows={steps} onChange={setSteps} errors={stepErrors} serverError={stepsServerError} />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('adminArea.postSaleSettings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
