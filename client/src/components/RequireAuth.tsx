/**
 * Route guard: renders its children only with a signed-in user. Without a
 * session it redirects to /login, remembering where the user was going in the
 * navigation state so login can send them back there.
 */
import { type ReactNode, createContext, useContext } from 'react';
import { Alert, Button, Center, Loader, Stack } from '@mantine/core';
import { Navigate, useLocation } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { type User, useMe } from '../api/auth';
import { useErrorMessage } from '../i18n/errors';

const CurrentUserContext = createContext<User | null>(null);

/**
 * The signed-in user, for components rendered inside `RequireAuth`. Read from
 * context rather than the query so a page never sees the session vanish
 * mid-render: the guard swaps the whole subtree for a redirect instead.
 */
export function useCurrentUser(): User {
  const user = useContext(CurrentUserContext);
  if (!user) throw new Error('useCurrentUser() used outside <RequireAuth>');
  return user;
}

export interface RedirectState {
  from?: { pathname: string; search?: string; hash?: string };
}

export function RequireAuth({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const location = useLocation();
  const me = useMe();

  if (me.isPending) {
    return (
      <Center mih="100dvh">
        <Loader aria-label={t('common.loading')} />
      </Center>
    );
  }
  if (me.isError) {
    return (
      <Center mih="100dvh" p="md">
        <Stack maw={420}>
          <Alert color="red" title={t('common.sessionLoadError')}>
            {errorMessage(me.error)}
          </Alert>
          <Button onClick={() => void me.refetch()} loading={me.isFetching}>
            {t('common.retry')}
          </Button>
        </Stack>
      </Center>
    );
  }
  if (!me.data) {
    const state: RedirectState = {
      from: { pathname: location.pathname, search: location.search, hash: location.hash },
    };
    return <Navigate to="/login" replace state={state} />;
  }
  return <CurrentUserContext.Provider value={me.data}>{children}</CurrentUserContext.Provider>;
}
