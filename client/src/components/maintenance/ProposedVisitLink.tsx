/** The visit proposed for a plan's current cycle: its state and a link to /appointments/{id}. */
import { Anchor, Group, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { ProposedVisit } from '../../api/servicePlans';
import { formatDateTime } from '../../lib/format';
import { AppointmentStateBadge } from '../schedule/AppointmentStateBadge';

export function ProposedVisitLink({ visit }: { visit: ProposedVisit | null }) {
  const { t, i18n } = useTranslation();
  if (!visit) {
    return (
      <Text size="sm" c="dimmed">
        {t('maintenanceArea.plan.noProposal')}
      </Text>
    );
  }
  return (
    <Group gap="xs" wrap="wrap">
      <AppointmentStateBadge state={visit.state} />
      <Anchor component={Link} to={`/appointments/${visit.id}`} size="sm">
        {t('maintenanceArea.plan.proposalLink', { date: formatDateTime(visit.starts_at, i18n.language) })}
      </Anchor>
    </Group>
  );
}
