/**
 * / — the signed-in landing page: a greeting and the caller's dashboard.
 *
 * The figures come from GET /api/v1/dashboard, already scoped by the server:
 * the office and sellers see open orders by status, open tickets by
 * priority, today's appointments and unread chats; a technician their
 * assigned open orders and today's visits; a customer contact their open
 * orders, pending surveys, open tickets and any visit booked for today. Every figure links to the list
 * it counts (e.g. /tickets?priority=high), so the dashboard is where the
 * day's work starts. If the endpoint cannot answer, the page falls back to
 * counting the first page of the lists it can read and says so.
 */
import { Alert, Anchor, Badge, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Role } from '../api/auth';
import { api } from '../api/client';
import { type Dashboard, type StatusCount, type TodayAppointment, openTickets, useDashboard } from '../api/dashboard';
import { equipmentText } from '../api/orders';
import { useCompanyName } from '../api/settings';
import { TICKET_PRIORITIES } from '../api/tickets';
import { useCurrentUser } from '../components/RequireAuth';
import { PRIORITY_COLORS } from '../components/operations/PriorityBadge';
import { formatNumber, formatTime } from '../lib/format';
import { endSentence } from '../lib/text';

type Audience = 'staff' | 'technician' | 'customer';

function audienceOf(role: Role): Audience {
  return role === 'technician' ? 'technician' : role === 'customer' ? 'customer' : 'staff';
}

export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const companyName = useCompanyName(t('app.name'));
  useDocumentTitle(`${t('nav.home')} · ${companyName}`);
  const dashboard = useDashboard();
  const audience = audienceOf(user.role);

  return (
    <Stack maw={1000}>
      <Card withBorder padding="lg">
        <Stack gap="xs">
          <Title order={1} size="h2">
            {t('home.greeting', { name: user.name })}
          </Title>
          <Text>{endSentence(t('home.welcome', { company: companyName }))}</Text>
          <Group gap="xs">
            <Text size="sm" c="dimmed">
              {t('home.role')}:
            </Text>
            <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
          </Group>
        </Stack>
      </Card>
      {dashboard.isPending && <Loader aria-label={t('common.loading')} />}
      {dashboard.isSuccess && <DashboardView data={dashboard.data} audience={audience} />}
      {dashboard.isError && <FallbackSummary audience={audience} />}
    </Stack>
  );
}

