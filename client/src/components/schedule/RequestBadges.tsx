/** Coloured, translated badges for a maintenance request's state and priority. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Priority, RequestState } from '../../api/schedule';

const STATE_COLORS: Record<RequestState, string> = { new: 'blue', triaged: 'orange', converted: 'green', rejected: 'gray' };
const PRIORITY_COLORS: Record<Priority, string> = { high: 'red', medium: 'yellow', low: 'gray' };

export function RequestStateBadge({ state }: { state: RequestState }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATE_COLORS[state]} variant="light">
      {t(`requestsArea.states.${state}`)}
    </Badge>
  );
}

export function PriorityBadge({ priority }: { priority: Priority }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRIORITY_COLORS[priority]} variant="outline">
      {t('requestsArea.priorityValue', { priority: t(`requestsArea.priorities.${priority}`) })}
    </Badge>
  );
}
