/**
 * "Lectura del horómetro" on a service order: the technician (or the office)
 * records the machine's engine hours from the field, on a phone. The server
 * refuses a reading below the meter (`engine_hours_decreased`, field
 * `hours`), shown on the field with the meter's value when the problem names
 * it. A saved reading refetches the machine's plan and the due-soon list.
 */
import { Button, Card, Group, NumberInput, Stack, Text, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useRecordReading } from '../../api/servicePlans';
import { useErrorMessage } from '../../i18n/errors';
import { formatNumber } from '../../lib/format';

export function ReadingForm({ equipmentId }: { equipmentId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const record = useRecordReading(equipmentId);
  const [hours, setHours] = useState<number | string>('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = typeof hours === 'number' ? hours : Number.NaN;
    if (!Number.isInteger(value) || value < 0) {
      setError(t('maintenanceArea.validation.wholeNumber'));
      return;
    }
    setError(null);
    setSaved(null);
    record.mutate(value, {
      onSuccess: (machine) => {
        setSaved(machine.engine_hours);
        setHours('');
      },
      onError: (err) => {
        if (err instanceof ApiError && err.code === 'engine_hours_decreased') {
          // The problem's detail names the meter ("the meter already reads 150 hours").
          const meter = /(\d+)\s*hours/.exec(err.problem?.detail ?? '')?.[1];
          setError(
            meter !== undefined
              ? t('maintenanceArea.reading.decreased', { hours: formatNumber(Number(meter), lang, 0) })
              : errorMessage(err),
          );
        } else if (err instanceof ApiError && err.code === 'validation_failed') {
          setError(t('maintenanceArea.validation.wholeNumber'));
        } else setError(errorMessage(err));
      },
    });
  };

  return (
    <Card withBorder padding="sm" component="section" aria-labelledby="reading-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="xs">
          <Title order={2} size="h4" id="reading-title">
            {t('maintenanceArea.reading.title')}
          </Title>
          <NumberInput
            label={t('maintenanceArea.reading.hours')}
            description={t('maintenanceArea.reading.hint')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            inputMode="numeric"
            value={hours}
            onChange={(v) => {
              setHours(v);
              setError(null);
              setSaved(null);
            }}
            error={error}
            maw={320}
          />
          <Group>
            <Button type="submit" loading={record.isPending}>
              {t('maintenanceArea.reading.submit')}
            </Button>
          </Group>
          {saved !== null && (
            <Text c="green" size="sm" role="status">
              {t('maintenanceArea.reading.saved', { hours: formatNumber(saved, lang, 0) })}
            </Text>
          )}
        </Stack>
      </form>
    </Card>
  );
}
