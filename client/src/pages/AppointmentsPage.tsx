/**
 * /appointments — the schedule of technicians' visits to customers' machines.
 *
 * A week calendar (seven columns on desktop, a list of days on phones) with
 * previous/next week and "today" buttons, or a plain list; the week shown
 * lives in the URL (`?week=YYYY-MM-DD`, its Monday) so it survives a reload
 * and can be shared. Each view asks the server only for its window
 * (`?from=&to=`): the calendar for the week shown (the query key holds the
 * week, so weeks are cached apart), the list for the last 30 and the next 90
 * days (said on screen, since older visits are left out). The server scopes the
 * list to what the caller may see (a technician their own visits, a customer
 * their company's). Staff who may schedule book new appointments here; moving,
 * cancelling, confirming and completing happen on the detail page.
 */
import { Alert, Anchor, Button, Group, Loader, NativeSelect, SegmentedControl, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMe } from '../api/auth';
import {
  APPOINTMENT_LIST_LIMIT,
  APPOINTMENT_STATES,
  type Appointment,
  addDays,
  companyToday,
  dayStartsAt,
  appointmentEquipment,
  appointmentsRangeKey,
  canSchedule,
  dayKey,
  fetchAppointments,
  listWindow,
  parseDayKey,
  startOfWeek,
  weekWindow,
} from '../api/schedule';
import { formatCalendarDay, formatDate, formatDateTime } from '../lib/format';
import { AppointmentForm } from '../components/schedule/AppointmentForm';
import { AppointmentStateBadge } from '../components/schedule/AppointmentStateBadge';
import { WeekCalendar } from '../components/schedule/WeekCalendar';
import { useErrorMessage } from '../i18n/errors';

type View = 'week' | 'list';

