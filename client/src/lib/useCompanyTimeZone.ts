/**
 * The company's time zone (setting `time_zone`), in which every time is shown
 * so that screens, paper and e-mail agree. `undefined` while loading or when
 * unset: the formatters then fall back to the browser's zone.
 */
import { useCompanySettings } from '../api/settings';

export function useCompanyTimeZone(): string | undefined {
  const { data } = useCompanySettings();
  return data?.time_zone || undefined;
}
