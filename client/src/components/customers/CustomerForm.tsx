/**
 * The customer data form, shared by "New customer" (directory), "Edit" on the
 * customer page and the portal's /company page, so the three validate and
 * report errors the same way.
 *
 * The tax id is validated by check digit on the server (RIF, RUT or NIT by
 * country); here we only hint the expected shape and show the server's
 * `invalid_tax_id` / `tax_id_taken` on the field. In `portal` mode a contact
 * edits only their company's contact details: the server keeps the
 * commercial terms (tax id, category, credit limit, notes, owner), so those
 * are shown read-only and sent back unchanged. Only the office sets the
 * credit limit: for a seller the field is read-only and sent back unchanged.
 */
import { Alert, Button, Group, Select, SimpleGrid, Stack, TextInput, Textarea } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Customer,
  type CustomerInput,
  TAX_ID_COUNTRIES,
  type TaxIdCountry,
  canSetCreditLimits,
  customerInputOf,
} from '../../api/customers';
import { useCurrentUser } from '../RequireAuth';
import type { User } from '../../api/auth';
import { type FieldErrors, isEmailShaped, normalizeMoney, useFailureMessages } from './formHelpers';

export interface CustomerFormProps {
  /** The customer being edited; absent when creating. */
  initial?: Customer;
  /** `portal`: a customer contact editing their own company. */
  mode?: 'staff' | 'portal';
  /** Sellers to pick the owner from (new customers, roles that list users); `undefined` hides the picker. */
  sellers?: User[];
  /** Tax-id country to start with when creating (the company's). */
  defaultCountry?: TaxIdCountry;
  /** Currency code shown beside the credit limit. */
  currency: string;
  submitLabel: string;
  onSubmit: (input: CustomerInput) => Promise<Customer>;
  onSaved: (customer: Customer) => void;
  onCancel?: () => void;
}

const FIELDS = ['name', 'tax_id', 'tax_id_country', 'category', 'owner_id', 'credit_limit', 'email', 'phone', 'address', 'city', 'notes'];

