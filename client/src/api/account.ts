/**
 * The signed-in user's own account: profile (name, phone, photo),
 * notification preferences and the browsers registered for Web Push.
 *
 * Endpoints (see src/http/users.rs and src/http/notifications.rs):
 * - `PATCH /api/v1/users/{id}` `{ name?, phone? }`: anyone may edit their own
 *   name and phone; answers the `User`.
 * - `PUT /api/v1/users/{id}/photo` multipart, field `file` (PNG, JPEG, WebP
 *   or GIF): own photo for everyone; answers the `User`. `GET` the same path
 *   serves the photo as JPEG (404 when there is none).
 * - `GET|PUT /api/v1/notifications/preferences`: the optional events by
 *   channel (`PUT` takes any subset and answers all of them).
 * - `GET /api/v1/push/vapid-public-key`, `GET|POST|DELETE
 *   /api/v1/push/subscriptions`: Web Push (used by lib/push.ts).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type User, meQueryKey } from './auth';
import { ApiError, api, apiFetch } from './client';

/** The `User` the server sends also carries these (not in the shared type yet). */
export interface AccountUser extends User {
  phone?: string;
  updated_at?: string;
}

export interface ProfileChanges {
  name: string;
  phone: string;
}

/** Same limits as the server (`text_field` in src/services/users.rs). */
export const NAME_MAX = 120;
export const PHONE_MAX = 40;

/** The image types the server accepts for a profile photo. */
export const PHOTO_TYPES = ['image/png', 'image/jpeg', 'image/webp', 'image/gif'] as const;
/** The server's default `uploads.max_image_bytes` (5 MiB). */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** URL of a user's photo; `version` (e.g. `updated_at`) defeats stale browser caches. */
export function userPhotoUrl(userId: string, version?: string | null): string {
  const base = `/api/v1/users/${encodeURIComponent(userId)}/photo`;
  return version ? `${base}?v=${encodeURIComponent(version)}` : base;
}

export { problemField } from './client';

export function updateProfile(userId: string, changes: ProfileChanges): Promise<AccountUser> {
  return apiFetch<AccountUser>(`/api/v1/users/${encodeURIComponent(userId)}`, { method: 'PATCH', body: changes });
}

export async function uploadProfilePhoto(userId: string, file: File): Promise<AccountUser> {
  const form = new FormData();
  form.append('file', file, file.name || 'photo');
  let response: Response;
  try {
    response = await fetch(`/api/v1/users/${encodeURIComponent(userId)}/photo`, {
      method: 'PUT',
      body: form,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json' },
    });
  } catch (err) {
    throw new ApiError(0, 'network_error', null, err instanceof Error ? err.message : String(err));
  }
  if (!response.ok) throw await ApiError.fromResponse(response);
  return (await response.json()) as AccountUser;
}

/** Saves the name and phone, then refreshes the session user everywhere. */
export function useUpdateProfile(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (changes: ProfileChanges) => updateProfile(userId, changes),
    onSuccess: (user) => queryClient.setQueryData(meQueryKey, user),
  });
}

/** Uploads a new photo; the refreshed user carries a new `updated_at` (the photo URL's version). */
export function useUploadProfilePhoto(userId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (file: File) => uploadProfilePhoto(userId, file),
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryKey, user);
      void queryClient.invalidateQueries({ queryKey: ['users'] });
    },
  });
}

// --- notification preferences -------------------------------------------------

export const DELIVERY_CHANNELS = ['email', 'push', 'in_app'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/** One choice: `kind` (an optional event, e.g. `order_update`) by `channel`, on or off. */
export interface Preference {
  kind: string;
  channel: DeliveryChannel;
  enabled: boolean;
}

export const preferencesQueryKey = ['account', 'notification-preferences'] as const;

export const fetchPreferences = (signal?: AbortSignal) =>
  api.get<Preference[]>('/api/v1/notifications/preferences', signal);

export const savePreferences = (changes: Preference[]) =>
  apiFetch<Preference[]>('/api/v1/notifications/preferences', { method: 'PUT', body: changes });

export function usePreferences() {
  return useQuery({ queryKey: preferencesQueryKey, queryFn: ({ signal }) => fetchPreferences(signal) });
}

export function useSavePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: savePreferences,
    onSuccess: (all) => queryClient.setQueryData(preferencesQueryKey, all),
  });
}

// --- Web Push --------------------------------------------------------------------

/** A browser of the caller registered for Web Push. */
export interface PushSubscriptionRecord {
  id: string;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  device: string;
  created_at: string;
}

/** The body of `POST /api/v1/push/subscriptions`: `PushSubscription.toJSON()` plus a device name. */
export interface PushSubscriptionBody {
  endpoint: string;
  keys: { p256dh: string; auth: string };
  device?: string;
}

export const pushSubscriptionsQueryKey = ['account', 'push-subscriptions'] as const;

export async function fetchVapidPublicKey(signal?: AbortSignal): Promise<string> {
  return (await api.get<{ public_key: string }>('/api/v1/push/vapid-public-key', signal)).public_key;
}

export const fetchPushSubscriptions = (signal?: AbortSignal) =>
  api.get<PushSubscriptionRecord[]>('/api/v1/push/subscriptions', signal);

export const registerPushSubscription = (body: PushSubscriptionBody) =>
  api.post<PushSubscriptionRecord>('/api/v1/push/subscriptions', body);

/** Forgets one of the caller's browsers; one the server does not know is already gone. */
export async function deletePushSubscription(endpoint: string): Promise<void> {
  try {
    await apiFetch<void>('/api/v1/push/subscriptions', { method: 'DELETE', body: { endpoint } });
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return;
    throw err;
  }
}
