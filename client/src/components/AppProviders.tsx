/**
 * Wraps the app in its context providers: Mantine (theme + notifications) and
 * TanStack Query, and the company's time zone for every formatted time
 * (`CompanyTimeZone`). The router is left to the caller so tests can use a
 * `MemoryRouter` while the app uses a `BrowserRouter`.
 */
import type { ReactNode } from 'react';
import { MantineProvider } from '@mantine/core';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { theme } from '../theme';
import { CompanyTimeZone } from './CompanyTimeZone';

export function AppProviders({ queryClient, children }: { queryClient: QueryClient; children: ReactNode }) {
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <Notifications position="top-right" />
      <QueryClientProvider client={queryClient}>
        <CompanyTimeZone>{children}</CompanyTimeZone>
      </QueryClientProvider>
    </MantineProvider>
  );
}
