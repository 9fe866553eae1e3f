/**
 * The opportunity editor (create and edit): every field of an opportunity,
 * money as a decimal string, the owner picker only for office roles (a
 * seller owns what they create). Server problems are shown on the field
 * they name.
 */
import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, problemField } from '../../api/client';
import type { CustomerPage } from '../../api/customers';
import { useSellers } from '../../api/customers';
import { type Opportunity, type OpportunityInput, OPEN_STAGES, isOffice } from '../../api/crm';
import { useCurrentUser } from '../../components/RequireAuth';
import { useErrorMessage } from '../../i18n/errors';
import { fromZonedInput, toZonedInput } from '../../lib/format';

export interface OpportunityFormProps {
  initial?: Opportunity;
  /** Preselected customer (from a customer's profile). */
  customerId?: string;
  onSubmit: (input: OpportunityInput) => Promise<Opportunity>;
  onSaved: (o: Opportunity) => void;
  onCancel: () => void;
}

export function OpportunityForm({ initial, customerId, onSubmit, onSaved, onCancel }: OpportunityFormProps) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const office = isOffice(user.role);
  const customers = useQuery({
    queryKey: ['crm', 'customer-options'],
    queryFn: ({ signal }) => api.get<CustomerPage>('/api/v1/customers?limit=200&active=true', signal),
  });
  const sellers = useSellers(office);
  const [title, setTitle] = useState(initial?.title ?? '');
  const [customer, setCustomer] = useState<string | null>(initial?.customer_id ?? customerId ?? null);
  const [value, setValue] = useState(initial?.value ?? '');
  const [probability, setProbability] = useState<number | string>(initial?.probability ?? '');
  const [expectedClose, setExpectedClose] = useState(initial?.expected_close ?? '');
  const [owner, setOwner] = useState<string | null>(initial?.owner_id ?? null);
  const [source, setSource] = useState(initial?.source ?? '');
  const [equipment, setEquipment] = useState(initial?.equipment_interest ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [nextStep, setNextStep] = useState(initial?.next_step ?? '');
  const [nextStepDue, setNextStepDue] = useState(toZonedInput(initial?.next_step_due));
  const [stage, setStage] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [saving, setSaving] = useState(false);

  const fieldError = (field: string) => (problemField(error) === field ? errorMessage(error) : undefined);
  const owners = [
    { value: user.id, label: user.name },
    ...(sellers.data ?? []).filter((s) => s.id !== user.id).map((s) => ({ value: s.id, label: s.name })),
  ];

  const submit = async () => {
    setSaving(true);
    setError(null);
    try {
      const saved = await onSubmit({
        title,
        customer_id: customer ?? '',
        value: String(value).trim(),
        probability: probability === '' ? null : Number(probability),
        expected_close: expectedClose || null,
        owner_id: office ? owner : null,
        source,
        equipment_interest: equipment,
        notes,
        next_step: nextStep,
        next_step_due: nextStepDue ? fromZonedInput(nextStepDue) : null,
        stage: initial ? null : (stage as OpportunityInput['stage']),
      });
      onSaved(saved);
    } catch (err) {
      setError(err);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Stack
      component="form"
      onSubmit={(e: React.FormEvent) => {
        e.preventDefault();
        void submit();
      }}
    >
      {error !== null && problemField(error) === null && (
        <Alert color="red" role="alert">
          {errorMessage(error)}
        </Alert>
      )}
      <TextInput
        label={t('crm.fields.title')}
        required
        value={title}
        onChange={(e) => setTitle(e.currentTarget.value)}
        error={fieldError('title')}
      />
      <Select
        label={t('crm.fields.customer')}
        required
        searchable
        value={customer}
        onChange={setCustomer}
        data={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
        error={fieldError('customer_id')}
      />
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput
          label={t('crm.fields.value')}
          required
          inputMode="decimal"
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={fieldError('value')}
        />
        <NumberInput
          label={t('crm.fields.probability')}
          min={0}
          max={100}
          value={probability}
          onChange={setProbability}
          error={fieldError('probability')}
        />
        <TextInput
          type="date"
          label={t('crm.fields.expectedClose')}
          value={expectedClose}
          onChange={(e) => setExpectedClose(e.currentTarget.value)}
        />
        {office && (
          <Select
            label={t('crm.fields.owner')}
            value={owner}
            onChange={setOwner}
            data={owners}
            clearable
            error={fieldError('owner_id')}
          />
        )}
        {!initial && (
          <Select
            label={t('crm.fields.stage')}
            value={stage}
            onChange={setStage}
            clearable
            data={OPEN_STAGES.map((s) => ({ value: s, label: t(`crm.stages.${s}`) }))}
            error={fieldError('stage')}
          />
        )}
        <TextInput label={t('crm.fields.source')} value={source} onChange={(e) => setSource(e.currentTarget.value)} />
        <TextInput
          label={t('crm.fields.equipment')}
          value={equipment}
          onChange={(e) => setEquipment(e.currentTarget.value)}
        />
        <TextInput label={t('crm.fields.nextStep')} value={nextStep} onChange={(e) => setNextStep(e.currentTarget.value)} />
        <TextInput
          type="datetime-local"
          label={t('crm.fields.nextStepDue')}
          value={nextStepDue}
          onChange={(e) => setNextStepDue(e.currentTarget.value)}
        />
      </SimpleGrid>
      <Textarea label={t('crm.fields.notes')} autosize minRows={2} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      <Group justify="flex-end">
        <Button variant="default" onClick={onCancel}>
          {t('crm.form.cancel')}
        </Button>
        <Button type="submit" loading={saving}>
          {initial ? t('crm.form.save') : t('crm.form.create')}
        </Button>
      </Group>
    </Stack>
  );
}
