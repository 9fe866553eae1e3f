/** The line under a reversed payment, on the cash desk and the order page. */
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Payment } from '../../api/records';
import { formatDateTime } from '../../lib/format';

/** "Anulado por … el … · Motivo: …" under a reversed payment. */
export function ReversedNote({ payment }: { payment: Pick<Payment, 'deleted_at' | 'deleted_by_name' | 'delete_reason'> }) {
  const { t, i18n } = useTranslation();
  if (!payment.deleted_at) return null;
  return (
    <Text size="xs" c="red" style={{ overflowWrap: 'anywhere' }}>
      {t('recordsArea.cash.reversedBy', { name: payment.deleted_by_name ?? '', date: formatDateTime(payment.deleted_at, i18n.language) })}
      {payment.delete_reason ? ` · ${t('recordsArea.cash.reason', { reason: payment.delete_reason })}` : ''}
    </Text>
  );
}

