/**
 * The payments of one order on its page: each with its receipt, the office
 * registers new ones, and master deletes (reverses) one with a reason. A
 * reversed payment stays listed for staff, struck through, with "Anulado por
 * … el … · Motivo: …"; its amount is back in the balance and its receipt says
 * it was reversed. (Moved out of OrderDetailPage, which only places it.)
 */
import { Alert, Anchor, Badge, Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { type Payment, receiptUrl } from '../../api/records';
import { useErrorMessage } from '../../i18n/errors';
import { formatDay } from '../../lib/day';
import { formatMoney } from '../../lib/format';
import { MONEY_SHAPE, normaliseDecimal } from '../operations/fieldErrors';
import { PaymentReversalDialog } from './PaymentReversalDialog';
import { ReversedNote } from './ReversedNote';

type MethodList = { id: string; name: string; active: boolean }[];

export function OrderPaymentsSection({
  orderId,
  currency,
  canRegister,
  canReverse,
  onDone,
}: {
  orderId: string;
  currency: string;
  canRegister: boolean;
  /** Master only: delete (reverse) a payment. */
  canReverse: boolean;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const payments = useQuery({
    queryKey: ['order', orderId, 'payments'],
    queryFn: ({ signal }) => api.get<{ items: Payment[] }>(`/api/v1/orders/${orderId}/payments`, signal),
  });
  const methods = useQuery({
    queryKey: ['payment-methods'],
    queryFn: ({ signal }) => api.get<MethodList | { items: MethodList }>('/api/v1/payment-methods', signal),
    enabled: canRegister,
  });
  const methodList = methods.data ? (Array.isArray(methods.data) ? methods.data : methods.data.items) : [];
  const [amount, setAmount] = useState('');
  const [methodId, setMethodId] = useState<string | null>(null);
  const [reference, setReference] = useState('');
  const [amountError, setAmountError] = useState<string | null>(null);
  const [reversing, setReversing] = useState<Payment | null>(null);
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ['order', orderId, 'payments'] });
    void queryClient.invalidateQueries({ queryKey: ['payments'] });
    onDone();
  };
  const register = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/payments`, { amount: normaliseDecimal(amount), method_id: methodId, reference }),
    onSuccess: () => {
      setAmount('');
      setReference('');
      notifications.show({ color: 'green', message: t('operationsArea.payments.registered') });
      changed();
    },
  });
  const items = payments.data?.items ?? [];
  return (
    <section aria-labelledby="payments-title">
      <Title order={2} size="h4" mb="xs" id="payments-title">
        {t('orders.payments')}
      </Title>
      {items.length === 0 ? (
        <Text c="dimmed">{t('orders.noPayments')}</Text>
      ) : (
        <Stack gap="xs">
          {items.map((p) => (
            <Card key={p.id} withBorder padding="xs" component="article" aria-label={`${t('recordsArea.cash.receipt')} ${p.number}`} data-reversed={p.deleted_at ? 'true' : undefined}>
              <Group justify="space-between" gap="xs" wrap="wrap">
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} td={p.deleted_at ? 'line-through' : undefined}>
                    {p.number}
                  </Text>
                  <Text size="sm">{formatDay(p.paid_on, lang)}</Text>
                  <Text size="sm">
                    {p.method_name}
                    {p.reference ? ` · ${p.reference}` : ''}
                  </Text>
                  {p.deleted_at && (
                    <Badge color="red" variant="light" size="sm">
                      {t('recordsArea.cash.reversed')}
                    </Badge>
                  )}
                </Group>
                <Group gap="xs" wrap="wrap">
                  <Text fw={600} td={p.deleted_at ? 'line-through' : undefined}>
                    {formatMoney(p.amount, currency, lang)}
                  </Text>
                  <Anchor href={receiptUrl(p.id)} target="_blank" rel="noopener" aria-label={t('recordsArea.cash.openReceipt', { number: p.number })}>
                    {t('orders.receipt')}
                  </Anchor>
                  {canReverse && !p.deleted_at && (
                    <Button size="compact-sm" color="red" variant="light" onClick={() => setReversing(p)} aria-label={t('recordsArea.reverse.buttonLabel', { number: p.number })}>
                      {t('recordsArea.reverse.button')}
                    </Button>
                  )}
                </Group>
              </Group>
              <ReversedNote payment={p} />
            </Card>
          ))}
        </Stack>
      )}
      {canRegister && (
        <form
          aria-label={t('orders.registerPayment')}
          onSubmit={(e) => {
            e.preventDefault();
            const value = normaliseDecimal(amount);
            if (!MONEY_SHAPE.test(value) || Number(value) <= 0) {
              setAmountError(t('operationsArea.validation.moneyInvalid'));
              return;
            }
            setAmountError(null);
            register.mutate();
          }}
        >
          <Group align="flex-end" gap="xs" mt="xs">
            <TextInput label={t('orders.amount')} value={amount} onChange={(e) => setAmount(e.currentTarget.value)} required w={{ base: '100%', xs: 140 }} inputMode="decimal" error={amountError} />
            <Select
              label={t('orders.method')}
              value={methodId}
              onChange={setMethodId}
              required
              data={methodList.filter((m) => m.active !== false).map((m) => ({ value: m.id, label: m.name }))}
              w={{ base: '100%', xs: 180 }}
            />
            <TextInput label={t('orders.reference')} value={reference} onChange={(e) => setReference(e.currentTarget.value)} w={{ base: '100%', xs: 160 }} />
            <Button type="submit" loading={register.isPending}>
              {t('orders.registerPayment')}
            </Button>
          </Group>
          {register.isError && (
            <Alert color="red" role="alert" mt="xs">
              {errorMessage(register.error)}
            </Alert>
          )}
        </form>
      )}
      {reversing && (
        <PaymentReversalDialog
          payment={reversing}
          currency={currency}
          onClose={() => setReversing(null)}
          onReversed={() => {
            setReversing(null);
            changed();
          }}
        />
      )}
    </section>
  );
}
