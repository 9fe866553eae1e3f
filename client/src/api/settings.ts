/**
 * Company settings (name, contact data, currency, tax, time zone, terms) from
 * `/api/v1/settings/company`, and the company logo at `/api/v1/settings/logo`.
 * The endpoint may refuse anonymous callers; the hook then yields `null` and
 * the UI falls back to the product name instead of showing an error.
 *
 * The server calls the name `company_name`; {@link fetchCompanySettings} also
 * fills `name` (what the app shell reads) so both spellings work.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api, apiFetch } from './client';
import type { OnboardingStep, PostSaleSettings as PostSale } from './generated';

/** The tax-id systems the server validates (RIF, RUT, NIT), by ISO country code. */
export const TAX_ID_COUNTRIES = ['VE', 'CL', 'CO'] as const;
export type TaxIdCountry = (typeof TAX_ID_COUNTRIES)[number];

export interface CompanySettings {
  /** The company's display name (same as `company_name`). */
  name: string;
  company_name: string;
  address: string;
  phone: string;
  email: string;
  /** ISO 4217 code, e.g. "USD". */
  currency: string;
  /** A decimal serialized as a string (never a float): percent, 0 to 100. */
  tax_rate: string;
  tax_id_country: string;
  /** IANA time zone, e.g. "America/Caracas". */
  time_zone: string;
  terms: string;
  /** Not sent by the server (the logo lives at {@link COMPANY_LOGO_URL}); kept for older callers. */
  logo_url: string | null;
  updated_at?: string;
}

/** What `PUT /api/v1/settings/company` takes (services::settings::SettingsInput). */
export interface CompanySettingsInput {
  company_name: string;
  address: string;
  phone: string;
  email: string;
  terms: string;
  currency: string;
  tax_rate: string;
  tax_id_country: TaxIdCountry;
  time_zone: string;
}

/** The public logo (PNG); 404 while none has been uploaded. */
export const COMPANY_LOGO_URL = '/api/v1/settings/logo';

/** Largest image the server accepts (`uploads.max_image_bytes` default). */
export const MAX_LOGO_BYTES = 5 * 1024 * 1024;

export const companySettingsQueryKey = ['settings', 'company'] as const;

type RawSettings = Partial<CompanySettings> & Record<string, unknown>;

/** Accepts the server's shape (`company_name`) as well as `name`. */
export function normalizeCompanySettings(raw: RawSettings): CompanySettings {
  const name = (typeof raw.name === 'string' && raw.name) || (typeof raw.company_name === 'string' ? raw.company_name : '');
  return {
    ...raw,
    name,
    company_name: typeof raw.company_name === 'string' ? raw.company_name : name,
    address: raw.address ?? '',
    phone: raw.phone ?? '',
    email: raw.email ?? '',
    currency: raw.currency ?? '',
    tax_rate: raw.tax_rate ?? '',
    tax_id_country: raw.tax_id_country ?? '',
    time_zone: raw.time_zone ?? '',
    terms: raw.terms ?? '',
    logo_url: raw.logo_url ?? null,
  };
}

export async function fetchCompanySettings(signal?: AbortSignal): Promise<CompanySettings | null> {
  try {
    return normalizeCompanySettings(await api.get<RawSettings>('/api/v1/settings/company', signal));
  } catch (err) {
    if (err instanceof ApiError && [401, 403, 404].includes(err.status)) return null;
    throw err;
  }
}

export function useCompanySettings() {
  return useQuery({
    queryKey: companySettingsQueryKey,
    queryFn: ({ signal }) => fetchCompanySettings(signal),
    staleTime: 10 * 60 * 1000,
    retry: false,
  });
}

/** The company's display name, or the product name while unknown. */
export function useCompanyName(fallback: string): string {
  const { data } = useCompanySettings();
  return data?.name?.trim() || fallback;
}

/** Saves the company settings (master, admin) and refreshes every reader (the app header included). */
export function useUpdateCompanySettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (input: CompanySettingsInput) =>
      normalizeCompanySettings(await apiFetch<RawSettings>('/api/v1/settings/company', { method: 'PUT', body: input })),
    onSuccess: (saved) => {
      queryClient.setQueryData(companySettingsQueryKey, saved);
      // The company data and its time zone (every formatted time follows it).
      void queryClient.invalidateQueries({ queryKey: ['settings'] });
    },
  });
}

