/**
 * One maintenance request: what the customer asked for (machine,
 * description, preferred dates, photos) and, for staff who triage, the
 * triage form (priority, assignee; triage or reject) and the conversion into
 * a service order and/or an appointment, linking to what was created.
 */
import {
  Alert,
  Anchor,
  Button,
  Card,
  Checkbox,
  FileInput,
  Group,
  Image,
  List,
  Loader,
  Modal,
  NativeSelect,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import type { Role } from '../../api/auth';
import { ApiError } from '../../api/client';
import {
  MAX_REQUEST_PHOTOS,
  PRIORITIES,
  type Conversion,
  type Priority,
  type RequestView,
  canCreateRequests,
  canListUsers,
  canTriage,
  convertRequest,
  fetchRequest,
  fromLocalInput,
  isOpenRequest,
  requestEquipment,
  requestListsKey,
  requestPhotoUrl,
  requestsKey,
  toLocalInput,
  triageRequest,
  uploadRequestPhotos,
} from '../../api/schedule';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime } from '../../lib/format';
import { defaultTimes, useTimeErrors } from './AppointmentForm';
import { DateTimeField } from './DateTimeField';
import { type ClientErrors, useServerFieldErrors } from './formErrors';
import { useStaff, useTechnicians } from './lookups';
import { PriorityBadge, RequestStateBadge } from './RequestBadges';