export function CustomerForm({
  initial,
  mode = 'staff',
  sellers,
  defaultCountry = 'VE',
  currency,
  submitLabel,
  onSubmit,
  onSaved,
  onCancel,
}: CustomerFormProps) {
  const { t } = useTranslation();
  const failure = useFailureMessages();
  const portal = mode === 'portal';
  const limitLocked = !canSetCreditLimits(useCurrentUser().role);
  const [name, setName] = useState(initial?.name ?? '');
  const [taxId, setTaxId] = useState(initial?.tax_id ?? '');
  const [country, setCountry] = useState<TaxIdCountry>(initial?.tax_id_country ?? defaultCountry);
  const [category, setCategory] = useState(initial?.category ?? '');
  const [ownerId, setOwnerId] = useState<string | null>(initial?.owner_id ?? null);
  const [creditLimit, setCreditLimit] = useState(initial?.credit_limit ?? '');
  const [email, setEmail] = useState(initial?.email ?? '');
  const [phone, setPhone] = useState(initial?.phone ?? '');
  const [address, setAddress] = useState(initial?.address ?? '');
  const [city, setCity] = useState(initial?.city ?? '');
  const [notes, setNotes] = useState(initial?.notes ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);

  const save = useMutation({
    mutationFn: onSubmit,
    onSuccess: (customer) => onSaved(customer),
    onError: (error) => {
      const { field, message } = failure(error, FIELDS);
      if (field) {
        setErrors({ [field]: message });
        setGeneral(null);
      } else setGeneral(message);
    },
  });

  const validate = (): { input: CustomerInput | null; errors: FieldErrors } => {
    const found: FieldErrors = {};
    if (!name.trim()) found.name = t('customersArea.validation.nameRequired');
    if (!portal && !taxId.trim()) found.tax_id = t('customersArea.validation.taxIdRequired');
    if (email.trim() && !isEmailShaped(email)) found.email = t('validation.email_invalid');
    const money = creditLimit.trim() ? normalizeMoney(creditLimit) : '0';
    if (!portal && money === null) found.credit_limit = t('customersArea.validation.money');
    if (Object.keys(found).length > 0) return { input: null, errors: found };
    const typed = {
      name: name.trim(),
      email: email.trim() || null,
      phone: phone.trim(),
      address: address.trim(),
      city: city.trim(),
    };
    if (portal && initial) return { input: { ...customerInputOf(initial), ...typed }, errors: {} };
    return {
      input: {
        ...typed,
        tax_id: taxId.trim(),
        tax_id_country: country,
        category: category.trim(),
        credit_limit: money,
        notes: notes.trim(),
        // Editing keeps the owner: moving a customer is its own (master/admin) action.
        owner_id: initial ? initial.owner_id : sellers ? ownerId : null,
      },
      errors: {},
    };
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const { input, errors: found } = validate();
    setErrors(found);
    setGeneral(null);
    if (input) save.mutate(input);
  };

  /** Clears a field's error as soon as the user corrects it. */
  const edit =
    (field: string, set: (v: string) => void) =>
    (e: { currentTarget: { value: string } }) => {
      set(e.currentTarget.value);
      if (errors[field]) setErrors((prev) => ({ ...prev, [field]: undefined }));
    };

  const scheme = t(`customersArea.taxIdScheme.${country}`);
  const activeSellers = (sellers ?? []).filter((s) => s.active || s.id === ownerId);

  return (
    <form onSubmit={submit} noValidate aria-label={submitLabel}>
      <Stack gap="sm">
        <TextInput
          label={t('customersArea.fields.name')}
          required
          maxLength={200}
          value={name}
          onChange={edit('name', setName)}
          error={errors.name}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          {!portal && (
            <Select
              label={t('customersArea.fields.taxIdCountry')}
              value={country}
              onChange={(v) => v && setCountry(v as TaxIdCountry)}
              allowDeselect={false}
              data={TAX_ID_COUNTRIES.map((c) => ({ value: c, label: t(`customersArea.countries.${c}`) }))}
              error={errors.tax_id_country}
            />
          )}
          <TextInput
            label={t('customersArea.fields.taxId', { scheme })}
            required={!portal}
            readOnly={portal}
            maxLength={40}
            value={taxId}
            onChange={edit('tax_id', setTaxId)}
            description={portal ? undefined : t(`customersArea.taxIdHint.${country}`)}
            error={errors.tax_id}
            autoComplete="off"
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
          <TextInput
            label={t('customersArea.fields.phone')}
            type="tel"
            maxLength={40}
            value={phone}
            onChange={edit('phone', setPhone)}
            error={errors.phone}
          />
          <TextInput
            label={t('customersArea.fields.email')}
            type="email"
            maxLength={254}
            value={email}
            onChange={edit('email', setEmail)}
            error={errors.email}
          />
        </SimpleGrid>
        <Textarea
          label={t('customersArea.fields.address')}
          maxLength={400}
          autosize
          minRows={2}
          value={address}
          onChange={edit('address', setAddress)}
          error={errors.address}
        />
        <TextInput
          label={t('customersArea.fields.city')}
          maxLength={120}
          value={city}
          onChange={edit('city', setCity)}
          error={errors.city}
        />
        {!portal && (
          <>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('customersArea.fields.category')}
                maxLength={60}
                value={category}
                onChange={edit('category', setCategory)}
                error={errors.category}
              />
              <TextInput
                label={t('customersArea.fields.creditLimit')}
                inputMode="decimal"
                placeholder="0.00"
                description={t('customersArea.fields.creditLimitHint', { currency })}
                value={creditLimit}
                readOnly={limitLocked}
                onChange={edit('credit_limit', setCreditLimit)}
                error={errors.credit_limit}
              />
            </SimpleGrid>
            {sellers && !initial && (
              <Select
                label={t('customersArea.fields.owner')}
                placeholder={t('customersArea.noOwner')}
                clearable
                searchable
                value={ownerId}
                onChange={(v) => {
                  setOwnerId(v);
                  setErrors((prev) => ({ ...prev, owner_id: undefined }));
                }}
                data={activeSellers.map((s) => ({ value: s.id, label: s.name }))}
                error={errors.owner_id}
              />
            )}
            <Textarea
              label={t('customersArea.fields.notes')}
              maxLength={4000}
              autosize
              minRows={2}
              value={notes}
              onChange={edit('notes', setNotes)}
              error={errors.notes}
            />
          </>
        )}
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          {onCancel && (
            <Button variant="default" onClick={onCancel} disabled={save.isPending}>
              {t('customersArea.cancel')}
            </Button>
          )}
          <Button type="submit" loading={save.isPending}>
            {submitLabel}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
