/**
 * Builds the app's TanStack Query client: sensible retries (only for network
 * and server failures, never for 4xx answers) and one global rule — an
 * `unauthenticated` error from any query or mutation means the session is
 * gone, so the cached user becomes `null` and the auth guard redirects.
 */
import { MutationCache, QueryCache, QueryClient } from '@tanstack/react-query';
import { ApiError, isUnauthenticated } from './client';
import { meQueryKey } from './auth';

function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status > 0 && error.status < 500) return false;
  return failureCount < 2;
}

export function createQueryClient(): QueryClient {
  const onError = (error: unknown) => {
    if (isUnauthenticated(error)) queryClient.setQueryData(meQueryKey, null);
  };
  const queryClient: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: { retry: shouldRetry, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
  return queryClient;
}