export function RequestDetail({ id, role, onClose }: { id: string; role: Role; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const key = [...requestsKey, id];
  const query = useQuery({ queryKey: key, queryFn: ({ signal }) => fetchRequest(id, signal), retry: false });
  const r = query.data;
  const lang = i18n.language;
  // The order number is only in the conversion's answer, not in the request.
  const [conversion, setConversion] = useState<Conversion | null>(null);
  // Opening a request moves focus (and the viewport) to its panel above the list.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), [id]);

  return (
    <Card withBorder component="section" aria-labelledby="request-detail-title">
      <Stack gap="sm">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4" id="request-detail-title" ref={titleRef} tabIndex={-1}>
            {t('requestsArea.detailTitle')}
          </Title>
          <Button variant="default" size="compact-sm" onClick={onClose}>
            {t('requestsArea.close')}
          </Button>
        </Group>
        {query.isPending && <Loader aria-label={t('common.loading')} />}
        {query.isError && (
          <Alert color="red" role="alert">
            {query.error instanceof ApiError && query.error.status === 404 ? t('requestsArea.notFound') : errorMessage(query.error)}
          </Alert>
        )}
        {r && (
          <>
            <Group gap="xs">
              <RequestStateBadge state={r.state} />
              {r.priority && <PriorityBadge priority={r.priority} />}
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <Fact label={t('requestsArea.createdAt')}>{formatDateTime(r.created_at, lang)}</Fact>
              <Fact label={t('requestsArea.customer')}>{r.customer_name}</Fact>
              <Fact label={t('requestsArea.equipment')}>
                {requestEquipment(r) || t('requestsArea.equipmentLinked')}
              </Fact>
              {role !== 'customer' && (
                <Fact label={t('requestsArea.assignee')}>
                  {r.assignee_id ? (r.assignee_name ?? t('requestsArea.assigned')) : t('requestsArea.unassigned')}
                </Fact>
              )}
            </SimpleGrid>
            <Fact label={t('requestsArea.description')}>
              <span style={{ whiteSpace: 'pre-wrap' }}>{r.description}</span>
            </Fact>
            <div>
              <Text size="xs" c="dimmed">
                {t('requestsArea.preferredDates')}
              </Text>
              {r.preferred_dates.length === 0 ? (
                <Text>—</Text>
              ) : (
                <List size="sm">
                  {r.preferred_dates.map((d) => (
                    <List.Item key={d}>{formatDateTime(d, lang)}</List.Item>
                  ))}
                </List>
              )}
            </div>
            <Photos request={r} />
            {canCreateRequests(role) && isOpenRequest(r) && r.photos.length < MAX_REQUEST_PHOTOS && <AddPhotos request={r} />}
            {(r.order_id || r.appointment_id) && (
              <ConvertedLinks
                orderId={r.order_id}
                appointmentId={r.appointment_id}
                number={conversion?.order?.id === r.order_id ? conversion?.order?.number : undefined}
              />
            )}
            {canTriage(role) && isOpenRequest(r) && (
              <>
                <TriageForm request={r} role={role} />
                <ConvertForm request={r} role={role} onConverted={setConversion} />
              </>
            )}
          </>
        )}
      </Stack>
    </Card>
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

function Photos({ request }: { request: RequestView }) {
  const { t } = useTranslation();
  if (request.photos.length === 0) return null;
  return (
    <div>
      <Text size="xs" c="dimmed" mb={4}>
        {t('requestsArea.photos')}
      </Text>
      <Group gap="xs">
        {request.photos.map((p, i) => {
          const url = requestPhotoUrl(request.id, p.id);
          return (
            <Anchor key={p.id} href={url} target="_blank" rel="noopener" aria-label={t('requestsArea.photoN', { n: i + 1 })}>
              <Image src={url} alt={t('requestsArea.photoN', { n: i + 1 })} w={96} h={96} fit="cover" radius="sm" />
            </Anchor>
          );
        })}
      </Group>
    </div>
  );
}

/** Adds photos to an open request (its customer's contacts and staff). */
function AddPhotos({ request }: { request: RequestView }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const errorMessage = useErrorMessage();
  const [files, setFiles] = useState<File[]>([]);
  const [error, setError] = useState<string | undefined>();
  const room = MAX_REQUEST_PHOTOS - request.photos.length;
  const upload = useMutation({
    mutationFn: () => uploadRequestPhotos(request.id, files),
    onSuccess: (next) => {
      setFiles([]);
      queryClient.setQueryData([...requestsKey, request.id], next);
      notifications.show({ color: 'green', message: t('requestsArea.photosAdded') });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found =
      files.length === 0
        ? t('requestsArea.validation.choosePhotos')
        : files.length > room
          ? t('requestsArea.validation.tooManyPhotos', { max: room })
          : undefined;
    setError(found);
    if (!found) upload.mutate();
  };
  return (
    <form onSubmit={submit} noValidate aria-label={t('requestsArea.addPhotos')}>
      <Group align="flex-end" gap="sm">
        <FileInput
          label={t('requestsArea.addPhotos')}
          placeholder={t('requestsArea.choosePhotos')}
          multiple
          clearable
          accept="image/png,image/jpeg,image/webp,image/gif"
          value={files}
          onChange={setFiles}
          error={error ?? (upload.isError ? errorMessage(upload.error) : undefined)}
          miw={220}
        />
        <Button type="submit" variant="light" loading={upload.isPending}>
          {t('requestsArea.upload')}
        </Button>
      </Group>
    </form>
  );
}

function ConvertedLinks({ orderId, appointmentId, number }: { orderId: string | null; appointmentId: string | null; number?: string }) {
  const { t } = useTranslation();
  return (
    <Alert color="green" variant="light" role="status" title={t('requestsArea.convertedTitle')}>
      <Stack gap={4}>
        {orderId && (
          <Anchor component={Link} to={`/orders/${orderId}`}>
            {number ? t('requestsArea.openOrderNumber', { number }) : t('requestsArea.openOrder')}
          </Anchor>
        )}
        {appointmentId && (
          <Anchor component={Link} to={`/appointments/${appointmentId}`}>
            {t('requestsArea.openAppointment')}
          </Anchor>
        )}
      </Stack>
    </Alert>
  );
}

/** Sets priority and assignee, moving the request to `triaged`; or rejects it. */
function TriageForm({ request, role }: { request: RequestView; role: Role }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const staff = useStaff(role);
  const [priority, setPriority] = useState<string>(request.priority ?? '');
  const [assigneeId, setAssigneeId] = useState(request.assignee_id ?? '');
  const [rejectOpen, rejectModal] = useDisclosure(false);
  const triage = useMutation({
    mutationFn: (state: 'triaged' | 'rejected') =>
      triageRequest(request.id, {
        state,
        ...(priority ? { priority: priority as Priority } : {}),
        ...(assigneeId ? { assignee_id: assigneeId } : {}),
      }),
    onSuccess: (next, state) => {
      rejectModal.close();
      queryClient.setQueryData([...requestsKey, request.id], next);
      void queryClient.invalidateQueries({ queryKey: requestListsKey });
      notifications.show({ color: 'green', message: t(state === 'rejected' ? 'requestsArea.rejected' : 'requestsArea.triaged') });
    },
  });
  const server = useServerFieldErrors(triage.error, ['priority', 'assignee_id']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    triage.mutate('triaged');
  };
  return (
    <Card withBorder bg="var(--mantine-color-body)">
      <form onSubmit={submit} noValidate aria-labelledby="triage-title">
        <Stack gap="sm">
          <Title order={3} size="h5" id="triage-title">
            {t('requestsArea.triage')}
          </Title>
          {server.general && (
            <Alert color="red" role="alert">
              {server.general}
            </Alert>
          )}
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
            <NativeSelect
              label={t('requestsArea.priority')}
              value={priority}
              onChange={(e) => setPriority(e.currentTarget.value)}
              error={server.on('priority')}
              data={[
                ...(request.priority ? [] : [{ value: '', label: t('requestsArea.noPriority') }]),
                ...PRIORITIES.map((p) => ({ value: p, label: t(`requestsArea.priorities.${p}`) })),
              ]}
            />
            {canListUsers(role) && (
              <NativeSelect
                label={t('requestsArea.assignee')}
                value={assigneeId}
                onChange={(e) => setAssigneeId(e.currentTarget.value)}
                error={server.on('assignee_id')}
                data={[
                  ...(request.assignee_id ? [] : [{ value: '', label: t('requestsArea.unassigned') }]),
                  ...(staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` })),
                ]}
              />
            )}
          </SimpleGrid>
          <Group>
            <Button type="submit" loading={triage.isPending && triage.variables === 'triaged'}>
              {t('requestsArea.saveTriage')}
            </Button>
            <Button variant="outline" color="red" onClick={rejectModal.open}>
              {t('requestsArea.reject')}
            </Button>
          </Group>
        </Stack>
      </form>
      <Modal opened={rejectOpen} onClose={rejectModal.close} title={t('requestsArea.rejectTitle')} centered>
        <Stack>
          <Text>{t('requestsArea.rejectConfirm')}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={rejectModal.close}>
              {t('requestsArea.keep')}
            </Button>
            <Button color="red" onClick={() => triage.mutate('rejected')} loading={triage.isPending && triage.variables === 'rejected'}>
              {t('requestsArea.rejectYes')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Card>
  );
}

const CONVERT_FIELDS = ['order', 'appointment.starts_at', 'appointment.ends_at', 'technician_id', 'technician_ids', 'reason', 'place'];

/** Converts the request into a service order and/or an appointment. */
function ConvertForm({ request, role, onConverted }: { request: RequestView; role: Role; onConverted: (c: Conversion) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const timeErrors = useTimeErrors();
  const staff = useTechnicians(role);
  const [withOrder, setWithOrder] = useState(true);
  const [reason, setReason] = useState(request.description.slice(0, 2000));
  const [orderTechnician, setOrderTechnician] = useState('');
  const [withAppointment, setWithAppointment] = useState(false);
  const preferred = request.preferred_dates[0];
  const [defaultStart, defaultEnd] = useState(defaultTimes)[0];
  const [startsAt, setStartsAt] = useState(() => {
    if (!preferred) return defaultStart;
    const d = new Date(preferred);
    return Number.isNaN(d.getTime()) ? defaultStart : toLocalInput(d);
  });
  const [endsAt, setEndsAt] = useState(() => {
    if (!preferred) return defaultEnd;
    const d = new Date(preferred);
    return Number.isNaN(d.getTime()) ? defaultEnd : toLocalInput(new Date(d.getTime() + 3600_000));
  });
  const [appointmentTechnician, setAppointmentTechnician] = useState(request.assignee_id ?? '');
  const [place, setPlace] = useState('');
  const [errors, setErrors] = useState<ClientErrors>({});

  const convert = useMutation({
    mutationFn: () =>
      convertRequest(request.id, {
        order: withOrder
          ? { reason: reason.trim() || undefined, technician_ids: orderTechnician ? [orderTechnician] : [] }
          : null,
        appointment: withAppointment
          ? {
              technician_id: appointmentTechnician || null,
              starts_at: fromLocalInput(startsAt) as string,
              ends_at: fromLocalInput(endsAt) as string,
              place: place.trim(),
            }
          : null,
      }),
    onSuccess: (c) => {
      onConverted(c);
      queryClient.setQueryData([...requestsKey, request.id], c.request);
      void queryClient.invalidateQueries({ queryKey: requestListsKey });
      void queryClient.invalidateQueries({ queryKey: ['appointments'] });
      void queryClient.invalidateQueries({ queryKey: ['orders'] });
      notifications.show({ color: 'green', message: t('requestsArea.converted') });
    },
  });
  const server = useServerFieldErrors(convert.error, CONVERT_FIELDS);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: ClientErrors = {};
    if (!withOrder && !withAppointment) found.kind = t('requestsArea.validation.chooseConversion');
    if (withAppointment) Object.assign(found, timeErrors(startsAt, endsAt));
    setErrors(found);
    if (Object.keys(found).length === 0) convert.mutate();
  };

  const technicianOptions = [
    { value: '', label: t('requestsArea.unassigned') },
    ...(staff.data ?? []).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` })),
  ];
  return (
    <Card withBorder bg="var(--mantine-color-body)">
      <form onSubmit={submit} noValidate aria-labelledby="convert-title">
        <Stack gap="sm">
          <Title order={3} size="h5" id="convert-title">
            {t('requestsArea.convert')}
          </Title>
          {(server.general || errors.kind) && (
            <Alert color="red" role="alert">
              {errors.kind ?? server.general}
            </Alert>
          )}
          <Checkbox label={t('requestsArea.createOrder')} checked={withOrder} onChange={(e) => setWithOrder(e.currentTarget.checked)} />
          {withOrder && (
            <Stack gap="xs" pl="md">
              <TextInput
                label={t('requestsArea.orderReason')}
                value={reason}
                maxLength={2000}
                onChange={(e) => setReason(e.currentTarget.value)}
                error={server.on('reason')}
              />
              {canListUsers(role) && (
                <NativeSelect
                  label={t('requestsArea.orderTechnician')}
                  value={orderTechnician}
                  onChange={(e) => setOrderTechnician(e.currentTarget.value)}
                  error={server.on('technician_ids')}
                  data={technicianOptions}
                />
              )}
            </Stack>
          )}
          <Checkbox
            label={t('requestsArea.bookAppointment')}
            checked={withAppointment}
            onChange={(e) => setWithAppointment(e.currentTarget.checked)}
          />
          {withAppointment && (
            <Stack gap="xs" pl="md">
              <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
                <DateTimeField
                  label={t('appointmentsArea.startsAt')}
                  required
                  value={startsAt}
                  onChange={setStartsAt}
                  error={errors.starts_at ?? server.on('appointment.starts_at')}
                />
                <DateTimeField
                  label={t('appointmentsArea.endsAt')}
                  required
                  value={endsAt}
                  onChange={setEndsAt}
                  error={errors.ends_at ?? server.on('appointment.ends_at')}
                />
              </SimpleGrid>
              {canListUsers(role) && (
                <NativeSelect
                  label={t('appointmentsArea.technician')}
                  value={appointmentTechnician}
                  onChange={(e) => setAppointmentTechnician(e.currentTarget.value)}
                  error={server.on('technician_id')}
                  data={technicianOptions}
                />
              )}
              <TextInput
                label={t('appointmentsArea.place')}
                value={place}
                maxLength={300}
                onChange={(e) => setPlace(e.currentTarget.value)}
                error={server.on('place')}
              />
            </Stack>
          )}
          <Group>
            <Button type="submit" loading={convert.isPending}>
              {t('requestsArea.convertSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
