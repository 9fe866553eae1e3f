/**
 * /users — staff users and their roles (capability 1, "Accounts & access").
 *
 * The master user creates staff accounts (the server e-mails each new user
 * an invitation with a link to set their password), edits names, phones and
 * roles, and activates or deactivates accounts. Deactivating signs the person
 * out everywhere, and changing a role makes them sign in again, so both are
 * said before they happen. Admins and operators may read the list (they pick
 * technicians and owners from it) but see no controls; other roles are told
 * they have no access.
 */
import { Alert, Badge, Button, Card, Group, Modal, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Delivery,
  STAFF_ROLES,
  type StaffRole,
  type StaffUser,
  problemCode,
  problemField,
  useCreateUser,
  useSetUserActive,
  useStaffUsers,
  useUpdateUser,
} from '../api/admin';
import { type Role, useMe } from '../api/auth';
import { api } from '../api/client';
import { DeliveryLog } from '../components/DeliveryLog';
import { QueryStatus } from '../components/QueryStatus';
import { useQuery } from '@tanstack/react-query';
import { ConfirmDialog } from '../components/admin/ConfirmDialog';
import { serverFieldError } from '../components/admin/fieldError';
import { useErrorMessage } from '../i18n/errors';
import { formatDate } from '../lib/format';
import { validateEmail } from '../lib/validation';

const READERS: readonly Role[] = ['master', 'admin', 'operator'];

