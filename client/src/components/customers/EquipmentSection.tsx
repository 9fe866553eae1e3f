/**
 * A customer's equipment (machines): brand, model, serial, year, warranty end
 * and the engine-hour meter. Readings are recorded one at a time and never
 * go down — the server refuses a lower value with `engine_hours_decreased`,
 * which is shown on the reading field together with the current value.
 * Used on the staff customer page and on the portal's /company page.
 * Below the table, each machine's preventive maintenance plan
 * (`MachinePlan`): the office defines and edits it, sellers and customers
 * read it. A new reading moves the plan's forecast, so it refetches the plans.
 */
import { Alert, Button, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Textarea, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import {
  type Equipment,
  type EquipmentInput,
  addEquipment,
  addReading,
  customerKeys,
  updateEquipment,
  useEquipmentList,
  useReadings,
} from '../../api/customers';
import { useErrorMessage } from '../../i18n/errors';
import { QueryStatus } from '../QueryStatus';
import { formatDateTime, formatNumber } from '../../lib/format';
import { formatDay } from '../../lib/day';
import { canEditPlans, planKeys } from '../../api/servicePlans';
import { MachinePlan } from '../maintenance/MachinePlan';
import { useCurrentUser } from '../RequireAuth';
import { type FieldErrors, parseWholeNumber, useFailureMessages } from './formHelpers';

type Dialog = { kind: 'new' } | { kind: 'edit'; equipment: Equipment } | { kind: 'readings'; equipment: Equipment };

export function EquipmentSection({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const list = useEquipmentList(customerId);
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const phone = useMediaQuery('(max-width: 36em)');
  const lang = i18n.language;
  const user = useCurrentUser();
  // Keep the dialog's machine in step with the list (e.g. after a new reading).
  const current = (e: Equipment) => list.data?.find((x) => x.id === e.id) ?? e;

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('customersArea.equipment.title')}
        </Title>
        <Button variant="light" onClick={() => setDialog({ kind: 'new' })}>
          {t('customersArea.equipment.add')}
        </Button>
      </Group>
      <QueryStatus query={list} loaderSize="sm" isEmpty={(machines) => machines.length === 0}>
        {(machines) => (
          <Table.ScrollContainer minWidth={560}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customersArea.equipment.brand')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.model')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.serial')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.year')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.engineHours')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.warrantyEndsOn')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('customersArea.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {machines.map((e) => {
                  const label = [e.brand, e.model, e.serial].filter(Boolean).join(' ');
                  return (
                    <Table.Tr key={e.id}>
                      <Table.Td>{e.brand}</Table.Td>
                      <Table.Td>{e.model}</Table.Td>
                      <Table.Td>{e.serial || '—'}</Table.Td>
                      <Table.Td>{e.year ?? '—'}</Table.Td>
                      <Table.Td>{t('customersArea.equipment.hours', { hours: formatNumber(e.engine_hours, lang, 0) })}</Table.Td>
                      <Table.Td>{e.warranty_ends_on ? formatDay(e.warranty_ends_on, lang) : '—'}</Table.Td>
                      <Table.Td>
                        <Group gap="xs" wrap="nowrap">
                          <Button
                            size="compact-sm"
                            variant="subtle"
                            onClick={() => setDialog({ kind: 'edit', equipment: e })}
                            aria-label={t('customersArea.equipment.editNamed', { name: label })}
                          >
                            {t('customersArea.edit')}
                          </Button>
                          <Button
                            size="compact-sm"
                            variant="light"
                            onClick={() => setDialog({ kind: 'readings', equipment: e })}
                            aria-label={t('customersArea.equipment.readingsNamed', { name: label })}
                          >
                            {t('customersArea.equipment.readings')}
                          </Button>
                        </Group>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      {list.data && list.data.length > 0 && (
        <SimpleGrid cols={{ base: 1, md: 2 }} spacing="sm">
          {list.data.map((e) => (
            <MachinePlan key={e.id} equipment={e} canEdit={canEditPlans(user.role)} />
          ))}
        </SimpleGrid>
      )}
      <Modal
        opened={dialog !== null}
        onClose={() => setDialog(null)}
        title={
          dialog?.kind === 'new'
            ? t('customersArea.equipment.add')
            : dialog?.kind === 'edit'
              ? t('customersArea.equipment.edit')
              : dialog
                ? t('customersArea.equipment.readingsOf', {
                    name: [dialog.equipment.brand, dialog.equipment.model].join(' '),
                  })
                : ''
        }
        closeButtonProps={{ 'aria-label': t('customersArea.close') }}
        fullScreen={phone}
      >
        {dialog?.kind === 'new' && <EquipmentForm customerId={customerId} onDone={() => setDialog(null)} />}
        {dialog?.kind === 'edit' && (
          <EquipmentForm customerId={customerId} equipment={dialog.equipment} onDone={() => setDialog(null)} />
        )}
        {dialog?.kind === 'readings' && <Readings customerId={customerId} equipment={current(dialog.equipment)} />}
      </Modal>
    </Stack>
  );
}

const EQUIPMENT_FIELDS = ['brand', 'model', 'serial', 'year', 'engine_hours', 'warranty_ends_on', 'notes'];

function EquipmentForm({ customerId, equipment, onDone }: { customerId: string; equipment?: Equipment; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const failure = useFailureMessages();
  const [brand, setBrand] = useState(equipment?.brand ?? '');
  const [model, setModel] = useState(equipment?.model ?? '');
  const [serial, setSerial] = useState(equipment?.serial ?? '');
  const [year, setYear] = useState(equipment?.year != null ? String(equipment.year) : '');
  const [hours, setHours] = useState('');
  const [warranty, setWarranty] = useState(equipment?.warranty_ends_on ?? '');
  const [notes, setNotes] = useState(equipment?.notes ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: EquipmentInput) =>
      equipment ? updateEquipment(equipment.id, input) : addEquipment(customerId, input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.equipment(customerId) });
      notifications.show({ color: 'green', message: t('customersArea.equipment.saved') });
      onDone();
    },
    onError: (error) => {
      const { field, message } = failure(error, EQUIPMENT_FIELDS);
      if (field) setErrors({ [field]: message });
      else setGeneral(message);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!brand.trim()) found.brand = t('customersArea.validation.required');
    if (!model.trim()) found.model = t('customersArea.validation.required');
    const yearNumber = year.trim() ? parseWholeNumber(year) : null;
    if (year.trim() && (yearNumber === null || yearNumber < 1900 || yearNumber > 2100)) {
      found.year = t('customersArea.validation.year');
    }
    const hoursNumber = hours.trim() ? parseWholeNumber(hours) : null;
    if (!equipment && hours.trim() && hoursNumber === null) found.engine_hours = t('customersArea.validation.hours');
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    const input: EquipmentInput = {
      brand: brand.trim(),
      model: model.trim(),
      serial: serial.trim(),
      year: yearNumber,
      warranty_ends_on: warranty || null,
      notes: notes.trim(),
    };
    if (!equipment) input.engine_hours = hoursNumber ?? 0;
    save.mutate(input);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('customersArea.equipment.brand')}
            required
            maxLength={80}
            value={brand}
            onChange={(e) => setBrand(e.currentTarget.value)}
            error={errors.brand}
            data-autofocus
          />
          <TextInput
            label={t('customersArea.equipment.model')}
            required
            maxLength={80}
            value={model}
            onChange={(e) => setModel(e.currentTarget.value)}
            error={errors.model}
          />
          <TextInput
            label={t('customersArea.equipment.serial')}
            maxLength={80}
            value={serial}
            onChange={(e) => setSerial(e.currentTarget.value)}
            error={errors.serial}
          />
          <TextInput
            label={t('customersArea.equipment.year')}
            inputMode="numeric"
            maxLength={4}
            value={year}
            onChange={(e) => setYear(e.currentTarget.value)}
            error={errors.year}
          />
          {!equipment && (
            <TextInput
              label={t('customersArea.equipment.initialHours')}
              inputMode="numeric"
              value={hours}
              onChange={(e) => setHours(e.currentTarget.value)}
              error={errors.engine_hours}
            />
          )}
          <TextInput
            label={t('customersArea.equipment.warrantyEndsOn')}
            type="date"
            value={warranty}
            onChange={(e) => setWarranty(e.currentTarget.value)}
            error={errors.warranty_ends_on}
          />
        </SimpleGrid>
        <Textarea
          label={t('customersArea.fields.notes')}
          maxLength={4000}
          autosize
          minRows={2}
          value={notes}
          onChange={(e) => setNotes(e.currentTarget.value)}
          error={errors.notes}
        />
        {general && (
          <Alert color="red" role="alert">
            {general}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={save.isPending}>
            {t('customersArea.cancel')}
          </Button>
          <Button type="submit" loading={save.isPending}>
            {t('customersArea.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The meter's history and a form for a new reading. */
function Readings({ customerId, equipment }: { customerId: string; equipment: Equipment }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const readings = useReadings(equipment.id);
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string | null>(null);
  const record = useMutation({
    mutationFn: (value: number) => addReading(equipment.id, value),
    onSuccess: (saved) => {
      queryClient.setQueryData<Equipment[]>(customerKeys.equipment(customerId), (prev) =>
        prev?.map((e) => (e.id === saved.id ? saved : e)),
      );
      void queryClient.invalidateQueries({ queryKey: customerKeys.readings(equipment.id) });
      void queryClient.invalidateQueries({ queryKey: customerKeys.equipment(customerId) });
      void queryClient.invalidateQueries({ queryKey: planKeys.all });
      notifications.show({ color: 'green', message: t('customersArea.equipment.readingSaved') });
      setHours('');
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'engine_hours_decreased') {
        // Someone may have recorded a higher reading meanwhile: refresh the meter.
        void queryClient.invalidateQueries({ queryKey: customerKeys.equipment(customerId) });
        // The problem's detail names the meter's value ("already reads 150 hours").
        const fromServer = /(\d+)\s*hours/.exec(err.problem?.detail ?? '')?.[1];
        const meter = fromServer !== undefined ? Number(fromServer) : equipment.engine_hours;
        setError(t('customersArea.equipment.decreased', { hours: formatNumber(meter, lang, 0) }));
      } else if (err instanceof ApiError && err.code === 'validation_failed') {
        setError(t('customersArea.validation.hours'));
      } else setError(errorMessage(err));
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const value = parseWholeNumber(hours);
    if (value === null) {
      setError(t('customersArea.validation.hours'));
      return;
    }
    setError(null);
    record.mutate(value);
  };
  return (
    <Stack gap="sm">
      <Text>
        {t('customersArea.equipment.currentHours', { hours: formatNumber(equipment.engine_hours, lang, 0) })}
      </Text>
      <form onSubmit={submit} noValidate>
        <Group align="flex-start" gap="sm">
          <TextInput
            label={t('customersArea.equipment.newReading')}
            description={t('customersArea.equipment.neverDecreases')}
            inputMode="numeric"
            value={hours}
            onChange={(e) => {
              setHours(e.currentTarget.value);
              setError(null);
            }}
            error={error}
            style={{ flex: 1, minWidth: 160 }}
            data-autofocus
          />
          <Button type="submit" loading={record.isPending} mt={{ base: 0, xs: 'xl' }}>
            {t('customersArea.equipment.record')}
          </Button>
        </Group>
      </form>
      <QueryStatus query={readings} loaderSize="sm" isEmpty={(list) => list.length === 0}>
        {(list) => (
          <Table.ScrollContainer minWidth={260}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customersArea.equipment.readAt')}</Table.Th>
                  <Table.Th>{t('customersArea.equipment.engineHours')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {[...list]
                  .sort((a, b) => b.read_at.localeCompare(a.read_at))
                  .map((r) => (
                    <Table.Tr key={r.id}>
                      <Table.Td>{formatDateTime(r.read_at, lang)}</Table.Td>
                      <Table.Td>{formatNumber(r.hours, lang, 0)}</Table.Td>
                    </Table.Tr>
                  ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
    </Stack>
  );
}