/** One figure that links to the list it counts. */
function Figure({ label, value, to, testId }: { label: string; value: ReactNode; to: string; testId?: string }) {
  return (
    <Card withBorder component={Link} to={to} padding="md" style={{ textDecoration: 'none', color: 'inherit' }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="xl" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function DashboardView({ data, audience }: { data: Dashboard; audience: Audience }) {
  const { t, i18n } = useTranslation();
  const n = (value: number) => formatNumber(value, i18n.language, 0);
  const tickets = openTickets(data);
  const visits = data.appointments_today.length;

  return (
    <Stack component="section" aria-label={t('home.summary')}>
      {audience === 'staff' && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }}>
          <Figure label={t('home.openOrders')} value={n(data.open_orders)} to="/orders?state=open" testId="open-orders" />
          <Figure label={t('home.openTickets')} value={n(tickets)} to="/tickets" testId="open-tickets" />
          <Figure label={t('operationsArea.dashboard.appointmentsToday')} value={n(visits)} to="/appointments" testId="appointments-today" />
          <Figure label={t('operationsArea.dashboard.unreadChats')} value={n(data.unread_chats)} to="/tickets" testId="unread-chats" />
        </SimpleGrid>
      )}
      {audience === 'technician' && (
        <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
          <Figure label={t('operationsArea.dashboard.myOpenOrders')} value={n(data.open_orders)} to="/my-orders" testId="open-orders" />
          <Figure label={t('operationsArea.dashboard.visitsToday')} value={n(visits)} to="/appointments" testId="appointments-today" />
          <Figure label={t('operationsArea.dashboard.unreadChats')} value={n(data.unread_chats)} to="/tickets" testId="unread-chats" />
        </SimpleGrid>
      )}
      {audience === 'customer' && (
        <SimpleGrid cols={{ base: 1, xs: 3 }}>
          <Figure label={t('operationsArea.dashboard.myOpenOrders')} value={n(data.open_orders)} to="/orders?state=open" testId="open-orders" />
          <Figure label={t('operationsArea.dashboard.pendingSurveys')} value={n(data.pending_surveys)} to="/surveys" testId="pending-surveys" />
          <Figure label={t('operationsArea.dashboard.myOpenTickets')} value={n(tickets)} to="/tickets" testId="open-tickets" />
        </SimpleGrid>
      )}

      {audience === 'technician' && (
        <BigLink to="/my-orders">{t('operationsArea.dashboard.goToMyOrders')}</BigLink>
      )}

      <SimpleGrid cols={{ base: 1, md: audience === 'staff' ? 2 : 1 }}>
        {audience !== 'technician' && data.open_orders_by_status.length > 0 && (
          <StatusCounts
            id="by-status-title"
            title={t('operationsArea.dashboard.ordersByStatus')}
            counts={data.open_orders_by_status}
            param="status_id"
          />
        )}
        {audience === 'staff' && (data.open_orders_by_internal_status ?? []).length > 0 && (
          <StatusCounts
            id="by-internal-title"
            title={t('operationsArea.dashboard.ordersByInternalStatus')}
            counts={data.open_orders_by_internal_status ?? []}
            param="internal_status_id"
          />
        )}
        {audience === 'staff' && (
          <Card withBorder component="section" aria-labelledby="by-priority-title">
            <Title order={2} size="h4" mb="xs" id="by-priority-title">
              {t('operationsArea.dashboard.ticketsByPriority')}
            </Title>
            <Stack gap={4}>
              {TICKET_PRIORITIES.map((p) => {
                const count = data.open_tickets_by_priority.find((x) => x.priority === p)?.count ?? 0;
                return (
                  <Group key={p} justify="space-between" wrap="nowrap">
                    <Anchor component={Link} to={`/tickets?priority=${p}&state=not_closed`}>
                      {t(`tickets.priorities.${p}`)}
                    </Anchor>
                    <Badge color={PRIORITY_COLORS[p]} variant={count > 0 ? 'filled' : 'light'} size="lg" data-testid={`priority-${p}`}>
                      {n(count)}
                    </Badge>
                  </Group>
                );
              })}
            </Stack>
          </Card>
        )}
      </SimpleGrid>

      {(audience !== 'customer' || visits > 0) && (
        <TodayAppointments items={data.appointments_today} technician={audience === 'technician'} />
      )}
    </Stack>
  );
}

/**
 * Open orders counted by status; each row opens the open-orders list
 * filtered by that status (`param`: `status_id` for the public catalog,
 * `internal_status_id` for the internal one). The "no status" row opens the
 * whole open list, since the list has no "without status" filter.
 */
function StatusCounts({
  id,
  title,
  counts,
  param,
}: {
  id: string;
  title: string;
  counts: StatusCount[];
  param: 'status_id' | 'internal_status_id';
}) {
  const { t, i18n } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby={id}>
      <Title order={2} size="h4" mb="xs" id={id}>
        {title}
      </Title>
      <Stack gap={4}>
        {counts.map((s) => (
          <Group key={s.status_id ?? 'none'} justify="space-between" wrap="nowrap">
            <Anchor
              component={Link}
              to={s.status_id ? `/orders?state=open&${param}=${encodeURIComponent(s.status_id)}` : '/orders?state=open'}
            >
              {s.status_name ?? t('operationsArea.dashboard.noStatus')}
            </Anchor>
            <Badge variant="light" size="lg">
              {formatNumber(s.count, i18n.language, 0)}
            </Badge>
          </Group>
        ))}
      </Stack>
    </Card>
  );
}

/** A full-width link styled as a large button (the technician's way into their work). */
function BigLink({ to, children }: { to: string; children: ReactNode }) {
  return (
    <Card withBorder component={Link} to={to} padding="md" bg="blue.6" c="white" ta="center" fw={700} style={{ textDecoration: 'none' }}>
      {children}
    </Card>
  );
}

