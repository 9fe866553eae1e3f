/**
 * The signed-in app shell: a header with the company name, the user's name
 * and role, the language switcher and logout; a role-dependent navbar (a
 * drawer behind a burger on phones); and the page in `<Outlet />`.
 */
import {
  AppShell,
  Box,
  Burger,
  Button,
  Group,
  NavLink,
  ScrollArea,
  Text,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { Link, Outlet, useMatch, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { type User, useClearSession, useLogout } from '../api/auth';
import { useCurrentUser } from './RequireAuth';
import { useCompanyName } from '../api/settings';
import { useErrorMessage } from '../i18n/errors';
import { LanguageSwitcher } from './LanguageSwitcher';
import { useInAppNotifications } from './account/useInAppNotifications';
import { disablePush, isPushSupported } from '../lib/push';
import { type NavItem, type NavSection, navItemsFor, navSections } from './nav';

function NavEntry({ item, onNavigate }: { item: NavItem; onNavigate: () => void }) {
  const { t } = useTranslation();
  const active = useMatch({ path: item.to, end: true }) !== null;
  return (
    <NavLink
      component={Link}
      to={item.to}
      label={t(item.labelKey)}
      active={active}
      aria-current={active ? 'page' : undefined}
      onClick={onNavigate}
    />
  );
}

/** A group of entries under its heading ("Informes"), named by it for assistive technology. */
function NavGroupEntries({ section, onNavigate }: { section: NavSection; onNavigate: () => void }) {
  const { t } = useTranslation();
  if (section.group === null) return <NavEntry item={section.items[0]} onNavigate={onNavigate} />;
  const id = `nav-group-${section.group}`;
  return (
    <Box role="group" aria-labelledby={id} mt="xs">
      <Text id={id} size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" py={4}>
        {t(`navGroups.${section.group}`)}
      </Text>
      {section.items.map((item) => (
        <NavEntry key={item.to} item={item} onNavigate={onNavigate} />
      ))}
    </Box>
  );
}

function UserSummary({ user, align }: { user: User; align: 'left' | 'right' }) {
  const { t } = useTranslation();
  return (
    <Box ta={align} style={{ minWidth: 0 }}>
      <Text size="sm" fw={600} truncate>
        {user.name}
      </Text>
      <Text size="xs" c="dimmed" truncate>
        {t(`roles.${user.role}`)}
      </Text>
    </Box>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const user = useCurrentUser();
  useInAppNotifications(user.id);
  const companyName = useCompanyName(t('app.name'));
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const navigate = useNavigate();
  const logout = useLogout();
  const clearSession = useClearSession();

  const signOutLocally = () => {
    // Leave the guarded routes first so the guard does not remember this page.
    navigate('/login', { replace: true });
    clearSession();
  };

  // This browser's push subscription belongs to the signed-in person: drop
  // it (while the session still exists) so the next person here does not
  // receive their notifications.
  const handleLogout = () =>
    void (isPushSupported() ? disablePush().catch(() => undefined) : Promise.resolve()).finally(() =>
      logout.mutate(undefined, {
      onSuccess: signOutLocally,
      onError: (error) => {
        // Already signed out on the server: finish locally.
        if (error instanceof ApiError && error.status === 401) signOutLocally();
        else notifications.show({ color: 'red', title: t('shell.logoutFailed'), message: errorMessage(error) });
      },
      }),
    );

  return (
    <AppShell
      header={{ height: 60 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Burger
              opened={navOpened}
              onClick={toggleNav}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('shell.toggleNavigation')}
              aria-expanded={navOpened}
            />
            <Text fw={700} size="lg" truncate>
              {companyName}
            </Text>
          </Group>
          <Group gap="sm" wrap="nowrap">
            <Box visibleFrom="sm">
              <UserSummary user={user} align="right" />
            </Box>
            <LanguageSwitcher />
            <Button variant="default" size="xs" onClick={handleLogout} loading={logout.isPending}>
              {t('shell.logout')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('shell.mainNavigation')}>
        <Box hiddenFrom="sm" px="sm" py="xs">
          <UserSummary user={user} align="left" />
        </Box>
        <AppShell.Section grow component={ScrollArea}>
          {navSections(navItemsFor(user.role)).map((section) => (
            <NavGroupEntries key={section.group ?? section.items[0].to} section={section} onNavigate={closeNav} />
          ))}
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}
