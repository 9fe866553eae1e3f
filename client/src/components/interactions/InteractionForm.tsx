/**
 * The quick "Registrar interacción" form (shown in a modal, full screen on a
 * phone): channel, direction, initiative, a one-line reason, an optional
 * outcome and when it happened (the company's wall clock, now by default;
 * never in the future). Client checks mirror the server's; a refused save
 * puts the server's problem on the field it names, keeping what was typed.
 */
import { Alert, Button, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemField } from '../../api/client';
import {
  DIRECTIONS,
  type Direction,
  INITIATIVES,
  INTERACTION_CHANNELS,
  INTERACTION_FIELDS,
  type Initiative,
  type InteractionChannel,
  type InteractionField,
  type InteractionInput,
  MAX_OUTCOME_LENGTH,
  MAX_REASON_LENGTH,
  useRecordInteraction,
} from '../../api/interactions';
import { useErrorMessage } from '../../i18n/errors';
import { fromZonedInput, toZonedInput } from '../../lib/format';
import { DateTimeField } from '../schedule/DateTimeField';

type Errors = Partial<Record<InteractionField, string>>;

/** Two or three choices side by side, labelled by a visible caption. */
function Choice<T extends string>({
  label,
  value,
  onChange,
  data,
}: {
  label: string;
  value: T;
  onChange: (value: T) => void;
  data: { value: T; label: string }[];
}) {
  const id = useId();
  return (
    <Stack gap={4}>
      <Text size="sm" fw={500} id={id}>
        {label}
      </Text>
      <SegmentedControl aria-labelledby={id} fullWidth value={value} onChange={(v) => onChange(v as T)} data={data} />
    </Stack>
  );
}

export function InteractionForm({ customerId, onDone }: { customerId: string; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const record = useRecordInteraction(customerId);
  const [channel, setChannel] = useState<InteractionChannel>('phone');
  const [direction, setDirection] = useState<Direction>('outbound');
  const [initiative, setInitiative] = useState<Initiative>('reactive');
  const [reason, setReason] = useState('');
  const [outcome, setOutcome] = useState('');
  const [occurredAt, setOccurredAt] = useState(() => toZonedInput(new Date()));
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const now = toZonedInput(new Date());

  const reasonProblem = (text: string) =>
    text === ''
      ? t('interactionsArea.validation.reasonRequired')
      : text.length > MAX_REASON_LENGTH
        ? t('interactionsArea.validation.reasonTooLong', { max: MAX_REASON_LENGTH })
        : /[\r\n]/.test(text)
          ? t('interactionsArea.validation.reasonInvalid', { max: MAX_REASON_LENGTH })
          : undefined;

  /** The message for a server problem that names `field`. */
  const serverMessage = (field: InteractionField, error: unknown): string => {
    // 422 for a malformed value, 409 for one that does not go with the records now (a date after today, a meter above the machine's).
    if (!(error instanceof ApiError) || (error.code !== 'validation_failed' && error.code !== 'conflict')) return errorMessage(error);
    switch (field) {
      case 'reason':
        return reasonProblem(reason.trim()) ?? t('interactionsArea.validation.reasonInvalid', { max: MAX_REASON_LENGTH });
      case 'outcome':
        return t('interactionsArea.validation.outcomeTooLong', { max: MAX_OUTCOME_LENGTH });
      case 'occurred_at':
        return t('interactionsArea.validation.occurredAtFuture');
      case 'subject.id':
        return t('interactionsArea.validation.subject');
    }
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = reason.trim();
    const result = outcome.trim();
    const found: Errors = {};
    const reasonError = reasonProblem(text);
    if (reasonError) found.reason = reasonError;
    if (result.length > MAX_OUTCOME_LENGTH) {
      found.outcome = t('interactionsArea.validation.outcomeTooLong', { max: MAX_OUTCOME_LENGTH });
    }
    let when: string | null = null;
    if (occurredAt.trim() !== '') {
      when = fromZonedInput(occurredAt);
      if (when === null) found.occurred_at = t('interactionsArea.validation.occurredAtInvalid');
      else if (Date.parse(when) > Date.now()) found.occurred_at = t('interactionsArea.validation.occurredAtFuture');
    }
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    const input: InteractionInput = { channel, direction, initiative, reason: text };
    if (result) input.outcome = result;
    if (when) input.occurred_at = when;
    record.mutate(input, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('interactionsArea.form.saved') });
        onDone();
      },
      onError: (error) => {
        const field = problemField(error);
        if (field === 'reason' || field === 'outcome' || field === 'occurred_at') {
          setErrors({ [field]: serverMessage(field, error) });
        } else if (field && (INTERACTION_FIELDS as readonly string[]).includes(field)) {
          setGeneral(serverMessage(field as InteractionField, error));
        } else setGeneral(errorMessage(error));
      },
    });
  };

  const clear = (field: InteractionField) => setErrors((prev) => (prev[field] ? { ...prev, [field]: undefined } : prev));

  return (
    <form onSubmit={submit} noValidate aria-label={t('interactionsArea.form.title')}>
      <Stack gap="sm">
        <NativeSelect
          label={t('interactionsArea.form.channel')}
          value={channel}
          onChange={(e) => setChannel(e.currentTarget.value as InteractionChannel)}
          data={INTERACTION_CHANNELS.map((c) => ({ value: c, label: t(`interactionsArea.channels.${c}`) }))}
        />
        <Choice
          label={t('interactionsArea.form.direction')}
          value={direction}
          onChange={setDirection}
          data={DIRECTIONS.map((d) => ({ value: d, label: t(`interactionsArea.directions.${d}`) }))}
        />
        <Choice
          label={t('interactionsArea.form.initiative')}
          value={initiative}
          onChange={setInitiative}
          data={INITIATIVES.map((i) => ({ value: i, label: t(`interactionsArea.initiatives.${i}`) }))}
        />
        <TextInput
          label={t('interactionsArea.form.reason')}
          description={t('interactionsArea.form.reasonHint')}
          required
          maxLength={MAX_REASON_LENGTH}
          value={reason}
          onChange={(e) => {
            setReason(e.currentTarget.value);
            clear('reason');
          }}
          error={errors.reason}
          data-autofocus
        />
        <Textarea
          label={t('interactionsArea.form.outcome')}
          description={t('interactionsArea.form.outcomeHint')}
          autosize
          minRows={3}
          maxRows={8}
          maxLength={MAX_OUTCOME_LENGTH}
          value={outcome}
          onChange={(e) => {
            setOutcome(e.currentTarget.value);
            clear('outcome');
          }}
          error={errors.outcome}
        />
        <DateTimeField
          label={t('interactionsArea.form.occurredAt')}
          description={t('interactionsArea.form.occurredAtHint')}
          value={occurredAt}
          max={now}
          onChange={(v) => {
            setOccurredAt(v);
            clear('occurred_at');
          }}
          error={errors.occurred_at}
        />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={record.isPending}>
            {t('interactionsArea.form.cancel')}
          </Button>
          <Button type="submit" loading={record.isPending}>
            {t('interactionsArea.form.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
