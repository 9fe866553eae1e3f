/**
 * /orders/new — the front desk opens a service order: the customer (an
 * existing one, searched, or a new one created inline with its tax id
 * checked by the server), the machine (one of the customer's, a new one, or
 * none), the reason, the agreed service value, an optional promised date,
 * the first public status and the technicians. Everything is created in one
 * request (`POST /api/v1/orders`, in one server transaction): the first
 * status travels as `status_id` and the server records it as the order's
 * first public timeline event, so a refused status creates nothing.
 * Only roles allowed to create orders (master, admin, operator, seller) get here
 * from the orders list.
 */
import { Alert, Button, Card, Group, MultiSelect, SegmentedControl, Select, SimpleGrid, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import {
  type OrderInput,
  createOrder,
  fetchCustomerEquipment,
  fetchOrderStatuses,
  fetchTechnicians,
} from '../api/orders';
import { useCurrentUser } from '../components/RequireAuth';
import { CustomerPicker } from '../components/operations/CustomerPicker';
import { useIsPhone } from '../components/operations/useIsPhone';
import { MONEY_SHAPE, blames, normaliseDecimal } from '../components/operations/fieldErrors';
import { canCreateOrders, canListUsers, canWorkOrders } from '../components/operations/permissions';
import { useErrorMessage } from '../i18n/errors';
import { fromZonedInput } from '../lib/format';

type CustomerMode = 'existing' | 'new';
type EquipmentMode = 'none' | 'existing' | 'new';

interface Form {
  customerId: string | null;
  customerName: string;
  taxId: string;
  customerEmail: string;
  customerPhone: string;
  equipmentId: string | null;
  brand: string;
  model: string;
  serial: string;
  year: string;
  reason: string;
  serviceValue: string;
  promisedAt: string;
  statusId: string | null;
  technicianIds: string[];
}

const EMPTY: Form = {
  customerId: null,
  customerName: '',
  taxId: '',
  customerEmail: '',
  customerPhone: '',
  equipmentId: null,
  brand: '',
  model: '',
  serial: '',
  year: '',
  reason: '',
  serviceValue: '',
  promisedAt: '',
  statusId: null,
  technicianIds: [],
};

type Errors = Partial<Record<keyof Form, string>>;

export function NewOrderPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  useDocumentTitle(t('operationsArea.newOrder.title'));
  if (!canCreateOrders(user.role)) {
    return (
      <Stack maw={720}>
        <Title order={1} size="h2">
          {t('operationsArea.newOrder.title')}
        </Title>
        <Alert color="red">{t('errors.forbidden')}</Alert>
      </Stack>
    );
  }
  return <NewOrderForm />;
}

