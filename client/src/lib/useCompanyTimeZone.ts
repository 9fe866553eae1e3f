/**
 * The company's time zone (setting `time_zone`), in which every time is shown
 * so that screens, paper and e-mail agree. `undefined` while the settings
 * load or when they cannot be read: the formatters then use the zone
 * `CompanyTimeZone` loaded before the app rendered (see `lib/format.ts`).
 */
import { useCompanySettings } from '../api/settings';

export function useCompanyTimeZone(): string | undefined {
  const { data } = useCompanySettings();
  return data?.time_zone || undefined;
}
