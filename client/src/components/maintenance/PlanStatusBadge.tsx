/** The coloured, translated standing of a machine against its plan: Al día / Próximo / Vencido. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PlanStatus } from '../../api/servicePlans';

const COLORS: Record<PlanStatus, string> = { ok: 'green', due_soon: 'yellow', overdue: 'red' };

export function PlanStatusBadge({ status, size = 'sm' }: { status: PlanStatus; size?: 'xs' | 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[status]} size={size} variant="light" data-testid="plan-status">
      {t(`maintenanceArea.status.${status}`)}
    </Badge>
  );
}
