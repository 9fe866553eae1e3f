/**
 * /appointments/:id — one appointment, with what each role may do with it.
 * The appointment e-mails link here (`{public_url}/appointments/{id}`).
 *
 * - customer contacts confirm, ask for another start time or cancel;
 * - staff who schedule move it (maybe to another technician), confirm or
 *   cancel it;
 * - the office and the assigned technician mark the visit done;
 * - staff see its reminder rows (planned, sent, dropped).
 *
 * Only open appointments (scheduled, confirmed, rescheduled, reschedule
 * requested) and visits Faena proposed (preventive maintenance, state
 * `proposed`) take actions; a customer's request shows the office the
 * wished-for start and comment, and the office moves (or confirms) the visit;
 * the server re-checks the transition (`invalid_transition`) and the role.
 * A proposed visit puts "accept the visit" first for the customer (it is the
 * confirm action) and cannot be marked done before someone accepts it.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Loader, Modal, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router-dom';
import { useMe } from '../api/auth';
import { ApiError } from '../api/client';
import {
  type Appointment,
  type AppointmentAction,
  appointmentAction,
  appointmentsKey,
  canComplete,
  canRespond,
  canSchedule,
  appointmentEquipment,
  fetchAppointment,
  fetchReminders,
  isActionableAppointment,
  isCompletableAppointment,
} from '../api/schedule';
import { MoveForm, RescheduleRequestForm } from '../components/schedule/AppointmentChangeForms';
import { AppointmentStateBadge } from '../components/schedule/AppointmentStateBadge';
import { useErrorMessage } from '../i18n/errors';
import { formatDateTime } from '../lib/format';

type Panel = 'move' | 'reschedule' | null;

export function AppointmentDetailPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const me = useMe();
  const role = me.data?.role;
  const key = [...appointmentsKey, id];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchAppointment(id, signal), retry: false });
  const a = query.data;
  useDocumentTitle(`${t('appointmentsArea.detailTitle')} · ${t('app.name')}`);
  const [panel, setPanel] = useState<Panel>(null);
  const [cancelOpen, cancelModal] = useDisclosure(false);

  const updated = (next: Appointment) => {
    // The answer is the appointment as it now stands; every appointment
    // query under the prefix (each list window, the re-planned reminders) is
    // refetched, but not this detail: it is fresh.
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({
      queryKey: appointmentsKey,
      predicate: (q) => !(q.queryKey.length === 2 && q.queryKey[1] === id),
    });
    setPanel(null);
  };
  const act = useMutation({
    mutationFn: (action: AppointmentAction) => appointmentAction(id, action),
    onSuccess: (next, action) => {
      cancelModal.close();
      updated(next);
      notifications.show({ color: 'green', message: t(`appointmentsArea.done.${action}`) });
    },
  });

  return (
    <Stack>
      <Anchor component={Link} to="/appointments" size="sm">
        ← {t('appointmentsArea.backToList')}
      </Anchor>
      <Group justify="space-between" align="center">
        <Title order={1} size="h2">
          {t('appointmentsArea.detailTitle')}
        </Title>
        {a && <AppointmentStateBadge state={a.state} size="lg" />}
      </Group>
      {query.isPending && <Loader aria-label={t('common.loading')} />}
      {query.isError && (
        <Alert color="red" role="alert">
          {query.error instanceof ApiError && query.error.status === 404
            ? t('appointmentsArea.notFound')
            : errorMessage(query.error)}
        </Alert>
      )}
      {a && role && (
        <>
          <AppointmentFacts appointment={a} />
          {act.isError && (
            <Alert color="red" role="alert">
              {errorMessage(act.error)}
            </Alert>
          )}
          {a.state === 'proposed' && (canRespond(role) || canSchedule(role)) && (
            <Alert color="grape" variant="light" title={t('appointmentsArea.proposedTitle')}>
              {canRespond(role) ? t('appointmentsArea.proposedCustomer') : t('appointmentsArea.proposedStaff')}
            </Alert>
          )}
          {isActionableAppointment(a) && (canRespond(role) || canSchedule(role) || (canComplete(role) && isCompletableAppointment(a))) && (
            <Group gap="sm" role="group" aria-label={t('appointmentsArea.actions')}>
              {(canRespond(role) || canSchedule(role)) && a.state !== 'confirmed' && (
                <Button
                  color="green"
                  size={a.state === 'proposed' && canRespond(role) ? 'md' : undefined}
                  onClick={() => act.mutate('confirm')}
                  loading={act.isPending && act.variables === 'confirm'}
                >
                  {a.state === 'proposed' && canRespond(role) ? t('appointmentsArea.accept') : t('appointmentsArea.confirm')}
                </Button>
              )}
              {canSchedule(role) && (
                <Button variant="light" onClick={() => setPanel(panel === 'move' ? null : 'move')} aria-expanded={panel === 'move'}>
                  {t('appointmentsArea.move')}
                </Button>
              )}
              {canRespond(role) && (
                <Button
                  variant="light"
                  onClick={() => setPanel(panel === 'reschedule' ? null : 'reschedule')}
                  aria-expanded={panel === 'reschedule'}
                >
                  {t('appointmentsArea.askReschedule')}
                </Button>
              )}
              {canComplete(role) && isCompletableAppointment(a) && (
                <Button
                  variant="light"
                  color="teal"
                  onClick={() => act.mutate('complete')}
                  loading={act.isPending && act.variables === 'complete'}
                >
                  {t('appointmentsArea.complete')}
                </Button>
              )}
              {(canRespond(role) || canSchedule(role)) && (
                <Button variant="outline" color="red" onClick={cancelModal.open}>
                  {t('appointmentsArea.cancel')}
                </Button>
              )}
            </Group>
          )}
          {panel === 'move' && <MoveForm appointment={a} role={role} onDone={updated} onCancel={() => setPanel(null)} />}
          {panel === 'reschedule' && (
            <RescheduleRequestForm appointment={a} onDone={updated} onCancel={() => setPanel(null)} />
          )}
          {role !== 'customer' && <Reminders id={a.id} />}
          <Modal opened={cancelOpen} onClose={cancelModal.close} title={t('appointmentsArea.cancelTitle')} centered>
            <Stack>
              <Text>{t('appointmentsArea.cancelConfirm')}</Text>
              <Group justify="flex-end">
                <Button variant="default" onClick={cancelModal.close}>
                  {t('appointmentsArea.keep')}
                </Button>
                <Button color="red" onClick={() => act.mutate('cancel')} loading={act.isPending && act.variables === 'cancel'}>
                  {t('appointmentsArea.cancelYes')}
                </Button>
              </Group>
            </Stack>
          </Modal>
        </>
      )}
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text>{children}</Text>
    </div>
  );
}

function AppointmentFacts({ appointment: a }: { appointment: Appointment }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  return (
    <Card withBorder>
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
        <Fact label={t('appointmentsArea.startsAt')}>{formatDateTime(a.starts_at, lang)}</Fact>
        <Fact label={t('appointmentsArea.endsAt')}>{formatDateTime(a.ends_at, lang)}</Fact>
        <Fact label={t('appointmentsArea.customer')}>{a.customer_name}</Fact>
        <Fact label={t('appointmentsArea.equipment')}>
          {a.equipment_id ? appointmentEquipment(a) || t('appointmentsArea.equipmentLinked') : '—'}
        </Fact>
        <Fact label={t('appointmentsArea.technician')}>{a.technician_name ?? t('appointmentsArea.unassigned')}</Fact>
        <Fact label={t('appointmentsArea.place')}>{a.place || '—'}</Fact>
        {a.proposed_starts_at && a.state === 'reschedule_requested' && (
          <Fact label={t('appointmentsArea.proposedStart')}>
            <Badge color="orange" variant="light" component="span" data-testid="proposed-start">
              {formatDateTime(a.proposed_starts_at, lang)}
            </Badge>
          </Fact>
        )}
        {a.reschedule_comment && a.state === 'reschedule_requested' && (
          <Fact label={t('appointmentsArea.rescheduleComment')}>{a.reschedule_comment}</Fact>
        )}
      </SimpleGrid>
      {a.notes && (
        <Stack gap={0} mt="sm">
          <Text size="xs" c="dimmed">
            {t('appointmentsArea.notes')}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{a.notes}</Text>
        </Stack>
      )}
    </Card>
  );
}

const REMINDER_COLORS = { pending: 'blue', sent: 'green', dropped: 'gray' } as const;

function Reminders({ id }: { id: string }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const reminders = useQuery({
    queryKey: [...appointmentsKey, id, 'reminders'],
    queryFn: ({ signal }) => fetchReminders(id, signal),
  });
  return (
    <section aria-labelledby="reminders-title">
      <Title order={2} size="h4" id="reminders-title" mb="xs">
        {t('appointmentsArea.reminders')}
      </Title>
      {reminders.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
      {reminders.isError && (
        <Alert color="red" role="alert">
          {errorMessage(reminders.error)}
        </Alert>
      )}
      {reminders.data && reminders.data.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {reminders.data && reminders.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('appointmentsArea.reminderBefore')}</Table.Th>
                <Table.Th>{t('appointmentsArea.reminderDue')}</Table.Th>
                <Table.Th>{t('appointmentsArea.state')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {reminders.data.map((r) => (
                <Table.Tr key={r.id}>
                  <Table.Td>
                    {r.offset_minutes % 60 === 0
                      ? t('appointmentsArea.hoursBefore', { count: r.offset_minutes / 60 })
                      : t('appointmentsArea.minutesBefore', { count: r.offset_minutes })}
                  </Table.Td>
                  <Table.Td>
                    {formatDateTime(r.due_at, i18n.language)}
                    {r.sent_at && (
                      <Text size="xs" c="dimmed">
                        {t('appointmentsArea.sentAt', { when: formatDateTime(r.sent_at, i18n.language) })}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge color={REMINDER_COLORS[r.status]} variant="light">
                      {t(`appointmentsArea.reminderStatus.${r.status}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </section>
  );
}
