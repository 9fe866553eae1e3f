/**
 * Accounts & access: the `User` type and TanStack Query hooks for the
 * `/api/v1/auth/*` endpoints (session, login, logout, password change,
 * recovery and reset/invitation).
 *
 * The current session lives in the query cache under {@link meQueryKey}: a
 * `User` when signed in, `null` when not. Login writes it, logout clears it,
 * and any `unauthenticated` error anywhere resets it to `null` (see
 * `queryClient.ts`), which makes `RequireAuth` send the user to /login.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, api } from './client';

export const ROLES = ['master', 'admin', 'technician', 'operator', 'seller', 'customer'] as const;
export type Role = (typeof ROLES)[number];

export interface User {
  id: string;
  email: string;
  name: string;
  role: Role;
  active: boolean;
  customer_id: string | null;
  phone?: string;
  /** False until an invited user sets a password. */
  has_password?: boolean;
  /** Whether a profile photo is set (served at /api/v1/users/{id}/photo). */
  has_photo?: boolean;
  created_at?: string;
  updated_at?: string;
}

export const meQueryKey = ['auth', 'me'] as const;

/** The signed-in user, or `null` when there is no valid session. */
export async function fetchMe(signal?: AbortSignal): Promise<User | null> {
  try {
    return await api.get<User>('/api/v1/auth/me', signal);
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}

export function useMe() {
  return useQuery({
    queryKey: meQueryKey,
    queryFn: ({ signal }) => fetchMe(signal),
    staleTime: 5 * 60 * 1000,
  });
}

export interface LoginInput {
  email: string;
  password: string;
  remember_me: boolean;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: LoginInput) => api.post<{ user: User }>('/api/v1/auth/login', input),
    onSuccess: ({ user }) => {
      queryClient.setQueryData(meQueryKey, user);
      // Data fetched while signed out (e.g. company settings) may now be richer.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    },
  });
}

/** Forgets everything cached for the previous session and marks it signed out. */
export function useClearSession() {
  const queryClient = useQueryClient();
  return () => {
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== meQueryKey[0] });
    queryClient.setQueryData(meQueryKey, null);
  };
}

export function useLogout() {
  return useMutation({
    mutationFn: () => api.post('/api/v1/auth/logout'),
  });
}

export interface ChangePasswordInput {
  current_password: string;
  new_password: string;
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: ChangePasswordInput) => api.post('/api/v1/auth/password', input),
  });
}

/** Asks for a recovery e-mail. The server answers 202 whether or not the account exists. */
export function useRecoverPassword() {
  return useMutation({
    mutationFn: (email: string) => api.post('/api/v1/auth/recover', { email }),
  });
}

export interface ResetPasswordInput {
  token: string;
  new_password: string;
}

/** Sets a new password from a recovery link or an invitation link. */
export function useResetPassword() {
  return useMutation({
    mutationFn: (input: ResetPasswordInput) => api.post('/api/v1/auth/reset', input),
  });
}
