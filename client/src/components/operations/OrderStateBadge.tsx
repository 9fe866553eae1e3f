/** The colored badge for an order's state: open, closed or deactivated. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { OrderState } from '../../api/orders';

const COLORS: Record<OrderState, string> = { open: 'green', closed: 'gray', deactivated: 'red' };

export function OrderStateBadge({ state }: { state: OrderState }) {
  const { t } = useTranslation();
  return (
    <Badge color={COLORS[state] ?? 'gray'} variant={state === 'open' ? 'filled' : 'light'}>
      {t(`operationsArea.orderStates.${state}`)}
    </Badge>
  );
}
