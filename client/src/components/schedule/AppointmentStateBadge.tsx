/** The coloured, translated state of an appointment (scheduled, confirmed, …). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppointmentState } from '../../api/schedule';

const COLORS: Record<AppointmentState, string> = {
  proposed: 'grape',
  scheduled: 'blue',
  confirmed: 'green',
  rescheduled: 'orange',
  reschedule_requested: 'yellow',
  cancelled: 'gray',
  done: 'teal',
};

export function AppointmentStateBadge({ state, size = 'sm' }: { state: AppointmentState; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state]} size={size} variant="light">
      {t(`appointmentsArea.states.${state}`)}
    </Badge>
  );
}