export function UsersPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('adminArea.users.title'));
  const me = useMe().data;
  const canRead = !!me && READERS.includes(me.role);
  const canManage = me?.role === 'master';
  const [roleFilter, setRoleFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState('');
  const users = useStaffUsers(
    { role: (roleFilter || null) as Role | null, active: statusFilter === '' ? null : statusFilter === 'active' },
    canRead,
  );
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<StaffUser | null>(null);
  const [toggling, setToggling] = useState<StaffUser | null>(null);
  const [logOf, setLogOf] = useState<StaffUser | null>(null);

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1} size="h2">
            {t('adminArea.users.title')}
          </Title>
          <Text c="dimmed" size="sm">
            {t('adminArea.users.intro')}
          </Text>
        </div>
        {canManage && (
          <Button onClick={() => setCreating((v) => !v)} aria-expanded={creating} aria-controls="new-user-form">
            {t('adminArea.users.new')}
          </Button>
        )}
      </Group>
      {me && !canRead && (
        <Alert color="red" variant="light">
          {t('errors.forbidden')}
        </Alert>
      )}
      {canManage && creating && <NewUserForm onDone={() => setCreating(false)} />}
      {canRead && (
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label={t('adminArea.users.filterRole')}
            value={roleFilter}
            onChange={(e) => setRoleFilter(e.currentTarget.value)}
            data={[{ value: '', label: t('adminArea.all') }, ...STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }))]}
            w={{ base: '100%', xs: 200 }}
          />
          <NativeSelect
            label={t('adminArea.users.filterStatus')}
            value={statusFilter}
            onChange={(e) => setStatusFilter(e.currentTarget.value)}
            data={[
              { value: '', label: t('adminArea.all') },
              { value: 'active', label: t('adminArea.active') },
              { value: 'inactive', label: t('adminArea.inactive') },
            ]}
            w={{ base: '100%', xs: 200 }}
          />
        </Group>
      )}
      {canRead && (
        <QueryStatus query={users} isEmpty={(list) => list.length === 0}>
          {(list) => (
            <Table.ScrollContainer minWidth={640}>
              <Table striped highlightOnHover>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('lists.name')}</Table.Th>
                    <Table.Th>{t('lists.email')}</Table.Th>
                    <Table.Th>{t('lists.role')}</Table.Th>
                    <Table.Th>{t('adminArea.status')}</Table.Th>
                    <Table.Th>{t('adminArea.users.since')}</Table.Th>
                    {canManage && <Table.Th>{t('adminArea.actions')}</Table.Th>}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((u) => (
                    <Table.Tr key={u.id}>
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {u.name}
                        </Text>
                        {u.phone && (
                          <Text size="xs" c="dimmed">
                            {u.phone}
                          </Text>
                        )}
                      </Table.Td>
                      <Table.Td>{u.email}</Table.Td>
                      <Table.Td>{t(`roles.${u.role}`)}</Table.Td>
                      <Table.Td>
                        <Group gap={4}>
                          <Badge color={u.active ? 'green' : 'gray'} variant="light">
                            {u.active ? t('adminArea.active') : t('adminArea.inactive')}
                          </Badge>
                          {!u.has_password && (
                            <Badge color="yellow" variant="light">
                              {t('adminArea.users.invitationPending')}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>{formatDate(u.created_at, i18n.language)}</Table.Td>
                      {canManage && (
                        <Table.Td>
                          <Group gap="xs" wrap="nowrap">
                            <Button
                              size="xs"
                              variant="default"
                              onClick={() => setEditing(u)}
                              aria-label={t('adminArea.users.editNamed', { name: u.name })}
                            >
                              {t('adminArea.edit')}
                            </Button>
                            <Button
                              size="xs"
                              variant="subtle"
                              onClick={() => setLogOf(u)}
                              aria-label={t('adminArea.users.deliveriesNamed', { name: u.name })}
                            >
                              {t('adminArea.users.deliveries')}
                            </Button>
                            {u.id !== me?.id && (
                              <Button
                                size="xs"
                                variant="light"
                                color={u.active ? 'red' : 'green'}
                                onClick={() => setToggling(u)}
                                aria-label={t(u.active ? 'adminArea.users.deactivateNamed' : 'adminArea.users.activateNamed', {
                                  name: u.name,
                                })}
                              >
                                {u.active ? t('adminArea.deactivate') : t('adminArea.activate')}
                              </Button>
                            )}
                          </Group>
                        </Table.Td>
                      )}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )}
        </QueryStatus>
      )}
      {editing && <EditUserModal user={editing} isSelf={editing.id === me?.id} onClose={() => setEditing(null)} />}
      {toggling && <ActiveDialog user={toggling} onClose={() => setToggling(null)} />}
      {logOf && <UserDeliveriesModal user={logOf} onClose={() => setLogOf(null)} />}
    </Stack>
  );
}

type UserField = 'name' | 'email' | 'phone' | 'role';
type LocalErrors = Partial<Record<UserField, string>>;

function roleOptions(t: TFunction) {
  return STAFF_ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
}

/** Checks name and phone the way the server does (trimmed, required name, lengths). */
function validateProfile(name: string, phone: string, t: TFunction): LocalErrors {
  const found: LocalErrors = {};
  if (name.trim() === '') found.name = t('adminArea.users.nameRequired');
  else if ([...name.trim()].length > 120) found.name = t('adminArea.tooLong', { max: 120 });
  if ([...phone.trim()].length > 40) found.phone = t('adminArea.tooLong', { max: 40 });
  return found;
}

/** The server's refusal for `field`, if it named one; field errors replace the banner. */
function fieldMessage(error: unknown, field: UserField, t: TFunction) {
  if (problemCode(error) === 'email_taken' && field === 'email') return t('adminArea.users.emailTaken');
  return serverFieldError(error, field, t);
}

function NewUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const create = useCreateUser();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [role, setRole] = useState<StaffRole>('technician');
  const [errors, setErrors] = useState<LocalErrors>({});

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateProfile(name, phone, t);
    const emailKey = validateEmail(email);
    if (emailKey) found.email = t(emailKey);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      { name: name.trim(), email: email.trim(), phone: phone.trim(), role },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'green', message: t('adminArea.users.created', { email: user.email }) });
          onDone();
        },
      },
    );
  };

  const serverField = (f: UserField) => (create.isError ? fieldMessage(create.error, f, t) : undefined);
  const banner = create.isError && !problemField(create.error) ? errorMessage(create.error) : null;
  return (
    <Card withBorder maw={560} id="new-user-form">
      <form onSubmit={submit} noValidate aria-labelledby="new-user-title">
        <Stack gap="sm">
          <Title order={2} size="h4" id="new-user-title">
            {t('adminArea.users.new')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('adminArea.users.invitationHint')}
          </Text>
          {banner && (
            <Alert color="red" variant="light" role="alert">
              {banner}
            </Alert>
          )}
          <TextInput
            label={t('lists.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? serverField('name')}
            autoComplete="off"
          />
          <TextInput
            label={t('lists.email')}
            type="email"
            required
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email ?? serverField('email')}
            autoComplete="off"
          />
          <TextInput
            label={t('lists.phone')}
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={errors.phone ?? serverField('phone')}
          />
          <NativeSelect
            label={t('lists.role')}
            required
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
            data={roleOptions(t)}
            error={serverField('role')}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('adminArea.users.createAndInvite')}
            </Button>
            <Button variant="default" onClick={onDone}>
              {t('adminArea.cancel')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function EditUserModal({ user, isSelf, onClose }: { user: StaffUser; isSelf: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateUser();
  const [name, setName] = useState(user.name);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [role, setRole] = useState<StaffRole>(user.role === 'customer' ? 'operator' : user.role);
  const [errors, setErrors] = useState<LocalErrors>({});
  const roleChanged = role !== user.role;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = validateProfile(name, phone, t);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    update.mutate(
      { id: user.id, changes: { name: name.trim(), phone: phone.trim(), ...(roleChanged ? { role } : {}) } },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', message: t('adminArea.users.saved') });
          onClose();
        },
      },
    );
  };

  const serverField = (f: UserField) => (update.isError ? fieldMessage(update.error, f, t) : undefined);
  const banner = update.isError && !problemField(update.error)
    ? problemCode(update.error) === 'conflict'
      ? t('adminArea.users.lastMaster')
      : errorMessage(update.error)
    : null;
  return (
    <Modal opened onClose={onClose} title={t('adminArea.users.editTitle', { name: user.name })} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm" c="dimmed">
            {user.email}
          </Text>
          {banner && (
            <Alert color="red" variant="light" role="alert">
              {banner}
            </Alert>
          )}
          <TextInput
            label={t('lists.name')}
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={errors.name ?? serverField('name')}
            data-autofocus
          />
          <TextInput
            label={t('lists.phone')}
            type="tel"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={errors.phone ?? serverField('phone')}
          />
          <NativeSelect
            label={t('lists.role')}
            value={role}
            onChange={(e) => setRole(e.currentTarget.value as StaffRole)}
            data={roleOptions(t)}
            description={roleChanged ? (isSelf ? t('adminArea.users.roleChangeSelf') : t('adminArea.users.roleChangeHint')) : undefined}
            error={serverField('role')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('adminArea.cancel')}
            </Button>
            <Button type="submit" loading={update.isPending}>
              {t('adminArea.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

/** Confirms activation or deactivation; deactivation signs the user out everywhere. */
function ActiveDialog({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const setActive = useSetUserActive();
  const activating = !user.active;
  const error = setActive.isError
    ? problemCode(setActive.error) === 'conflict'
      ? t('adminArea.users.cannotDeactivateSelf')
      : errorMessage(setActive.error)
    : null;
  return (
    <ConfirmDialog
      opened
      title={t(activating ? 'adminArea.users.activateTitle' : 'adminArea.users.deactivateTitle', { name: user.name })}
      confirmLabel={activating ? t('adminArea.activate') : t('adminArea.deactivate')}
      color={activating ? 'green' : 'red'}
      loading={setActive.isPending}
      error={error}
      onClose={onClose}
      onConfirm={() =>
        setActive.mutate(
          { id: user.id, active: activating },
          {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                message: t(activating ? 'adminArea.users.activated' : 'adminArea.users.deactivated', { name: user.name }),
              });
              onClose();
            },
          },
        )
      }
    >
      {t(activating ? 'adminArea.users.activateBody' : 'adminArea.users.deactivateBody', { name: user.name })}
    </ConfirmDialog>
  );
}

/** What was sent to a person (and about their account): did the invitation arrive? */
function UserDeliveriesModal({ user, onClose }: { user: StaffUser; onClose: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const log = useQuery({
    queryKey: ['notifications', 'user', user.id],
    queryFn: ({ signal }) =>
      api.get<Delivery[]>(`/api/v1/notifications/deliveries?subject_type=user&subject_id=${encodeURIComponent(user.id)}`, signal),
  });
  return (
    <Modal opened onClose={onClose} title={t('adminArea.users.deliveriesTitle', { name: user.name })} size="xl" centered>
      <DeliveryLog deliveries={log.data} pending={log.isPending} error={log.isError ? errorMessage(log.error) : null} />
    </Modal>
  );
}
