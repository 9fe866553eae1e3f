/** A ticket priority as a colored badge (high red, medium orange, low gray). */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { TicketPriority } from '../../api/tickets';

export const PRIORITY_COLORS: Record<TicketPriority, string> = { high: 'red', medium: 'orange', low: 'gray' };

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  const { t } = useTranslation();
  return (
    <Badge color={PRIORITY_COLORS[priority] ?? 'gray'} variant="light">
      {t(`tickets.priorities.${priority}`)}
    </Badge>
  );
}
