/**
 * The office's form for a machine's maintenance plan (shown in a modal):
 * the basis (engine hours, calendar or whichever comes first), the interval
 * fields that basis counts, the notice margin, and the last service (day and
 * meter). Blank optional fields take the server's defaults (14 days, today,
 * the current meter). Client checks mirror the server's; a refused save puts
 * the server's problem on the field it names, keeping what was typed.
 */
import { Alert, Button, Group, NativeSelect, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemField } from '../../api/client';
import type { Equipment } from '../../api/customers';
import {
  MAX_DUE_SOON_DAYS,
  MAX_EVERY_HOURS,
  MAX_EVERY_MONTHS,
  PLAN_BASES,
  PLAN_FIELDS,
  type PlanBasis,
  type ServicePlan,
  countsHours,
  countsMonths,
  planInputOf,
  useSavePlan,
} from '../../api/servicePlans';
import { useErrorMessage } from '../../i18n/errors';
import { formatNumber, zonedDayKey } from '../../lib/format';

type Field = (typeof PLAN_FIELDS)[number];
type Errors = Partial<Record<Field, string>>;
type NumberValue = number | string;

/** A NumberInput's value as a whole number; `null` when blank, `NaN` when not whole. */
function whole(value: NumberValue): number | null {
  if (value === '' || value === null || value === undefined) return null;
  const n = typeof value === 'number' ? value : Number(String(value).replace(',', '.'));
  return Number.isInteger(n) ? n : Number.NaN;
}

const inRange = (n: number | null, min: number, max: number): n is number => n !== null && n >= min && n <= max;

export function PlanForm({ equipment, plan, onDone }: { equipment: Equipment; plan: ServicePlan | null; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSavePlan(equipment.id);
  const meter = formatNumber(equipment.engine_hours, i18n.language, 0);
  const [basis, setBasis] = useState<PlanBasis>(plan?.basis ?? 'whichever_first');
  const [everyHours, setEveryHours] = useState<NumberValue>(plan && plan.every_hours > 0 ? plan.every_hours : '');
  const [everyMonths, setEveryMonths] = useState<NumberValue>(plan && plan.every_months > 0 ? plan.every_months : '');
  const [dueSoonDays, setDueSoonDays] = useState<NumberValue>(plan?.due_soon_days ?? '');
  const [lastServiceOn, setLastServiceOn] = useState(plan?.last_service_on ?? '');
  const [lastServiceHours, setLastServiceHours] = useState<NumberValue>(plan?.last_service_hours ?? '');
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const today = zonedDayKey(new Date());

  /** The message for a server problem that names `field`. */
  const serverMessage = (field: Field, error: unknown) => {
    // 422 for a malformed value, 409 for one that does not go with the records now (a date after today, a meter above the machine's).
    if (!(error instanceof ApiError) || (error.code !== 'validation_failed' && error.code !== 'conflict')) return errorMessage(error);
    switch (field) {
      case 'every_hours':
        return t('maintenanceArea.validation.everyHours');
      case 'every_months':
        return t('maintenanceArea.validation.everyMonths');
      case 'due_soon_days':
        return t('maintenanceArea.validation.dueSoonDays');
      case 'last_service_on':
        return t('maintenanceArea.validation.futureDate');
      case 'last_service_hours':
        return t('maintenanceArea.validation.aboveMeter', { hours: meter });
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const hours = whole(everyHours);
    const months = whole(everyMonths);
    const days = whole(dueSoonDays);
    const lastHours = whole(lastServiceHours);
    const found: Errors = {};
    if (countsHours(basis) && !inRange(hours, 1, MAX_EVERY_HOURS)) found.every_hours = t('maintenanceArea.validation.everyHours');
    if (countsMonths(basis) && !inRange(months, 1, MAX_EVERY_MONTHS)) found.every_months = t('maintenanceArea.validation.everyMonths');
    if (days !== null && !inRange(days, 0, MAX_DUE_SOON_DAYS)) found.due_soon_days = t('maintenanceArea.validation.dueSoonDays');
    if (lastServiceOn && lastServiceOn > today) found.last_service_on = t('maintenanceArea.validation.futureDate');
    if (lastHours !== null && !inRange(lastHours, 0, Number.MAX_SAFE_INTEGER)) {
      found.last_service_hours = t('maintenanceArea.validation.wholeNumber');
    } else if (lastHours !== null && lastHours > equipment.engine_hours) {
      found.last_service_hours = t('maintenanceArea.validation.aboveMeter', { hours: meter });
    }
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      planInputOf({
        basis,
        everyHours: hours,
        everyMonths: months,
        dueSoonDays: days,
        lastServiceOn,
        lastServiceHours: lastHours,
      }),
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('maintenanceArea.form.saved') });
          onDone();
        },
        onError: (error) => {
          const field = problemField(error);
          if (field && (PLAN_FIELDS as readonly string[]).includes(field)) {
            setErrors({ [field]: serverMessage(field as Field, error) });
          } else setGeneral(errorMessage(error));
        },
      },
    );
  };

  const clear = (field: Field) => setErrors((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));

  return (
    <form onSubmit={submit} noValidate aria-label={t('maintenanceArea.plan.title')}>
      <Stack gap="sm">
        <NativeSelect
          label={t('maintenanceArea.form.basis')}
          value={basis}
          onChange={(e) => setBasis(e.currentTarget.value as PlanBasis)}
          data={PLAN_BASES.map((b) => ({ value: b, label: t(`maintenanceArea.form.bases.${b}`) }))}
          data-autofocus
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          {countsHours(basis) && (
            <NumberInput
              label={t('maintenanceArea.form.everyHours')}
              required
              min={1}
              max={MAX_EVERY_HOURS}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={everyHours}
              onChange={(v) => {
                setEveryHours(v);
                clear('every_hours');
              }}
              error={errors.every_hours}
            />
          )}
          {countsMonths(basis) && (
            <NumberInput
              label={t('maintenanceArea.form.everyMonths')}
              required
              min={1}
              max={MAX_EVERY_MONTHS}
              allowDecimal={false}
              allowNegative={false}
              clampBehavior="none"
              value={everyMonths}
              onChange={(v) => {
                setEveryMonths(v);
                clear('every_months');
              }}
              error={errors.every_months}
            />
          )}
          <NumberInput
            label={t('maintenanceArea.form.dueSoonDays')}
            description={t('maintenanceArea.form.dueSoonDaysHint')}
            min={0}
            max={MAX_DUE_SOON_DAYS}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={dueSoonDays}
            onChange={(v) => {
              setDueSoonDays(v);
              clear('due_soon_days');
            }}
            error={errors.due_soon_days}
          />
          <TextInput
            label={t('maintenanceArea.form.lastServiceOn')}
            description={t('maintenanceArea.form.lastServiceOnHint')}
            type="date"
            max={today}
            value={lastServiceOn}
            onChange={(e) => {
              setLastServiceOn(e.currentTarget.value);
              clear('last_service_on');
            }}
            error={errors.last_service_on}
          />
          <NumberInput
            label={t('maintenanceArea.form.lastServiceHours')}
            description={t('maintenanceArea.form.lastServiceHoursHint', { hours: meter })}
            min={0}
            max={equipment.engine_hours}
            allowDecimal={false}
            allowNegative={false}
            clampBehavior="none"
            value={lastServiceHours}
            onChange={(v) => {
              setLastServiceHours(v);
              clear('last_service_hours');
            }}
            error={errors.last_service_hours}
          />
        </SimpleGrid>
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('maintenanceArea.form.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('maintenanceArea.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
