/**
 * Office controls on an order: assign its technicians, edit its data
 * (machine, reason, service value, promised date), deactivate or reactivate
 * it, and rotate its QR link (the printed QR stops working). Which of them
 * show depends on the role (see ./permissions.ts); the server checks again.
 */
import { Alert, Badge, Button, Card, Group, MultiSelect, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Order,
  equipmentText,
  fetchCustomerEquipment,
  fetchTechnicians,
  rotateOrderQr,
  setOrderActive,
  setOrderTechnicians,
  updateOrder,
} from '../../api/orders';
import { useErrorMessage } from '../../i18n/errors';
import { MONEY_SHAPE, blames, normaliseDecimal } from './fieldErrors';
import { fromZonedInput, toZonedInput } from '../../lib/format';

/** The assigned technicians, with a picker for those who may change them and list users. */
export function OrderTechnicians({ order, canEdit, onDone }: { order: Order; canEdit: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [editing, setEditing] = useState(false);
  const [ids, setIds] = useState<string[]>(order.technicians.map((x) => x.id));
  const technicians = useQuery({
    queryKey: ['users', 'technicians'],
    queryFn: ({ signal }) => fetchTechnicians(signal),
    enabled: editing,
  });
  const save = useMutation({
    mutationFn: () => setOrderTechnicians(order.id, ids),
    onSuccess: () => {
      setEditing(false);
      notifications.show({ color: 'green', message: t('operationsArea.technicians.saved') });
      onDone();
    },
  });
  // Keep technicians assigned earlier (maybe deactivated since) visible as options.
  const options = [
    ...(technicians.data ?? []).map((u) => ({ value: u.id, label: u.name })),
    ...order.technicians
      .filter((x) => !(technicians.data ?? []).some((u) => u.id === x.id))
      .map((x) => ({ value: x.id, label: x.name })),
  ];
  return (
    <section aria-labelledby="techs-title">
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4" id="techs-title">
          {t('operationsArea.technicians.label')}
        </Title>
        {canEdit && !editing && (
          <Button
            variant="default"
            onClick={() => {
              setIds(order.technicians.map((x) => x.id));
              setEditing(true);
            }}
          >
            {t('operationsArea.technicians.change')}
          </Button>
        )}
      </Group>
      {!editing &&
        (order.technicians.length === 0 ? (
          <Text c="dimmed">{t('operationsArea.technicians.unassigned')}</Text>
        ) : (
          <Group gap="xs">
            {order.technicians.map((x) => (
              <Badge key={x.id} variant="light" size="lg">
                {x.name}
              </Badge>
            ))}
          </Group>
        ))}
      {editing && (
        <form
          aria-label={t('operationsArea.technicians.change')}
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <Stack gap="sm">
            <MultiSelect
              label={t('operationsArea.technicians.label')}
              searchable
              clearable
              value={ids}
              onChange={setIds}
              data={options}
              nothingFoundMessage={t('operationsArea.technicians.none')}
              error={technicians.isError ? errorMessage(technicians.error) : undefined}
            />
            {save.isError && (
              <Alert color="red" role="alert">
                {errorMessage(save.error)}
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={save.isPending}>
                {t('operationsArea.save')}
              </Button>
              <Button variant="default" onClick={() => setEditing(false)}>
                {t('operationsArea.cancel')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </section>
  );
}

/** `datetime-local` value (the company's wall clock) for an RFC 3339 timestamp. */
const toLocalInput = (iso?: string | null): string => toZonedInput(iso);

/** Edit the order's data (PUT /api/v1/orders/{id}); technicians are left as they are. */
export function EditOrderForm({ order, onDone, onCancel }: { order: Order; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [equipmentId, setEquipmentId] = useState<string | null>(order.equipment_id ?? null);
  const [reason, setReason] = useState(order.reason);
  const [serviceValue, setServiceValue] = useState(order.service_value);
  const [promisedAt, setPromisedAt] = useState(toLocalInput(order.promised_at));
  const [errors, setErrors] = useState<{ reason?: string; serviceValue?: string; promisedAt?: string; equipmentId?: string }>({});
  const equipment = useQuery({
    queryKey: ['customers', order.customer_id, 'equipment'],
    queryFn: ({ signal }) => fetchCustomerEquipment(order.customer_id, signal),
  });
  const save = useMutation({
    mutationFn: () =>
      updateOrder(order.id, {
        equipment_id: equipmentId,
        reason: reason.trim(),
        service_value: normaliseDecimal(serviceValue),
        promised_at: promisedAt ? fromZonedInput(promisedAt) : null,
      }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('operationsArea.editOrder.saved') });
      onDone();
    },
    onError: (err) => {
      const m = errorMessage(err);
      if (blames(err, 'reason')) setErrors({ reason: m });
      else if (blames(err, 'service_value')) setErrors({ serviceValue: m });
      else if (blames(err, 'promised_at')) setErrors({ promisedAt: m });
      else if (blames(err, 'equipment_id')) setErrors({ equipmentId: m });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const next: typeof errors = {};
    if (!reason.trim()) next.reason = t('operationsArea.validation.reasonRequired');
    if (!MONEY_SHAPE.test(normaliseDecimal(serviceValue))) next.serviceValue = t('operationsArea.validation.moneyInvalid');
    setErrors(next);
    if (Object.values(next).some(Boolean)) return;
    save.mutate();
  };
  const machines = (equipment.data ?? []).map((e) => ({ value: e.id, label: equipmentText(e) }));
  if (order.equipment_id && !machines.some((m) => m.value === order.equipment_id))
    machines.unshift({
      value: order.equipment_id,
      label: equipmentText({ brand: order.equipment_brand, model: order.equipment_model, serial: order.equipment_serial }),
    });
  return (
    <Card withBorder>
      <form aria-label={t('operationsArea.editOrder.title')} onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h4">
            {t('operationsArea.editOrder.title')}
          </Title>
          <Select
            label={t('orders.equipment')}
            clearable
            value={equipmentId}
            onChange={setEquipmentId}
            data={machines}
            error={errors.equipmentId}
          />
          <Textarea label={t('orders.reason')} required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} error={errors.reason} />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <TextInput
              label={t('orders.serviceValue')}
              required
              inputMode="decimal"
              value={serviceValue}
              onChange={(e) => setServiceValue(e.currentTarget.value)}
              error={errors.serviceValue}
            />
            <TextInput
              label={t('operationsArea.newOrder.promisedAt')}
              type="datetime-local"
              value={promisedAt}
              onChange={(e) => setPromisedAt(e.currentTarget.value)}
              error={errors.promisedAt}
            />
          </SimpleGrid>
          {save.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('operationsArea.save')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('operationsArea.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

/** Deactivate/reactivate and rotate the QR link, each behind a confirmation step. */
export function OrderManageActions({ order, onDone }: { order: Order; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [confirming, setConfirming] = useState<'active' | 'qr' | null>(null);
  const active = useMutation({
    mutationFn: () => setOrderActive(order.id, !order.active),
    onSuccess: (o) => {
      setConfirming(null);
      notifications.show({ color: 'green', message: o.active ? t('operationsArea.manage.reactivated') : t('operationsArea.manage.deactivated') });
      onDone();
    },
  });
  const qr = useMutation({
    mutationFn: () => rotateOrderQr(order.id),
    onSuccess: () => {
      setConfirming(null);
      notifications.show({ color: 'green', message: t('operationsArea.manage.qrRotated') });
      onDone();
    },
  });
  const failed = active.error ?? qr.error;
  return (
    <Stack gap="xs">
      <Group gap="xs">
        <Button variant="default" color={order.active ? 'red' : undefined} onClick={() => setConfirming('active')} aria-expanded={confirming === 'active'}>
          {order.active ? t('operationsArea.manage.deactivate') : t('operationsArea.manage.reactivate')}
        </Button>
        {order.active && (
          <Button variant="default" onClick={() => setConfirming('qr')} aria-expanded={confirming === 'qr'}>
            {t('operationsArea.manage.rotateQr')}
          </Button>
        )}
      </Group>
      {confirming && (
        <Alert color="yellow" title={t('operationsArea.manage.confirmTitle')}>
          <Stack gap="xs">
            <Text size="sm">
              {confirming === 'qr'
                ? t('operationsArea.manage.rotateQrWarning')
                : order.active
                  ? t('operationsArea.manage.deactivateWarning')
                  : t('operationsArea.manage.reactivateWarning')}
            </Text>
            <Group gap="xs">
              <Button
                color={confirming === 'qr' || !order.active ? undefined : 'red'}
                loading={confirming === 'qr' ? qr.isPending : active.isPending}
                onClick={() => (confirming === 'qr' ? qr.mutate() : active.mutate())}
              >
                {t('operationsArea.manage.confirm')}
              </Button>
              <Button variant="default" onClick={() => setConfirming(null)}>
                {t('operationsArea.cancel')}
              </Button>
            </Group>
          </Stack>
        </Alert>
      )}
      {failed && (
        <Alert color="red" role="alert">
          {errorMessage(failed)}
        </Alert>
      )}
    </Stack>
  );
}
