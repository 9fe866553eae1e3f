/**
 * The office's configuration pages.
 *
 * - /catalogs (master, admin, operator): the order status catalogs — public
 *   labels the customer sees on their order's timeline and internal ones only
 *   staff see — and the payment methods catalog. Both are edited here because
 *   every order and payment form picks from them.
 * - /settings (master, admin; others may look): the company data printed on
 *   tickets, receipts and e-mails (name, contact data, currency, tax rate,
 *   tax-id country, time zone, terms & conditions) and the company logo.
 *   Saving refreshes the company settings every page reads, so the header
 *   shows the new name at once. Master and admin also find the billing
 *   settings here (terms, reminders, credit limit, the non-fiscal line),
 *   the post-sale settings and the ticket SLA (business hours, holidays,
 *   targets by type and priority, the warning before a breach).
 */
import { Alert, Autocomplete, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { VISIBILITIES, problemField, useAllOrderStatuses, useAllPaymentMethods } from '../api/admin';
import { type Role, useMe } from '../api/auth';
import {
  type CompanySettings,
  type CompanySettingsInput,
  TAX_ID_COUNTRIES,
  type TaxIdCountry,
  companySettingsQueryKey,
  fetchCompanySettings,
  useUpdateCompanySettings,
} from '../api/settings';
import { BillingSettingsCard } from '../components/admin/BillingSettingsForm';
import { PostSaleSettingsCard } from '../components/admin/PostSaleSettingsForm';
import { SlaSettingsCard } from '../components/admin/SlaSettingsForm';
import { LogoUpload } from '../components/admin/LogoUpload';
import { PaymentMethodsCatalog } from '../components/admin/PaymentMethodsCatalog';
import { StatusCatalog } from '../components/admin/StatusCatalog';
import { QueryStatus } from '../components/QueryStatus';
import { serverFieldError } from '../components/admin/fieldError';
import { useErrorMessage } from '../i18n/errors';
import { validateEmail } from '../lib/validation';

const CATALOG_EDITORS: readonly Role[] = ['master', 'admin', 'operator'];
const SETTINGS_EDITORS: readonly Role[] = ['master', 'admin'];

export function CatalogsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.catalogs'));
  const me = useMe().data;
  const allowed = !!me && CATALOG_EDITORS.includes(me.role);
  const statuses = useAllOrderStatuses(allowed);
  const methods = useAllPaymentMethods(allowed);
  return (
    <Stack maw={960}>
      <div>
        <Title order={1} size="h2">
          {t('nav.catalogs')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('adminArea.catalogs.intro')}
        </Text>
      </div>
      {me && !allowed && (
        <Alert color="red" variant="light">
          {t('errors.forbidden')}
        </Alert>
      )}
      {allowed && (
        <>
          <QueryStatus query={statuses}>
            {(all) => (
              <SimpleGrid cols={{ base: 1, md: 2 }}>
                {VISIBILITIES.map((v) => (
                  <StatusCatalog key={v} visibility={v} statuses={all.filter((s) => s.visibility === v)} />
                ))}
              </SimpleGrid>
            )}
          </QueryStatus>
          <QueryStatus query={methods}>{(list) => <PaymentMethodsCatalog methods={list} />}</QueryStatus>
        </>
      )}
    </Stack>
  );
}

type SettingsField = keyof CompanySettingsInput;
type SettingsErrors = Partial<Record<SettingsField, string>>;

function toInput(s: CompanySettings): CompanySettingsInput {
  return {
    company_name: s.company_name || s.name,
    address: s.address,
    phone: s.phone,
    email: s.email,
    terms: s.terms,
    currency: s.currency,
    tax_rate: s.tax_rate,
    tax_id_country: (TAX_ID_COUNTRIES as readonly string[]).includes(s.tax_id_country) ? (s.tax_id_country as TaxIdCountry) : 'VE',
    time_zone: s.time_zone,
  };
}

/** Every IANA zone the browser knows, for the time zone suggestions. */
function timeZones(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: string) => string[] };
  try {
    return intl.supportedValuesOf?.('timeZone') ?? [];
  } catch {
    return [];
  }
}

const TAX_RATE = /^\d{1,3}([.,]\d+)?$/;

export function SettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.settings'));
  const me = useMe().data;
  const canEdit = !!me && SETTINGS_EDITORS.includes(me.role);
  // Same cache entry as the header's useCompanySettings(), but always fresh here.
  const settings = useQuery({
    queryKey: companySettingsQueryKey,
    queryFn: ({ signal }) => fetchCompanySettings(signal),
    staleTime: 0,
    retry: false,
  });
  return (
    <Stack maw={760}>
      <div>
        <Title order={1} size="h2">
          {t('nav.settings')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('adminArea.settings.intro')}
        </Text>
      </div>
      {me && !canEdit && (
        <Alert color="blue" variant="light">
          {t('adminArea.settings.readOnly')}
        </Alert>
      )}
      <QueryStatus query={settings}>{(data) => data && <SettingsForm initial={data} canEdit={canEdit} />}</QueryStatus>
      {settings.isSuccess && !settings.data && (
        <Alert color="red" variant="light">
          {t('errors.forbidden')}
        </Alert>
      )}
      <Card withBorder component="section" aria-labelledby="logo-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="logo-title">
            {t('adminArea.settings.logo')}
          </Title>
          <LogoUpload canEdit={canEdit} />
        </Stack>
      </Card>
      {canEdit && <BillingSettingsCard />}
      {canEdit && <PostSaleSettingsCard />}
      {canEdit && <SlaSettingsCard />}
    </Stack>
  );
}