const STATE_COLORS: Record<string, string> = {
  proposed: 'grape',
  scheduled: 'blue',
  confirmed: 'green',
  rescheduled: 'yellow',
  reschedule_requested: 'orange',
  cancelled: 'gray',
  done: 'teal',
};
const KNOWN_APPOINTMENT_STATES = ['proposed', 'scheduled', 'confirmed', 'rescheduled', 'reschedule_requested', 'cancelled', 'done'] as const;

function machine(a: TodayAppointment): string {
  return a.equipment ?? equipmentText({ brand: a.equipment_brand, model: a.equipment_model, serial: a.equipment_serial });
}

function TodayAppointments({ items, technician }: { items: TodayAppointment[]; technician: boolean }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => formatTime(iso, i18n.language);
  const title = technician ? t('operationsArea.dashboard.visitsToday') : t('operationsArea.dashboard.appointmentsToday');
  return (
    <Card withBorder component="section" aria-labelledby="today-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="today-title">
          {title}
        </Title>
        <Anchor component={Link} to="/appointments" size="sm">
          {t('operationsArea.dashboard.allAppointments')}
        </Anchor>
      </Group>
      {items.length === 0 ? (
        <Text c="dimmed">{t('operationsArea.dashboard.noAppointments')}</Text>
      ) : (
        <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {items.map((a) => (
            <li key={a.id}>
              <Card withBorder padding="sm">
                <Group justify="space-between" align="flex-start" gap="xs">
                  <Stack gap={2}>
                    <Anchor component={Link} to={`/appointments/${a.id}`} fw={600}>
                      {time(a.starts_at)}–{time(a.ends_at)} · {a.customer_name}
                    </Anchor>
                    {machine(a) && <Text size="sm">{machine(a)}</Text>}
                    <Text size="sm" c="dimmed">
                      {[a.place, a.technician_name].filter(Boolean).join(' · ')}
                    </Text>
                  </Stack>
                  <Badge color={STATE_COLORS[a.state] ?? 'gray'} variant="light">
                    {(KNOWN_APPOINTMENT_STATES as readonly string[]).includes(a.state)
                      ? t(`operationsArea.appointmentStates.${a.state as (typeof KNOWN_APPOINTMENT_STATES)[number]}`)
                      : a.state}
                  </Badge>
                </Group>
              </Card>
            </li>
          ))}
        </Stack>
      )}
    </Card>
  );
}

/** "12" or "100+" from the first page of a list. */
function useCount(url: string, enabled = true) {
  return useQuery({
    queryKey: ['count', url],
    queryFn: async ({ signal }) => {
      const page = await api.get<{ items: unknown[]; next_cursor?: string | null } | unknown[]>(url, signal);
      if (Array.isArray(page)) return String(page.length);
      return page.next_cursor ? `${page.items.length}+` : String(page.items.length);
    },
    enabled,
    retry: false,
  });
}

/** Without the dashboard endpoint: count what the caller can list. */
function FallbackSummary({ audience }: { audience: Audience }) {
  const { t } = useTranslation();
  const orders = useCount(audience === 'technician' ? '/api/v1/me/orders?limit=100' : '/api/v1/orders?state=open&limit=100');
  const tickets = useCount('/api/v1/tickets?not_closed=true&limit=100', audience !== 'technician');
  const shown = (q: { data?: string; isError: boolean }) => q.data ?? (q.isError ? '—' : '…');
  return (
    <Stack component="section" aria-label={t('home.summary')}>
      <Alert color="gray" variant="light">
        {t('operationsArea.dashboard.partial')}
      </Alert>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <Figure
          label={audience === 'staff' ? t('home.openOrders') : t('operationsArea.dashboard.myOpenOrders')}
          value={shown(orders)}
          to={audience === 'technician' ? '/my-orders' : '/orders?state=open'}
          testId="open-orders"
        />
        {audience !== 'technician' && (
          <Figure label={t('home.openTickets')} value={shown(tickets)} to="/tickets?state=not_closed" testId="open-tickets" />
        )}
      </SimpleGrid>
    </Stack>
  );
}
