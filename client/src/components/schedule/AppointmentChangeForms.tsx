/**
 * The forms that change an appointment's time: staff move it (new start and
 * end, maybe another technician; `POST …/move`), a customer contact asks for
 * another start (`POST …/reschedule-request`, which takes only the proposed
 * start). Both keep what was typed on any error and show the server's field
 * errors on the inputs.
 */
import { Alert, Button, Card, Group, NativeSelect, SimpleGrid, Stack, Text, Textarea, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Role } from '../../api/auth';
import {
  type Appointment,
  canListUsers,
  fromLocalInput,
  moveAppointment,
  requestReschedule,
  toLocalInput,
} from '../../api/schedule';
import { useTimeErrors } from './AppointmentForm';
import { DateTimeField } from './DateTimeField';
import { type ClientErrors, useServerFieldErrors } from './formErrors';
import { useTechnicians } from './lookups';

const MOVE_FIELDS = ['starts_at', 'ends_at', 'technician_id'] as const;

export function MoveForm({
  appointment,
  role,
  onDone,
  onCancel,
}: {
  appointment: Appointment;
  role: Role;
  onDone: (a: Appointment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const timeErrors = useTimeErrors();
  // A customer's proposal is the natural starting point when there is one.
  const proposed = appointment.proposed_starts_at;
  const duration = new Date(appointment.ends_at).getTime() - new Date(appointment.starts_at).getTime();
  const [startsAt, setStartsAt] = useState(toLocalInput(proposed ?? appointment.starts_at));
  const [endsAt, setEndsAt] = useState(
    toLocalInput(proposed ? new Date(new Date(proposed).getTime() + duration) : appointment.ends_at),
  );
  const [technicianId, setTechnicianId] = useState(appointment.technician_id ?? '');
  const [errors, setErrors] = useState<ClientErrors>({});
  const staff = useTechnicians(role);
  const move = useMutation({
    mutationFn: () =>
      moveAppointment(appointment.id, {
        starts_at: fromLocalInput(startsAt) as string,
        ends_at: fromLocalInput(endsAt) as string,
        ...(technicianId && technicianId !== appointment.technician_id ? { technician_id: technicianId } : {}),
      }),
    onSuccess: (a) => {
      notifications.show({ color: 'green', message: t('appointmentsArea.moved') });
      onDone(a);
    },
  });
  const server = useServerFieldErrors(move.error, MOVE_FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = timeErrors(startsAt, endsAt);
    setErrors(found);
    if (Object.keys(found).length === 0) move.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate aria-labelledby="move-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="move-title">
            {t('appointmentsArea.move')}
          </Title>
          {server.general && (
            <Alert color="red" role="alert">
              {server.general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <DateTimeField
              label={t('appointmentsArea.startsAt')}
              required
              value={startsAt}
              onChange={setStartsAt}
              error={errors.starts_at ?? server.on('starts_at')}
            />
            <DateTimeField
              label={t('appointmentsArea.endsAt')}
              required
              value={endsAt}
              onChange={setEndsAt}
              error={errors.ends_at ?? server.on('ends_at')}
            />
          </SimpleGrid>
          {canListUsers(role) && (
            <NativeSelect
              label={t('appointmentsArea.technician')}
              value={technicianId}
              onChange={(e) => setTechnicianId(e.currentTarget.value)}
              error={server.on('technician_id')}
              data={[
                // The server keeps the current technician when none is sent; it cannot unassign.
                ...(appointment.technician_id ? [] : [{ value: '', label: t('appointmentsArea.unassigned') }]),
                ...(staff.data ?? []).map((u) => ({ value: u.id, label: u.name })),
                ...(appointment.technician_id && !staff.data?.some((u) => u.id === appointment.technician_id)
                  ? [{ value: appointment.technician_id, label: appointment.technician_name ?? '—' }]
                  : []),
              ]}
            />
          )}
          <Group>
            <Button type="submit" loading={move.isPending}>
              {t('appointmentsArea.saveMove')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('appointmentsArea.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

export function RescheduleRequestForm({
  appointment,
  onDone,
  onCancel,
}: {
  appointment: Appointment;
  onDone: (a: Appointment) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [proposed, setProposed] = useState(toLocalInput(appointment.proposed_starts_at ?? appointment.starts_at));
  const [comment, setComment] = useState(appointment.reschedule_comment ?? '');
  const [error, setError] = useState<string | undefined>();
  const ask = useMutation({
    mutationFn: () => requestReschedule(appointment.id, fromLocalInput(proposed) as string, comment.trim()),
    onSuccess: (a) => {
      notifications.show({ color: 'green', message: t('appointmentsArea.rescheduleSent') });
      onDone(a);
    },
  });
  const server = useServerFieldErrors(ask.error, ['proposed_starts_at', 'comment']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const iso = fromLocalInput(proposed);
    const found = !iso
      ? t('appointmentsArea.validation.startRequired')
      : new Date(iso).getTime() <= Date.now()
        ? t('appointmentsArea.validation.future')
        : undefined;
    setError(found);
    if (!found) ask.mutate();
  };
  return (
    <Card withBorder>
      <form onSubmit={submit} noValidate aria-labelledby="reschedule-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="reschedule-title">
            {t('appointmentsArea.askReschedule')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('appointmentsArea.rescheduleHint')}
          </Text>
          {server.general && (
            <Alert color="red" role="alert">
              {server.general}
            </Alert>
          )}
          <DateTimeField
            label={t('appointmentsArea.proposedStart')}
            required
            value={proposed}
            min={toLocalInput(new Date())}
            onChange={setProposed}
            error={error ?? server.on('proposed_starts_at')}
          />
          <Textarea
            label={t('appointmentsArea.rescheduleComment')}
            value={comment}
            maxLength={1000}
            autosize
            minRows={2}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={server.on('comment')}
          />
          <Group>
            <Button type="submit" loading={ask.isPending}>
              {t('appointmentsArea.sendReschedule')}
            </Button>
            <Button variant="default" onClick={onCancel}>
              {t('appointmentsArea.close')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