function SettingsForm({ initial, canEdit }: { initial: CompanySettings; canEdit: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useUpdateCompanySettings();
  const [values, setValues] = useState<CompanySettingsInput>(() => toInput(initial));
  const [errors, setErrors] = useState<SettingsErrors>({});
  const zones = useMemo(timeZones, []);
  const set = (field: SettingsField) => (value: string) => setValues((v) => ({ ...v, [field]: value }));

  const hints: Partial<Record<SettingsField, string>> = {
    currency: t('adminArea.settings.currencyInvalid'),
    tax_rate: t('adminArea.settings.taxRateInvalid'),
    time_zone: t('adminArea.settings.timeZoneInvalid'),
  };

  const validate = (v: CompanySettingsInput): SettingsErrors => {
    const found: SettingsErrors = {};
    const len = (s: string) => [...s.trim()].length;
    if (v.company_name.trim() === '') found.company_name = t('adminArea.settings.nameRequired');
    else if (len(v.company_name) > 200) found.company_name = t('adminArea.tooLong', { max: 200 });
    if (len(v.address) > 400) found.address = t('adminArea.tooLong', { max: 400 });
    if (len(v.phone) > 40) found.phone = t('adminArea.tooLong', { max: 40 });
    if (v.email.trim() !== '') {
      const key = validateEmail(v.email);
      if (key) found.email = t(key);
    }
    if (!/^[A-Za-z]{3}$/.test(v.currency.trim())) found.currency = hints.currency;
    const rate = v.tax_rate.trim();
    if (!TAX_RATE.test(rate) || Number(rate.replace(',', '.')) > 100) found.tax_rate = hints.tax_rate;
    if (v.time_zone.trim() === '' || /\s/.test(v.time_zone.trim())) found.time_zone = hints.time_zone;
    if (len(v.terms) > 20000) found.terms = t('adminArea.tooLong', { max: 20000 });
    return found;
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validate(values);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    save.mutate(
      {
        ...values,
        company_name: values.company_name.trim(),
        address: values.address.trim(),
        phone: values.phone.trim(),
        email: values.email.trim(),
        currency: values.currency.trim().toUpperCase(),
        tax_rate: values.tax_rate.trim().replace(',', '.'),
        time_zone: values.time_zone.trim(),
      },
      {
        onSuccess: (saved) => {
          setValues(toInput(saved));
          notifications.show({ color: 'green', message: t('adminArea.settings.saved') });
        },
      },
    );
  };

  const fieldError = (f: SettingsField) =>
    errors[f] ?? (save.isError ? serverFieldError(save.error, f, t, hints[f]) : undefined);
  const banner = save.isError && !problemField(save.error) ? errorMessage(save.error) : null;
  const common = (f: SettingsField) => ({
    value: values[f],
    error: fieldError(f),
    readOnly: !canEdit,
  });

  return (
    <Card withBorder component="section" aria-labelledby="company-data-title">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4" id="company-data-title">
            {t('adminArea.settings.companyData')}
          </Title>
          {banner && (
            <Alert color="red" variant="light" role="alert">
              {banner}
            </Alert>
          )}
          <TextInput
            label={t('settingsPage.company_name')}
            required
            {...common('company_name')}
            onChange={(e) => set('company_name')(e.currentTarget.value)}
          />
          <TextInput label={t('settingsPage.address')} {...common('address')} onChange={(e) => set('address')(e.currentTarget.value)} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput label={t('settingsPage.phone')} type="tel" {...common('phone')} onChange={(e) => set('phone')(e.currentTarget.value)} />
            <TextInput label={t('settingsPage.email')} type="email" {...common('email')} onChange={(e) => set('email')(e.currentTarget.value)} />
            <TextInput
              label={t('settingsPage.currency')}
              description={t('adminArea.settings.currencyHint')}
              required
              maxLength={3}
              {...common('currency')}
              onChange={(e) => set('currency')(e.currentTarget.value.toUpperCase())}
            />
            <TextInput
              label={t('adminArea.settings.taxRate')}
              description={t('adminArea.settings.taxRateHint')}
              required
              inputMode="decimal"
              {...common('tax_rate')}
              onChange={(e) => set('tax_rate')(e.currentTarget.value)}
            />
            <NativeSelect
              label={t('adminArea.settings.taxIdCountry')}
              description={t('adminArea.settings.taxIdCountryHint')}
              value={values.tax_id_country}
              disabled={!canEdit}
              onChange={(e) => set('tax_id_country')(e.currentTarget.value)}
              error={fieldError('tax_id_country')}
              data={TAX_ID_COUNTRIES.map((c) => ({ value: c, label: t(`adminArea.settings.countries.${c}`) }))}
            />
            <Autocomplete
              label={t('settingsPage.time_zone')}
              description={t('adminArea.settings.timeZoneHint')}
              required
              data={zones}
              limit={20}
              {...common('time_zone')}
              onChange={set('time_zone')}
            />
          </SimpleGrid>
          <Textarea
            label={t('settingsPage.terms')}
            description={t('adminArea.settings.termsHint')}
            autosize
            minRows={6}
            maxRows={20}
            {...common('terms')}
            onChange={(e) => set('terms')(e.currentTarget.value)}
          />
          {canEdit && (
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('adminArea.save')}
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