function NewOrderForm() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const phone = useIsPhone();
  const [customerMode, setCustomerMode] = useState<CustomerMode>('existing');
  const [equipmentMode, setEquipmentMode] = useState<EquipmentMode>('none');
  const [form, setForm] = useState<Form>(EMPTY);
  const [errors, setErrors] = useState<Errors>({});
  const set = <K extends keyof Form>(key: K, value: Form[K]) => {
    setForm((f) => ({ ...f, [key]: value }));
    setErrors((e) => ({ ...e, [key]: undefined }));
  };

  const pickTechnicians = canListUsers(user.role);
  const setStatus = canWorkOrders(user.role);
  const technicians = useQuery({
    queryKey: ['users', 'technicians'],
    queryFn: ({ signal }) => fetchTechnicians(signal),
    enabled: pickTechnicians,
  });
  const statuses = useQuery({
    queryKey: ['order-statuses'],
    queryFn: ({ signal }) => fetchOrderStatuses(signal),
    enabled: setStatus,
  });
  const equipment = useQuery({
    queryKey: ['customers', form.customerId, 'equipment'],
    queryFn: ({ signal }) => fetchCustomerEquipment(form.customerId ?? '', signal),
    enabled: customerMode === 'existing' && form.customerId !== null,
  });

  const create = useMutation({
    mutationFn: (input: OrderInput) => createOrder(input),
    onSuccess: (order) => {
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({ color: 'green', message: t('operationsArea.newOrder.created', { number: order.number }) });
      navigate(`/orders/${order.id}`);
    },
    onError: (err) => {
      const message = errorMessage(err);
      const fieldErrors: Errors = {};
      if (blames(err, 'tax_id')) fieldErrors.taxId = message;
      else if (blames(err, 'name')) fieldErrors.customerName = message;
      else if (blames(err, 'email')) fieldErrors.customerEmail = message;
      else if (blames(err, 'phone')) fieldErrors.customerPhone = message;
      else if (blames(err, 'customer_id')) fieldErrors.customerId = message;
      else if (blames(err, 'equipment_id')) fieldErrors.equipmentId = message;
      else if (blames(err, 'brand')) fieldErrors.brand = message;
      else if (blames(err, 'model')) fieldErrors.model = message;
      else if (blames(err, 'serial')) fieldErrors.serial = message;
      else if (blames(err, 'year')) fieldErrors.year = message;
      else if (blames(err, 'reason')) fieldErrors.reason = message;
      else if (blames(err, 'service_value')) fieldErrors.serviceValue = message;
      else if (blames(err, 'promised_at')) fieldErrors.promisedAt = message;
      else if (blames(err, 'status_id')) fieldErrors.statusId = message;
      else if (blames(err, 'technician_ids')) fieldErrors.technicianIds = message;
      setErrors(fieldErrors);
    },
  });

  const validate = (): Errors => {
    const e: Errors = {};
    if (customerMode === 'existing' && !form.customerId) e.customerId = t('operationsArea.validation.customerRequired');
    if (customerMode === 'new') {
      if (!form.customerName.trim()) e.customerName = t('operationsArea.validation.nameRequired');
      if (!form.taxId.trim()) e.taxId = t('operationsArea.validation.taxIdRequired');
      if (form.customerEmail.trim() && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.customerEmail.trim()))
        e.customerEmail = t('validation.email_invalid');
    }
    if (equipmentMode === 'existing' && !form.equipmentId) e.equipmentId = t('operationsArea.validation.equipmentRequired');
    if (equipmentMode === 'new') {
      if (!form.brand.trim()) e.brand = t('operationsArea.validation.brandRequired');
      if (!form.model.trim()) e.model = t('operationsArea.validation.modelRequired');
      if (form.year.trim() && !/^\d{4}$/.test(form.year.trim())) e.year = t('operationsArea.validation.yearInvalid');
    }
    if (!form.reason.trim()) e.reason = t('operationsArea.validation.reasonRequired');
    const value = normaliseDecimal(form.serviceValue);
    if (value && !MONEY_SHAPE.test(value)) e.serviceValue = t('operationsArea.validation.moneyInvalid');
    if (form.promisedAt && !fromZonedInput(form.promisedAt)) e.promisedAt = t('operationsArea.validation.dateInvalid');
    return e;
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const e = validate();
    setErrors(e);
    if (Object.values(e).some(Boolean)) return;
    const input: OrderInput = {
      reason: form.reason.trim(),
      technician_ids: form.technicianIds,
      service_value: normaliseDecimal(form.serviceValue) || '0',
      promised_at: form.promisedAt ? fromZonedInput(form.promisedAt) : null,
    };
    if (customerMode === 'existing') input.customer_id = form.customerId ?? undefined;
    else
      input.customer = {
        name: form.customerName.trim(),
        tax_id: form.taxId.trim(),
        email: form.customerEmail.trim() || null,
        phone: form.customerPhone.trim(),
      };
    if (setStatus && form.statusId) input.status_id = form.statusId;
    if (equipmentMode === 'existing' && form.equipmentId) input.equipment_id = form.equipmentId;
    if (equipmentMode === 'new')
      input.equipment = {
        brand: form.brand.trim(),
        model: form.model.trim(),
        serial: form.serial.trim(),
        year: form.year.trim() ? Number(form.year.trim()) : null,
      };
    create.mutate(input);
  };

  const equipmentModes: { value: EquipmentMode; label: string }[] = [
    { value: 'none', label: t('operationsArea.newOrder.equipmentNone') },
    ...(customerMode === 'existing' ? [{ value: 'existing' as const, label: t('operationsArea.newOrder.equipmentExisting') }] : []),
    { value: 'new', label: t('operationsArea.newOrder.equipmentNew') },
  ];

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t('operationsArea.newOrder.title')}
      </Title>
      <form onSubmit={submit} noValidate aria-label={t('operationsArea.newOrder.title')}>
        <Stack>
          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('orders.customer')}
              </Title>
              <SegmentedControl
                aria-label={t('operationsArea.newOrder.customerMode')}
                fullWidth
                orientation={phone ? 'vertical' : 'horizontal'}
                value={customerMode}
                onChange={(v) => {
                  setCustomerMode(v as CustomerMode);
                  if (v === 'new' && equipmentMode === 'existing') setEquipmentMode('none');
                }}
                data={[
                  { value: 'existing', label: t('operationsArea.newOrder.customerExisting') },
                  { value: 'new', label: t('operationsArea.newOrder.customerNew') },
                ]}
              />
              {customerMode === 'existing' ? (
                <CustomerPicker
                  required
                  value={form.customerId}
                  onChange={(id) => {
                    set('customerId', id);
                    set('equipmentId', null);
                  }}
                  error={errors.customerId}
                />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput
                    label={t('operationsArea.newOrder.customerName')}
                    required
                    value={form.customerName}
                    onChange={(e) => set('customerName', e.currentTarget.value)}
                    error={errors.customerName}
                  />
                  <TextInput
                    label={t('operationsArea.newOrder.taxId')}
                    description={t('operationsArea.newOrder.taxIdHint')}
                    required
                    value={form.taxId}
                    onChange={(e) => set('taxId', e.currentTarget.value)}
                    error={errors.taxId}
                  />
                  <TextInput
                    label={t('operationsArea.newOrder.email')}
                    type="email"
                    value={form.customerEmail}
                    onChange={(e) => set('customerEmail', e.currentTarget.value)}
                    error={errors.customerEmail}
                  />
                  <TextInput
                    label={t('operationsArea.newOrder.phone')}
                    type="tel"
                    value={form.customerPhone}
                    onChange={(e) => set('customerPhone', e.currentTarget.value)}
                    error={errors.customerPhone}
                  />
                </SimpleGrid>
              )}
            </Stack>
          </Card>

          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('orders.equipment')}
              </Title>
              <SegmentedControl
                aria-label={t('operationsArea.newOrder.equipmentMode')}
                fullWidth
                orientation={phone ? 'vertical' : 'horizontal'}
                value={equipmentMode}
                onChange={(v) => setEquipmentMode(v as EquipmentMode)}
                data={equipmentModes}
              />
              {equipmentMode === 'existing' && (
                <Select
                  label={t('operationsArea.newOrder.machine')}
                  required
                  value={form.equipmentId}
                  onChange={(v) => set('equipmentId', v)}
                  disabled={!form.customerId}
                  placeholder={!form.customerId ? t('operationsArea.newOrder.pickCustomerFirst') : undefined}
                  nothingFoundMessage={t('operationsArea.newOrder.noMachines')}
                  data={(equipment.data ?? []).map((e) => ({
                    value: e.id,
                    label: [e.brand, e.model, e.serial ? `(${e.serial})` : ''].filter(Boolean).join(' '),
                  }))}
                  error={errors.equipmentId}
                />
              )}
              {equipmentMode === 'new' && (
                <SimpleGrid cols={{ base: 1, sm: 2 }}>
                  <TextInput label={t('operationsArea.newOrder.brand')} required value={form.brand} onChange={(e) => set('brand', e.currentTarget.value)} error={errors.brand} />
                  <TextInput label={t('operationsArea.newOrder.model')} required value={form.model} onChange={(e) => set('model', e.currentTarget.value)} error={errors.model} />
                  <TextInput label={t('operationsArea.newOrder.serial')} value={form.serial} onChange={(e) => set('serial', e.currentTarget.value)} error={errors.serial} />
                  <TextInput label={t('operationsArea.newOrder.year')} inputMode="numeric" value={form.year} onChange={(e) => set('year', e.currentTarget.value)} error={errors.year} />
                </SimpleGrid>
              )}
            </Stack>
          </Card>

          <Card withBorder>
            <Stack gap="sm">
              <Title order={2} size="h4">
                {t('operationsArea.newOrder.work')}
              </Title>
              <Textarea
                label={t('operationsArea.newOrder.reason')}
                description={t('operationsArea.newOrder.reasonHint')}
                required
                autosize
                minRows={3}
                value={form.reason}
                onChange={(e) => set('reason', e.currentTarget.value)}
                error={errors.reason}
              />
              <SimpleGrid cols={{ base: 1, sm: 2 }}>
                <TextInput
                  label={t('orders.serviceValue')}
                  inputMode="decimal"
                  placeholder="0.00"
                  value={form.serviceValue}
                  onChange={(e) => set('serviceValue', e.currentTarget.value)}
                  error={errors.serviceValue}
                />
                <TextInput
                  label={t('operationsArea.newOrder.promisedAt')}
                  type="datetime-local"
                  value={form.promisedAt}
                  onChange={(e) => set('promisedAt', e.currentTarget.value)}
                  error={errors.promisedAt}
                />
              </SimpleGrid>
              {setStatus && (
                <Select
                  label={t('operationsArea.newOrder.initialStatus')}
                  clearable
                  value={form.statusId}
                  onChange={(v) => set('statusId', v)}
                  data={(statuses.data ?? [])
                    .filter((s) => s.visibility === 'public' && s.active)
                    .map((s) => ({ value: s.id, label: s.label }))}
                  error={errors.statusId}
                />
              )}
              {pickTechnicians && (
                <MultiSelect
                  label={t('operationsArea.technicians.label')}
                  searchable
                  clearable
                  value={form.technicianIds}
                  onChange={(v) => set('technicianIds', v)}
                  data={(technicians.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
                  nothingFoundMessage={t('operationsArea.technicians.none')}
                  error={errors.technicianIds}
                />
              )}
            </Stack>
          </Card>

          {create.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" size="lg" fullWidth={phone} loading={create.isPending}>
              {t('operationsArea.newOrder.submit')}
            </Button>
            <Button component={Link} to="/orders" variant="default" size="lg" fullWidth={phone}>
              {t('operationsArea.cancel')}
            </Button>
          </Group>
          {Object.values(errors).some(Boolean) && (
            <Text c="red" size="sm" role="alert">
              {t('operationsArea.validation.fixFields')}
            </Text>
          )}
        </Stack>
      </form>
    </Stack>
  );
}
