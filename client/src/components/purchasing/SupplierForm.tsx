/**
 * The supplier form (create and edit): tax id with its country, the e-mail
 * purchase orders go to, payment terms and usual lead time. The server
 * validates and normalizes; its `field` is shown under the input it names.
 */
import { Alert, Button, Group, NumberInput, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemField } from '../../api/client';
import { TAX_ID_COUNTRIES, type TaxIdCountry } from '../../api/customers';
import type { Supplier, SupplierInput } from '../../api/purchasing';
import { useErrorMessage } from '../../i18n/errors';

interface Props {
  initial?: Supplier;
  onSubmit: (input: SupplierInput) => Promise<Supplier>;
  onSaved: (s: Supplier) => void;
  onCancel: () => void;
}

export function SupplierForm({ initial, onSubmit, onSaved, onCancel }: Props) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [v, setV] = useState<SupplierInput>({
    name: initial?.name ?? '',
    tax_id: initial?.tax_id ?? '',
    tax_id_country: initial?.tax_id_country ?? 'VE',
    email: initial?.email ?? '',
    phone: initial?.phone ?? '',
    address: initial?.address ?? '',
    payment_terms: initial?.payment_terms ?? '',
    lead_time_days: initial?.lead_time_days ?? 7,
    notes: initial?.notes ?? '',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const field = problemField(error);
  const err = (name: string) => (field === name ? errorMessage(error) : undefined);
  const set = (patch: Partial<SupplierInput>) => setV((cur) => ({ ...cur, ...patch }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onSaved(await onSubmit({ ...v, email: v.email?.trim() ? v.email : null }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Stack>
        <TextInput
          label={t('purchasingArea.fields.name')}
          required
          value={v.name}
          onChange={(e) => set({ name: e.currentTarget.value })}
          error={err('name')}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }}>
          <TextInput
            label={t('purchasingArea.fields.taxId')}
            required
            value={v.tax_id}
            onChange={(e) => set({ tax_id: e.currentTarget.value })}
            error={err('tax_id')}
          />
          <Select
            label={t('purchasingArea.fields.country')}
            value={v.tax_id_country ?? 'VE'}
            allowDeselect={false}
            onChange={(c) => set({ tax_id_country: (c as TaxIdCountry | null) ?? 'VE' })}
            data={TAX_ID_COUNTRIES.map((c) => ({ value: c, label: t(`purchasingArea.countries.${c}`) }))}
          />
          <TextInput
            label={t('purchasingArea.fields.email')}
            type="email"
            value={v.email ?? ''}
            onChange={(e) => set({ email: e.currentTarget.value })}
            error={err('email')}
          />
          <TextInput
            label={t('purchasingArea.fields.phone')}
            value={v.phone}
            onChange={(e) => set({ phone: e.currentTarget.value })}
            error={err('phone')}
          />
          <TextInput
            label={t('purchasingArea.fields.paymentTerms')}
            value={v.payment_terms}
            onChange={(e) => set({ payment_terms: e.currentTarget.value })}
            error={err('payment_terms')}
          />
          <NumberInput
            label={t('purchasingArea.fields.leadTime')}
            min={0}
            max={365}
            allowDecimal={false}
            value={v.lead_time_days}
            onChange={(n) => set({ lead_time_days: typeof n === 'number' ? n : 0 })}
            error={err('lead_time_days')}
          />
        </SimpleGrid>
        <Textarea
          label={t('purchasingArea.fields.address')}
          value={v.address}
          onChange={(e) => set({ address: e.currentTarget.value })}
          error={err('address')}
        />
        <Textarea
          label={t('purchasingArea.fields.notes')}
          value={v.notes}
          onChange={(e) => set({ notes: e.currentTarget.value })}
          error={err('notes')}
        />
        {error !== null && !field && (
          <Alert color="red" role="alert">
            {errorMessage(error)}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('purchasingArea.form.cancel')}
          </Button>
          <Button type="submit" loading={busy}>
            {t('purchasingArea.form.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
