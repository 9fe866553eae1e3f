/**
 * Master deletes (reverses) a payment — the seed's "Si el usuario es MASTER,
 * puede eliminar cobranzas y retornar a la cuenta el monto de dicha
 * cobranza". The dialog says what will happen, asks for the reason (required:
 * it goes to the audit log and onto the receipt), and on success reports the
 * order's new balance. Other roles never see the button; the server refuses
 * them anyway.
 */
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Payment, type PaymentWithBalance, reversePayment } from '../../api/records';
import { useErrorMessage } from '../../i18n/errors';
import { formatMoney } from '../../lib/format';
import { blames } from '../operations/fieldErrors';

const MAX_REASON = 500;

export function PaymentReversalDialog({
  payment,
  currency,
  onClose,
  onReversed,
}: {
  payment: Pick<Payment, 'id' | 'number' | 'amount' | 'method_name' | 'order_number'>;
  currency: string;
  onClose: () => void;
  onReversed: (result: PaymentWithBalance) => void;
}) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const lang = i18n.language;
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reverse = useMutation({
    mutationFn: () => reversePayment(payment.id, reason.trim()),
    onSuccess: (result) => {
      notifications.show({
        color: 'green',
        message: t('recordsArea.reverse.done', { number: payment.number, balance: formatMoney(result.balance.balance, currency, lang) }),
      });
      onReversed(result);
    },
    onError: (err) => {
      if (blames(err, 'reason')) setReasonError(errorMessage(err));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonError(t('recordsArea.reverse.reasonRequired'));
    setReasonError(null);
    reverse.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('recordsArea.reverse.title', { number: payment.number })} centered>
      <form onSubmit={submit} noValidate aria-label={t('recordsArea.reverse.title', { number: payment.number })}>
        <Stack>
          <Text>
            {t('recordsArea.reverse.body', {
              amount: formatMoney(payment.amount, currency, lang),
              method: payment.method_name,
              order: payment.order_number,
            })}
          </Text>
          <Textarea
            label={t('recordsArea.reverse.reason')}
            description={t('recordsArea.reverse.reasonHint')}
            required
            autosize
            minRows={2}
            maxLength={MAX_REASON}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            data-autofocus
          />
          {reverse.isError && !reasonError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(reverse.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={reverse.isPending}>
              {t('recordsArea.common.cancel')}
            </Button>
            <Button type="submit" color="red" loading={reverse.isPending}>
              {t('recordsArea.reverse.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
