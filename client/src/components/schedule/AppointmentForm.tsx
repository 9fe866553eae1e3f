/**
 * Book an appointment (staff who may schedule): customer, one of its
 * machines, the technician, start and end, place and notes. Checks the times
 * locally (end after start, at most 7 days, like the server) and shows the
 * server's field errors on the right input; the input survives any error.
 */
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, TextInput, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/auth';
import {
  type Appointment,
  appointmentsKey,
  canListUsers,
  createAppointment,
  equipmentLabel,
  fromLocalInput,
  toLocalInput,
} from '../../api/schedule';
import { DateTimeField } from './DateTimeField';
import { type ClientErrors, useServerFieldErrors } from './formErrors';
import { useCustomerOptions, useEquipmentOf, useTechnicians } from './lookups';

const FIELDS = ['customer_id', 'equipment_id', 'technician_id', 'starts_at', 'ends_at', 'place', 'notes'] as const;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The next full hour from now, and one hour later (local input values). */
export function defaultTimes(): [string, string] {
  // Whole hours are whole hours in every zone the product serves (the
  // inputs then show them on the company's clock).
  const hour = 3600_000;
  const start = new Date((Math.floor(Date.now() / hour) + 1) * hour);
  return [toLocalInput(start), toLocalInput(new Date(start.getTime() + 3600_000))];
}

export type TimeErrorKey =
  | 'appointmentsArea.validation.startRequired'
  | 'appointmentsArea.validation.endRequired'
  | 'appointmentsArea.validation.endAfterStart'
  | 'appointmentsArea.validation.tooLong';

/** Client-side checks of a start/end pair (same rules as the server); i18n keys per field. */
export function checkTimes(startsAt: string, endsAt: string): { starts_at?: TimeErrorKey; ends_at?: TimeErrorKey } {
  const errors: { starts_at?: TimeErrorKey; ends_at?: TimeErrorKey } = {};
  const start = fromLocalInput(startsAt);
  const end = fromLocalInput(endsAt);
  if (!start) errors.starts_at = 'appointmentsArea.validation.startRequired';
  if (!end) errors.ends_at = 'appointmentsArea.validation.endRequired';
  if (start && end) {
    const ms = new Date(end).getTime() - new Date(start).getTime();
    if (ms <= 0) errors.ends_at = 'appointmentsArea.validation.endAfterStart';
    else if (ms > WEEK_MS) errors.ends_at = 'appointmentsArea.validation.tooLong';
  }
  return errors;
}

/** The translated messages of `checkTimes`. */
export function useTimeErrors() {
  const { t } = useTranslation();
  return (startsAt: string, endsAt: string): ClientErrors => {
    const keys = checkTimes(startsAt, endsAt);
    const out: ClientErrors = {};
    if (keys.starts_at) out.starts_at = t(keys.starts_at);
    if (keys.ends_at) out.ends_at = t(keys.ends_at);
    return out;
  };
}

export function AppointmentForm({ role, onDone }: { role: Role; onDone: (a: Appointment) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeErrors = useTimeErrors();
  const [defaultStart, defaultEnd] = useState(defaultTimes)[0];
  const [customerId, setCustomerId] = useState('');
  const [equipmentId, setEquipmentId] = useState('');
  const [technicianId, setTechnicianId] = useState('');
  const [startsAt, setStartsAt] = useState(defaultStart);
  const [endsAt, setEndsAt] = useState(defaultEnd);
  const [place, setPlace] = useState('');
  const [notes, setNotes] = useState('');
  const [errors, setErrors] = useState<ClientErrors>({});

  const customers = useCustomerOptions(true);
  const equipment = useEquipmentOf(customerId || null);
  const staff = useTechnicians(role);

  const create = useMutation({
    mutationFn: () =>
      createAppointment({
        customer_id: customerId,
        equipment_id: equipmentId || null,
        technician_id: technicianId || null,
        starts_at: fromLocalInput(startsAt) as string,
        ends_at: fromLocalInput(endsAt) as string,
        place: place.trim(),
        notes: notes.trim(),
      }),
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: appointmentsKey });
      notifications.show({ color: 'green', message: t('appointmentsArea.booked') });
      onDone(a);
    },
  });
  const server = useServerFieldErrors(create.error, FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: ClientErrors = timeErrors(startsAt, endsAt);
    if (!customerId) found.customer_id = t('appointmentsArea.validation.customerRequired');
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate();
  };

  const err = (f: (typeof FIELDS)[number]) => errors[f] ?? server.on(f);

  return (
    <Card withBorder maw={720}>
      <form onSubmit={submit} noValidate aria-labelledby="book-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="book-title">
            {t('appointmentsArea.new')}
          </Title>
          {server.general && (
            <Alert color="red" role="alert">
              {server.general}
            </Alert>
          )}
          <NativeSelect
            label={t('appointmentsArea.customer')}
            required
            value={customerId}
            onChange={(e) => {
              setCustomerId(e.currentTarget.value);
              setEquipmentId('');
            }}
            error={err('customer_id')}
            data={[
              { value: '', label: customers.isPending ? t('common.loading') : t('appointmentsArea.chooseCustomer') },
              ...(customers.data ?? []).map((c) => ({ value: c.id, label: c.name })),
            ]}
          />
          <NativeSelect
            label={t('appointmentsArea.equipment')}
            value={equipmentId}
            onChange={(e) => setEquipmentId(e.currentTarget.value)}
            disabled={!customerId}
            error={err('equipment_id')}
            data={[
              { value: '', label: t('appointmentsArea.noEquipment') },
              ...(equipment.data ?? []).map((m) => ({ value: m.id, label: equipmentLabel(m) })),
            ]}
          />
          {canListUsers(role) && (
            <NativeSelect
              label={t('appointmentsArea.technician')}
              value={technicianId}
              onChange={(e) => setTechnicianId(e.currentTarget.value)}
              error={err('technician_id')}
              data={[
                { value: '', label: t('appointmentsArea.unassigned') },
                ...(staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` })),
              ]}
            />
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateTimeField label={t('appointmentsArea.startsAt')} required name="starts_at" value={startsAt} onChange={setStartsAt} error={err('starts_at')} />
            <DateTimeField label={t('appointmentsArea.endsAt')} required name="ends_at" value={endsAt} onChange={setEndsAt} error={err('ends_at')} />
          </SimpleGrid>
          <TextInput label={t('appointmentsArea.place')} value={place} maxLength={300} onChange={(e) => setPlace(e.currentTarget.value)} error={err('place')} />
          <Textarea label={t('appointmentsArea.notes')} value={notes} maxLength={4000} autosize minRows={2} onChange={(e) => setNotes(e.currentTarget.value)} error={err('notes')} />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('appointmentsArea.book')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
