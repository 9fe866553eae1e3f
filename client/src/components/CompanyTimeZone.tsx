/**
 * Loads the company's time zone (public `GET /api/v1/settings/time-zone`)
 * and hands it to the formatters (`lib/format.ts`) before the app renders, so
 * no screen ever shows a time in the browser's zone. The zone is remembered
 * in localStorage: later visits render at once and refresh it quietly; when
 * it changed (the master edited the settings) the app is drawn again. A
 * zone already set in code when it mounts (unit tests) is used as it is.
 */
import { Fragment, type ReactNode, useEffect, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client';
import { companyTimeZone, hasCompanyTimeZone, setCompanyTimeZone } from '../lib/format';

export const timeZoneQueryKey = ['settings', 'time-zone'] as const;
const STORAGE_KEY = 'faena.timeZone';

function remembered(): string | null {
  try {
    return window.localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export function CompanyTimeZone({ children }: { children: ReactNode }) {
  // A zone set in code before the app mounted (unit tests) is kept as it is.
  const [preset] = useState(() => hasCompanyTimeZone());
  const [known, setKnown] = useState(() => {
    if (!hasCompanyTimeZone()) setCompanyTimeZone(remembered());
    return hasCompanyTimeZone();
  });
  const [generation, setGeneration] = useState(0);
  const zone = useQuery({
    queryKey: timeZoneQueryKey,
    queryFn: ({ signal }) => api.get<{ time_zone: string }>('/api/v1/settings/time-zone', signal),
    staleTime: 10 * 60 * 1000,
    retry: 1,
    enabled: !preset,
  });
  const fetched = zone.data?.time_zone;
  const failed = zone.isError;
  useEffect(() => {
    if (fetched) {
      const before = hasCompanyTimeZone() ? companyTimeZone() : null;
      setCompanyTimeZone(fetched);
      try {
        window.localStorage.setItem(STORAGE_KEY, fetched);
      } catch {
        // Private mode: the zone is simply fetched again next time.
      }
      if (known && before !== null && before !== companyTimeZone()) setGeneration((g) => g + 1);
      setKnown(true);
    } else if (failed) {
      setKnown(true);
    }
  }, [fetched, failed, known]);
  if (!known) return null;
  return <Fragment key={generation}>{children}</Fragment>;
}
