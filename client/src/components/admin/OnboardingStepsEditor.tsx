/**
 * "Pasos de incorporación" of the post-sale settings (issue 16, seed 004
 * "Proceso de Inducción de Cliente Nuevo"): the checklist every new customer
 * starts with, one row per step (its name and the days after the customer's
 * creation it is due), added, removed and moved up or down. Controlled by
 * PostSaleSettingsForm, which sends the steps with its save; the bounds are
 * the server's (1–20 steps, a one-line name of 1–200 characters, 0–365 days).
 */
import { ActionIcon, Alert, Button, Group, NumberInput, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useTranslation } from 'react-i18next';
import {
  MAX_ONBOARDING_STEPS,
  MAX_STEP_DAYS,
  MAX_STEP_TITLE_LENGTH,
  MIN_ONBOARDING_STEPS,
  type OnboardingStep,
} from '../../api/onboarding';

/** A step being edited; `key` keeps React's rows in place while they move. */
export interface StepRow {
  key: number;
  title: string;
  /** NaN while the input is empty. */
  days: number;
}

let nextKey = 0;
export const stepRowsOf = (steps: readonly OnboardingStep[] | undefined): StepRow[] =>
  (steps ?? []).map((s) => ({ key: nextKey++, title: s.title, days: s.due_after_days }));

export const stepsOf = (rows: readonly StepRow[]): OnboardingStep[] =>
  rows.map((r) => ({ title: r.title.trim(), due_after_days: r.days }));

export interface StepErrors {
  count?: string;
  rows: { title?: string; days?: string }[];
}

/** The client's checks; `null` when the steps may be sent. */
export function checkSteps(rows: readonly StepRow[], t: TFunction): StepErrors | null {
  let bad = false;
  const errors: StepErrors = { rows: [] };
  if (rows.length < MIN_ONBOARDING_STEPS || rows.length > MAX_ONBOARDING_STEPS) {
    bad = true;
    errors.count = t('onboardingArea.settings.count', { min: MIN_ONBOARDING_STEPS, max: MAX_ONBOARDING_STEPS });
  }
  errors.rows = rows.map((r) => {
    const title = r.title.trim();
    const row: { title?: string; days?: string } = {};
    if (!title) row.title = t('onboardingArea.settings.titleRequired');
    else if (title.length > MAX_STEP_TITLE_LENGTH || /[\r\n]/.test(title))
      row.title = t('onboardingArea.settings.titleTooLong', { max: MAX_STEP_TITLE_LENGTH });
    if (!Number.isInteger(r.days) || r.days < 0 || r.days > MAX_STEP_DAYS)
      row.days = t('onboardingArea.settings.daysBetween', { min: 0, max: MAX_STEP_DAYS });
    if (row.title || row.days) bad = true;
    return row;
  });
  return bad ? errors : null;
}

export function OnboardingStepsEditor({
  rows,
  onChange,
  errors,
  serverError,
}: {
  rows: StepRow[];
  onChange: (rows: StepRow[]) => void;
  errors: StepErrors | null;
  serverError: string | null;
}) {
  const { t } = useTranslation();
  const set = (i: number, changes: Partial<StepRow>) => onChange(rows.map((r, j) => (j === i ? { ...r, ...changes } : r)));
  const move = (i: number, delta: -1 | 1) => {
    const next = [...rows];
    [next[i], next[i + delta]] = [next[i + delta], next[i]];
    onChange(next);
  };
  return (
    <Stack gap="xs" component="fieldset" aria-labelledby="onboarding-steps-title" m={0} p={0} style={{ border: 0, minWidth: 0 }}>
      <Title order={3} size="h5" id="onboarding-steps-title">
        {t('onboardingArea.settings.title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('onboardingArea.settings.hint')}
      </Text>
      {serverError && (
        <Alert color="red" variant="light" role="alert">
          {serverError}
        </Alert>
      )}
      {errors?.count && (
        <Text size="sm" c="red" role="alert">
          {errors.count}
        </Text>
      )}
      {rows.map((row, i) => {
        const n = i + 1;
        const rowErrors = errors?.rows[i];
        return (
          <Group key={row.key} align="flex-start" gap="xs" wrap="wrap">
            <TextInput
              label={t('onboardingArea.settings.step', { n })}
              value={row.title}
              maxLength={MAX_STEP_TITLE_LENGTH}
              onChange={(e) => set(i, { title: e.currentTarget.value })}
              error={rowErrors?.title}
              style={{ flex: '1 1 220px' }}
            />
            <NumberInput
              label={t('onboardingArea.settings.days', { n })}
              min={0}
              max={MAX_STEP_DAYS}
              allowDecimal={false}
              allowNegative={false}
              value={Number.isNaN(row.days) ? '' : row.days}
              onChange={(v) => set(i, { days: typeof v === 'number' ? v : v === '' ? Number.NaN : Number(v) })}
              error={rowErrors?.days}
              style={{ flex: '0 1 150px' }}
            />
            <Group gap={4} wrap="nowrap" mt={{ base: 0, xs: 'xl' }}>
              <ActionIcon
                variant="default"
                size="lg"
                disabled={i === 0}
                onClick={() => move(i, -1)}
                aria-label={t('onboardingArea.settings.moveUp', { n })}
              >
                <span aria-hidden="true">↑</span>
              </ActionIcon>
              <ActionIcon
                variant="default"
                size="lg"
                disabled={i === rows.length - 1}
                onClick={() => move(i, 1)}
                aria-label={t('onboardingArea.settings.moveDown', { n })}
              >
                <span aria-hidden="true">↓</span>
              </ActionIcon>
              <Button
                variant="subtle"
                color="red"
                size="xs"
                onClick={() => onChange(rows.filter((_, j) => j !== i))}
                disabled={rows.length <= MIN_ONBOARDING_STEPS}
              >
                {t('onboardingArea.settings.remove', { n })}
              </Button>
            </Group>
          </Group>
        );
      })}
      <Group>
        <Button
          variant="light"
          size="xs"
          onClick={() => onChange([...rows, { key: nextKey++, title: '', days: rows.at(-1)?.days ?? 0 }])}
          disabled={rows.length >= MAX_ONBOARDING_STEPS}
        >
          {t('onboardingArea.settings.add')}
        </Button>
      </Group>
    </Stack>
  );
}