export function AppointmentsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(`${t('appointmentsArea.title')} · ${t('app.name')}`);
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const me = useMe();
  const role = me.data?.role;
  const [params, setParams] = useSearchParams();
  const view: View = params.get('view') === 'list' ? 'list' : 'week';
  const weekStart = startOfWeek(parseDayKey(params.get('week')) ?? companyToday());
  const [booking, setBooking] = useState(false);
  const [stateFilter, setStateFilter] = useState('');
  const range = view === 'week' ? weekWindow(weekStart) : listWindow(new Date());
  const list = useQuery({
    queryKey: appointmentsRangeKey(range),
    queryFn: ({ signal }) => fetchAppointments(range, signal),
  });

  const update = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    setParams(next, { replace: true });
  };
  const goToWeek = (d: Date) => update({ week: dayKey(startOfWeek(d)) });

  const lang = i18n.language;
  const weekEnd = addDays(weekStart, 6);
  const weekLabel = `${formatCalendarDay(weekStart, lang, { dateStyle: 'medium' })} – ${formatCalendarDay(weekEnd, lang, { dateStyle: 'medium' })}`;
  const all = list.data ?? [];
  // The server answers what overlaps the week (a visit that began the week
  // before included); the calendar shows each on every day it takes place.
  const weekEndsAt = dayStartsAt(addDays(weekStart, 7));
  const inWeek = all.filter(
    (a) => new Date(a.starts_at).getTime() < weekEndsAt && new Date(a.ends_at).getTime() > dayStartsAt(weekStart),
  );
  const listRange = {
    from: formatDate(range.from, lang),
    to: formatDate(addDays(new Date(range.to), -1).toISOString(), lang),
  };

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {t('appointmentsArea.title')}
        </Title>
        {role && canSchedule(role) && (
          <Button onClick={() => setBooking((v) => !v)} aria-expanded={booking}>
            {t('appointmentsArea.new')}
          </Button>
        )}
      </Group>
      {booking && role && (
        <AppointmentForm
          role={role}
          onDone={(a) => {
            setBooking(false);
            navigate(`/appointments/${a.id}`);
          }}
        />
      )}
      <Group justify="space-between" align="flex-end" gap="sm">
        <SegmentedControl
          aria-label={t('appointmentsArea.view')}
          value={view}
          onChange={(v) => update({ view: v === 'list' ? 'list' : null })}
          data={[
            { value: 'week', label: t('appointmentsArea.weekView') },
            { value: 'list', label: t('appointmentsArea.listView') },
          ]}
        />
        {view === 'week' ? (
          <Group gap="xs" role="group" aria-label={t('appointmentsArea.weekNavigation')}>
            <Button variant="default" onClick={() => goToWeek(addDays(weekStart, -7))}>
              <span aria-hidden>‹</span>
              <VisuallyHidden>{t('appointmentsArea.previousWeek')}</VisuallyHidden>
            </Button>
            <Button variant="default" onClick={() => update({ week: null })}>
              {t('appointmentsArea.today')}
            </Button>
            <Button variant="default" onClick={() => goToWeek(addDays(weekStart, 7))}>
              <span aria-hidden>›</span>
              <VisuallyHidden>{t('appointmentsArea.nextWeek')}</VisuallyHidden>
            </Button>
          </Group>
        ) : (
          <NativeSelect
            label={t('appointmentsArea.state')}
            value={stateFilter}
            onChange={(e) => setStateFilter(e.currentTarget.value)}
            data={[
              { value: '', label: t('appointmentsArea.allStates') },
              ...APPOINTMENT_STATES.map((s) => ({ value: s, label: t(`appointmentsArea.states.${s}`) })),
            ]}
            w={200}
          />
        )}
      </Group>
      {view === 'week' ? (
        <Text fw={600} aria-live="polite" data-testid="week-label">
          {t('appointmentsArea.weekOf', { range: weekLabel })}
        </Text>
      ) : (
        <Text size="sm" c="dimmed" data-testid="list-window">
          {t('appointmentsArea.listWindow', listRange)}
        </Text>
      )}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && list.data.length >= APPOINTMENT_LIST_LIMIT && (
        <Alert color="yellow">{t('appointmentsArea.truncated', { count: APPOINTMENT_LIST_LIMIT })}</Alert>
      )}
      {list.data && view === 'week' && (
        <>
          {inWeek.length === 0 && <Text c="dimmed">{t('appointmentsArea.emptyWeek')}</Text>}
          <WeekCalendar weekStart={weekStart} appointments={inWeek} />
        </>
      )}
      {list.data && view === 'list' && (
        <AppointmentList appointments={all.filter((a) => !stateFilter || a.state === stateFilter)} />
      )}
    </Stack>
  );
}

function AppointmentList({ appointments }: { appointments: Appointment[] }) {
  const { t, i18n } = useTranslation();
  if (appointments.length === 0) return <Text c="dimmed">{t('common.empty')}</Text>;
  const sorted = [...appointments].sort((a, b) => new Date(a.starts_at).getTime() - new Date(b.starts_at).getTime());
  return (
    <Table.ScrollContainer minWidth={680}>
      <Table striped highlightOnHover>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('appointmentsArea.when')}</Table.Th>
            <Table.Th>{t('appointmentsArea.customer')}</Table.Th>
            <Table.Th>{t('appointmentsArea.equipment')}</Table.Th>
            <Table.Th>{t('appointmentsArea.technician')}</Table.Th>
            <Table.Th>{t('appointmentsArea.place')}</Table.Th>
            <Table.Th>{t('appointmentsArea.state')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sorted.map((a) => (
            <Table.Tr key={a.id}>
              <Table.Td>
                <Anchor component={Link} to={`/appointments/${a.id}`}>
                  {formatDateTime(a.starts_at, i18n.language)}
                </Anchor>
              </Table.Td>
              <Table.Td>{a.customer_name}</Table.Td>
              <Table.Td>{a.equipment_id ? appointmentEquipment(a) || t('appointmentsArea.equipmentLinked') : '—'}</Table.Td>
              <Table.Td>{a.technician_name ?? t('appointmentsArea.unassigned')}</Table.Td>
              <Table.Td>{a.place}</Table.Td>
              <Table.Td>
                <AppointmentStateBadge state={a.state} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
