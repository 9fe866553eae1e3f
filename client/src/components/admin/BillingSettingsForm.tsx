/**
 * The billing settings on /settings (master, admin): days of payment terms,
 * quote validity and its reminder, the reminders of open invoices (days
 * from the due date, e.g. "-3, 7, 30"), how the credit limit is enforced,
 * whether an overpayment stays as the customer's credit, and the
 * non-fiscal line every document carries ("el sistema no emite documentos
 * fiscales", seed 000).
 */
import { Alert, Button, Card, Checkbox, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemField } from '../../api/admin';
import {
  type BillingSettings,
  type BillingSettingsInput,
  CREDIT_LIMIT_POLICIES,
  type CreditLimitPolicy,
  parseReminderDays,
  useBillingSettings,
  useUpdateBillingSettings,
} from '../../api/settings';
import { useErrorMessage } from '../../i18n/errors';
import { QueryStatus } from '../QueryStatus';
import { serverFieldError } from './fieldError';

type Field = keyof BillingSettingsInput;
type Values = Omit<BillingSettingsInput, 'receivable_reminder_days'> & { receivable_reminder_days: string };

const DAY_BOUNDS: Record<'payment_terms_days' | 'quote_validity_days' | 'quote_reminder_days', [number, number]> = {
  payment_terms_days: [0, 365],
  quote_validity_days: [1, 365],
  quote_reminder_days: [0, 60],
};

function toValues(s: BillingSettings): Values {
  return { ...s, receivable_reminder_days: s.receivable_reminder_days.join(', ') };
}

export function BillingSettingsCard() {
  const { t } = useTranslation();
  const settings = useBillingSettings(true);
  return (
    <Card withBorder component="section" aria-labelledby="billing-settings-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="billing-settings-title">
          {t('adminArea.billingSettings.title')}
        </Title>
        <QueryStatus query={settings}>{(data) => <BillingSettingsForm initial={data} />}</QueryStatus>
      </Stack>
    </Card>
  );
}

function BillingSettingsForm({ initial }: { initial: BillingSettings }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useUpdateBillingSettings();
  const [values, setValues] = useState<Values>(() => toValues(initial));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});

  const hints: Partial<Record<Field, string>> = {
    payment_terms_days: t('adminArea.billingSettings.daysBetween', { min: 0, max: 365 }),
    quote_validity_days: t('adminArea.billingSettings.daysBetween', { min: 1, max: 365 }),
    quote_reminder_days: t('adminArea.billingSettings.daysBetween', { min: 0, max: 60 }),
    receivable_reminder_days: t('adminArea.billingSettings.remindersInvalid'),
    non_fiscal_line: t('adminArea.billingSettings.nonFiscalRequired'),
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: Partial<Record<Field, string>> = {};
    for (const [field, [min, max]] of Object.entries(DAY_BOUNDS) as [keyof typeof DAY_BOUNDS, [number, number]][]) {
      const v = values[field];
      if (!Number.isInteger(v) || v < min || v > max) found[field] = hints[field];
    }
    const days = parseReminderDays(values.receivable_reminder_days);
    if (!days || days.length > 10 || days.some((d) => Math.abs(d) > 365)) found.receivable_reminder_days = hints.receivable_reminder_days;
    const line = values.non_fiscal_line.trim();
    if (line === '') found.non_fiscal_line = hints.non_fiscal_line;
    else if ([...line].length > 300) found.non_fiscal_line = t('adminArea.tooLong', { max: 300 });
    setErrors(found);
    if (Object.keys(found).length > 0 || !days) return;
    save.mutate(
      { ...values, receivable_reminder_days: days, non_fiscal_line: line },
      {
        onSuccess: (saved) => {
          setValues(toValues(saved));
          notifications.show({ color: 'green', message: t('adminArea.billingSettings.saved') });
        },
      },
    );
  };

  const fieldError = (f: Field) => errors[f] ?? (save.isError ? serverFieldError(save.error, f, t, hints[f]) : undefined);
  const banner = save.isError && !problemField(save.error) ? errorMessage(save.error) : null;
  const dayInput = (f: keyof typeof DAY_BOUNDS) => (
    <NumberInput
      label={t(`adminArea.billingSettings.${f}`)}
      min={DAY_BOUNDS[f][0]}
      max={DAY_BOUNDS[f][1]}
      allowDecimal={false}
      value={values[f]}
      error={fieldError(f)}
      onChange={(v) => setValues((s) => ({ ...s, [f]: typeof v === 'number' ? v : Number.NaN }))}
    />
  );

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {banner && (
          <Alert color="red" variant="light" role="alert">
            {banner}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          {dayInput('payment_terms_days')}
          {dayInput('quote_validity_days')}
          {dayInput('quote_reminder_days')}
        </SimpleGrid>
        <TextInput
          label={t('adminArea.billingSettings.receivable_reminder_days')}
          description={t('adminArea.billingSettings.remindersHint')}
          value={values.receivable_reminder_days}
          error={fieldError('receivable_reminder_days')}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setValues((s) => ({ ...s, receivable_reminder_days: text }));
          }}
        />
        <NativeSelect
          label={t('adminArea.billingSettings.credit_limit_policy')}
          value={values.credit_limit_policy}
          error={fieldError('credit_limit_policy')}
          onChange={(e) => {
            const policy = e.currentTarget.value as CreditLimitPolicy;
            setValues((s) => ({ ...s, credit_limit_policy: policy }));
          }}
          data={CREDIT_LIMIT_POLICIES.map((p) => ({ value: p, label: t(`adminArea.billingSettings.policies.${p}`) }))}
        />
        <Checkbox
          label={t('adminArea.billingSettings.allow_customer_credit')}
          checked={values.allow_customer_credit}
          onChange={(e) => {
            const checked = e.currentTarget.checked;
            setValues((s) => ({ ...s, allow_customer_credit: checked }));
          }}
        />
        <TextInput
          label={t('adminArea.billingSettings.non_fiscal_line')}
          description={t('adminArea.billingSettings.nonFiscalHint')}
          required
          value={values.non_fiscal_line}
          error={fieldError('non_fiscal_line')}
          onChange={(e) => {
            const text = e.currentTarget.value;
            setValues((s) => ({ ...s, non_fiscal_line: text }));
          }}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('adminArea.billingSettings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
