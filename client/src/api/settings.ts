/**
 * Company settings (name, logo, terms…) from `/api/v1/settings/company`.
 * The endpoint may refuse anonymous callers; the hook then yields `null` and
 * the UI falls back to the product name instead of showing an error.
 */
import { useQuery } from '@tanstack/react-query';
import { ApiError, api } from './client';

export interface CompanySettings {
  name: string;
  address: string;
  phone: string;
  email: string;
  currency: string;
  /** A decimal serialized as a string (never a float). */
  tax_rate: string;
  tax_id_country: string;
  time_zone: string;
  terms: string;
  logo_url: string | null;
}

export const companySettingsQueryKey = ['settings', 'company'] as const;

export async function fetchCompanySettings(signal?: AbortSignal): Promise<CompanySettings | null> {
  try {
    return await api.get<CompanySettings>('/api/v1/settings/company', signal);
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
