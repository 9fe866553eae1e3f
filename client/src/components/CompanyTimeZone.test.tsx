/** The app waits for the company's time zone, then every time is on its clock. */
import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createQueryClient } from '../api/queryClient';
import { formatTime, setCompanyTimeZone } from '../lib/format';
import { jsonResponse, stubFetch } from '../test/utils';
import { AppProviders } from './AppProviders';

function Clock() {
  return <p>{formatTime('2026-12-03T10:18:00Z', 'es')}</p>;
}

describe('CompanyTimeZone', () => {
  it('loads the zone before drawing the app, and remembers it', async () => {
    setCompanyTimeZone(null);
    const fetchMock = stubFetch({ 'GET /api/v1/settings/time-zone': () => jsonResponse(200, { time_zone: 'America/Caracas' }) });
    render(
      <AppProviders queryClient={createQueryClient()}>
        <Clock />
      </AppProviders>,
    );
    expect(screen.queryByText(/\d\d:\d\d/)).toBeNull();
    expect(await screen.findByText('06:18')).toBeTruthy();
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(window.localStorage.getItem('faena.timeZone')).toBe('America/Caracas');
  });
});
