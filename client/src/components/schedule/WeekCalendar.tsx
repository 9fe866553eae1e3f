/**
 * A week of appointments: seven day columns on wide screens, a list of days
 * on phones (the same markup; the grid collapses to one column). Each day is
 * a labelled section so screen readers can jump between days, and each
 * appointment is a real link to its detail page, so the calendar is fully
 * keyboard navigable.
 */
import { Anchor, Card, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Appointment, addDays, appointmentEquipment, appointmentsOn, companyToday, dayKey, formatTime, sameDay } from '../../api/schedule';
import { formatCalendarDay } from '../../lib/format';
import { AppointmentStateBadge } from './AppointmentStateBadge';

export function WeekCalendar({ weekStart, appointments }: { weekStart: Date; appointments: readonly Appointment[] }) {
  const { t, i18n } = useTranslation();
  const today = companyToday();
  const days = Array.from({ length: 7 }, (_, i) => addDays(weekStart, i));
  return (
    <SimpleGrid cols={{ base: 1, md: 7 }} spacing="xs" data-testid="week-calendar">
      {days.map((day) => {
        const items = appointmentsOn(appointments, day);
        const isToday = sameDay(day, today);
        const headingId = `day-${dayKey(day)}`;
        return (
          <Paper
            key={dayKey(day)}
            component="section"
            aria-labelledby={headingId}
            withBorder
            p="xs"
            bg={isToday ? 'var(--mantine-color-blue-light)' : undefined}
          >
            <Title order={2} size="h6" id={headingId} mb={4}>
              {formatCalendarDay(day, i18n.language, { weekday: 'long', day: 'numeric', month: 'short' })}
              {isToday && <Text span size="xs" c="blue" ml={4}>({t('appointmentsArea.today')})</Text>}
            </Title>
            {items.length === 0 ? (
              <Text size="xs" c="dimmed">
                {t('appointmentsArea.noneThisDay')}
              </Text>
            ) : (
              <Stack gap={6}>
                {items.map((a) => (
                  <AppointmentCard key={a.id} appointment={a} />
                ))}
              </Stack>
            )}
          </Paper>
        );
      })}
    </SimpleGrid>
  );
}

/**
 * One appointment in the calendar: time, customer, equipment (from the
 * appointment's own brand/model/serial, so every role sees it), technician
 * and state.
 */
export function AppointmentCard({ appointment: a }: { appointment: Appointment }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const equipment = a.equipment_id ? appointmentEquipment(a) || t('appointmentsArea.equipmentLinked') : '';
  return (
    <Card withBorder padding={6} radius="sm" data-testid="appointment-card">
      <Stack gap={2}>
        <Anchor component={Link} to={`/appointments/${a.id}`} fw={600} size="sm">
          {formatTime(a.starts_at, lang)}–{formatTime(a.ends_at, lang)} · {a.customer_name}
        </Anchor>
        {equipment && (
          <Text size="xs">
            {t('appointmentsArea.equipment')}: {equipment}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('appointmentsArea.technician')}: {a.technician_name ?? t('appointmentsArea.unassigned')}
        </Text>
        <div>
          <AppointmentStateBadge state={a.state} size="xs" />
        </div>
      </Stack>
    </Card>
  );
}
