/**
 * The office desk's live lists: while a list page is open, an office user
 * (master, admin, operator) follows `staff:tickets` or `staff:maintenance`
 * and the list reloads when a customer (or a colleague) files something new.
 * The server refuses these channels to every other role, so the hook does not
 * even ask for them.
 */
import { useQueryClient, type QueryKey } from '@tanstack/react-query';
import type { Role } from '../api/generated/Role';
import { useCentrifuge, useSubscription } from './client';

export type StaffFeed =
  | 'staff:tickets'
  | 'staff:maintenance'
  | 'staff:quotes'
  | 'staff:purchasing'
  | 'staff:billing';

/** Roles that see every ticket and request, and so may follow the desk's channels. */
export const followsStaffFeeds = (role: Role | undefined) => role === 'master' || role === 'admin' || role === 'operator';

/**
 * Reloads `keys` on every publication of `feed` while mounted (office roles
 * only); `onPublication`, when given, sees each publication first (e.g. to
 * put an updated record in the cache at once).
 */
export function useStaffFeed(
  feed: StaffFeed,
  role: Role | undefined,
  keys: QueryKey[],
  onPublication?: (data: unknown) => void,
) {
  const queryClient = useQueryClient();
  const client = useCentrifuge('session', followsStaffFeeds(role));
  useSubscription(client, followsStaffFeeds(role) ? feed : null, {
    onPublication: (data) => {
      onPublication?.(data);
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    },
  });
}
