/** A small badge shown while the real-time connection is not up. */
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ConnectionState } from './client';

export function ReconnectingBadge({ state }: { state: ConnectionState }) {
  const { t } = useTranslation();
  if (state === 'connected') return null;
  return (
    <Badge color="orange" variant="light" role="status" aria-live="polite" data-testid="reconnecting">
      {t('realtime.reconnecting')}
    </Badge>
  );
}