/** Uploads a new logo (multipart field `file`); the server re-encodes it as PNG. */
export async function uploadCompanyLogo(file: File): Promise<CompanySettings> {
  const form = new FormData();
  form.append('file', file, file.name || 'logo.png');
  let response: Response;
  try {
    response = await fetch(COMPANY_LOGO_URL, { method: 'PUT', body: form, credentials: 'same-origin' });
  } catch (err) {
    throw new ApiError(0, 'network_error', null, err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return normalizeCompanySettings((await response.json()) as RawSettings);
}

export function useUploadCompanyLogo() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: uploadCompanyLogo,
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: companySettingsQueryKey }),
  });
}

/** How the customer's credit limit is enforced (server `CreditLimitPolicy`). */
export const CREDIT_LIMIT_POLICIES = ['off', 'warn', 'refuse_non_office'] as const;
export type CreditLimitPolicy = (typeof CREDIT_LIMIT_POLICIES)[number];

/** `/api/v1/settings/billing` (master, admin): terms, reminders, credit and the non-fiscal line. */
export interface BillingSettings {
  payment_terms_days: number;
  quote_validity_days: number;
  quote_reminder_days: number;
  /** Days from the due date (negative: before it), sorted. */
  receivable_reminder_days: number[];
  credit_limit_policy: CreditLimitPolicy;
  allow_customer_credit: boolean;
  non_fiscal_line: string;
  updated_at: string;
}

/** What `PUT /api/v1/settings/billing` takes (services::billing_settings::BillingSettingsInput). */
export type BillingSettingsInput = Omit<BillingSettings, 'updated_at'>;

export const billingSettingsQueryKey = ['settings', 'billing'] as const;

/** The billing settings; only fetched for those who may edit them. */
export function useBillingSettings(enabled: boolean) {
  return useQuery({
    queryKey: billingSettingsQueryKey,
    queryFn: ({ signal }) => api.get<BillingSettings>('/api/v1/settings/billing', signal),
    enabled,
    staleTime: 0,
  });
}

export function useUpdateBillingSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: BillingSettingsInput) =>
      apiFetch<BillingSettings>('/api/v1/settings/billing', { method: 'PUT', body: input }),
    onSuccess: (saved) => queryClient.setQueryData(billingSettingsQueryKey, saved),
  });
}

/** "-3, 7, 30" → [-3, 7, 30]; `null` when a part is not a whole number. */
export function parseReminderDays(text: string): number[] | null {
  const parts = text
    .split(/[,;\s]+/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
  if (!parts.every((p) => /^[+-]?\d{1,3}$/.test(p))) return null;
  return parts.map((p) => Number(p));
}

/** `/api/v1/settings/post-sale` (master, admin): the post-sale settings. */
export type { PostSaleSettings } from './generated';

/** What `PUT /api/v1/settings/post-sale` takes; `at_risk_threshold` (1–100) left out keeps the current one. */
export interface PostSaleSettingsInput {
  warranty_alert_days: number;
  at_risk_threshold?: number;
  /** The checklist a new customer starts with: 1–20 steps (title 1–200 chars, one line; 0–365 days). */
  onboarding_steps?: OnboardingStep[];
}

export const postSaleSettingsQueryKey = ['settings', 'post-sale'] as const;

/** The post-sale settings; only fetched for those who may edit them. */
export function usePostSaleSettings(enabled: boolean) {
  return useQuery({
    queryKey: postSaleSettingsQueryKey,
    queryFn: ({ signal }) => api.get<PostSale>('/api/v1/settings/post-sale', signal),
    enabled,
    staleTime: 0,
  });
}

export function useUpdatePostSaleSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: PostSaleSettingsInput) =>
      apiFetch<PostSale>('/api/v1/settings/post-sale', { method: 'PUT', body: input }),
    onSuccess: (saved) => {
      queryClient.setQueryData(postSaleSettingsQueryKey, saved);
      // A new threshold moves who is at risk (`customerMetricsKeys.all`, api/customerMetrics.ts).
      void queryClient.invalidateQueries({ queryKey: ['customer-metrics'] });
    },
  });
}
