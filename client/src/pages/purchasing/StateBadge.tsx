/** A purchase order's state as a coloured, translated badge. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { PurchaseOrderState } from '../../api/purchasing';

const COLORS: Record<PurchaseOrderState, string> = {
  draft: 'gray',
  sent: 'blue',
  partially_received: 'yellow',
  received: 'green',
  closed_short: 'orange',
  cancelled: 'red',
};

export function StateBadge({ state }: { state: PurchaseOrderState }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state]} variant="light" data-testid="po-state">
      {t(`purchasingArea.orders.states.${state}`)}
    </Badge>
  );
}
