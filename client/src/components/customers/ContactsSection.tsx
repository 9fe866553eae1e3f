/**
 * A customer's contacts: the people the office talks to, each of whom may be
 * invited to the customer portal (the server creates a portal account and
 * e-mails a set-password link). Used on the staff customer page and on the
 * portal's /company page (where inviting is not offered: only staff may).
 */
import { Alert, Badge, Button, Group, Modal, SimpleGrid, Stack, Table, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Contact,
  type ContactInput,
  addContact,
  customerKeys,
  updateContact,
  useContacts,
  useInviteContact,
} from '../../api/customers';
import { ApiError } from '../../api/client';
import { useErrorMessage } from '../../i18n/errors';
import { QueryStatus } from '../QueryStatus';
import { type FieldErrors, isEmailShaped, useFailureMessages } from './formHelpers';

export function ContactsSection({ customerId, canInvite }: { customerId: string; canInvite: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const contacts = useContacts(customerId);
  /** `null`: closed; `'new'`: adding; a contact: editing it. */
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);
  const phone = useMediaQuery('(max-width: 36em)');
  const invite = useInviteContact(customerId);
  const [inviteError, setInviteError] = useState<{ id: string; message: string } | null>(null);

  const doInvite = (contact: Contact) => {
    setInviteError(null);
    invite.mutate(contact.id, {
      onSuccess: () =>
        notifications.show({ color: 'green', message: t('customersArea.contacts.invited', { name: contact.name }) }),
      onError: (error) => {
        const code = error instanceof ApiError ? error.code : '';
        // No e-mail: a validation error on `email`; already invited: `conflict`.
        const message =
          code === 'validation_failed'
            ? t('customersArea.contacts.inviteNeedsEmail')
            : code === 'conflict'
              ? t('customersArea.contacts.alreadyInvited')
              : errorMessage(error);
        if (code === 'conflict') void contacts.refetch();
        setInviteError({ id: contact.id, message });
      },
    });
  };

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('customersArea.contacts.title')}
        </Title>
        <Button variant="light" onClick={() => setEditing('new')}>
          {t('customersArea.contacts.add')}
        </Button>
      </Group>
      {inviteError && (
        <Alert color="red" role="alert" withCloseButton onClose={() => setInviteError(null)} closeButtonLabel={t('customersArea.close')}>
          {inviteError.message}
        </Alert>
      )}
      <QueryStatus query={contacts} loaderSize="sm" isEmpty={(list) => list.length === 0}>
        {(list) => (
          <Table.ScrollContainer minWidth={520}>
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('customersArea.contacts.name')}</Table.Th>
                  <Table.Th>{t('customersArea.contacts.position')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.email')}</Table.Th>
                  <Table.Th>{t('customersArea.fields.phone')}</Table.Th>
                  <Table.Th>{t('customersArea.contacts.portal')}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t('customersArea.actions')}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.map((c) => (
                  <Table.Tr key={c.id}>
                    <Table.Td>{c.name}</Table.Td>
                    <Table.Td>{c.position || '—'}</Table.Td>
                    <Table.Td>{c.email ?? '—'}</Table.Td>
                    <Table.Td>{c.phone || '—'}</Table.Td>
                    <Table.Td>
                      {c.user_id ? (
                        <Badge color="green" variant="light">
                          {t('customersArea.contacts.hasAccess')}
                        </Badge>
                      ) : (
                        <Badge color="gray" variant="light">
                          {t('customersArea.contacts.noAccess')}
                        </Badge>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Group gap="xs" wrap="nowrap">
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          onClick={() => setEditing(c)}
                          aria-label={t('customersArea.contacts.editNamed', { name: c.name })}
                        >
                          {t('customersArea.edit')}
                        </Button>
                        {canInvite && !c.user_id && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            loading={invite.isPending && invite.variables === c.id}
                            onClick={() => doInvite(c)}
                            aria-label={t('customersArea.contacts.inviteNamed', { name: c.name })}
                          >
                            {t('customersArea.contacts.invite')}
                          </Button>
                        )}
                      </Group>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
      <Modal
        opened={editing !== null}
        onClose={() => setEditing(null)}
        title={editing === 'new' ? t('customersArea.contacts.add') : t('customersArea.contacts.edit')}
        closeButtonProps={{ 'aria-label': t('customersArea.close') }}
        fullScreen={phone}
      >
        {editing !== null && (
          <ContactForm
            customerId={customerId}
            contact={editing === 'new' ? undefined : editing}
            onDone={() => setEditing(null)}
          />
        )}
      </Modal>
    </Stack>
  );
}

const CONTACT_FIELDS = ['name', 'email', 'phone', 'position'];

function ContactForm({ customerId, contact, onDone }: { customerId: string; contact?: Contact; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const failure = useFailureMessages();
  const [name, setName] = useState(contact?.name ?? '');
  const [email, setEmail] = useState(contact?.email ?? '');
  const [phone, setPhone] = useState(contact?.phone ?? '');
  const [position, setPosition] = useState(contact?.position ?? '');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [general, setGeneral] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (input: ContactInput) => (contact ? updateContact(contact.id, input) : addContact(customerId, input)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: customerKeys.contacts(customerId) });
      notifications.show({ color: 'green', message: t('customersArea.contacts.saved') });
      onDone();
    },
    onError: (error) => {
      const { field, message } = failure(error, CONTACT_FIELDS);
      if (field) setErrors({ [field]: message });
      else setGeneral(message);
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found: FieldErrors = {};
    if (!name.trim()) found.name = t('customersArea.validation.nameRequired');
    if (email.trim() && !isEmailShaped(email)) found.email = t('validation.email_invalid');
    setErrors(found);
    setGeneral(null);
    if (Object.keys(found).length > 0) return;
    save.mutate({ name: name.trim(), email: email.trim() || null, phone: phone.trim(), position: position.trim() });
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label={t('customersArea.contacts.name')}
          required
          maxLength={120}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          error={errors.name}
          data-autofocus
        />
        <TextInput
          label={t('customersArea.contacts.position')}
          maxLength={80}
          value={position}
          onChange={(e) => setPosition(e.currentTarget.value)}
          error={errors.position}
        />
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
          <TextInput
            label={t('customersArea.fields.email')}
            type="email"
            maxLength={254}
            value={email}
            onChange={(e) => setEmail(e.currentTarget.value)}
            error={errors.email}
          />
          <TextInput
            label={t('customersArea.fields.phone')}
            type="tel"
            maxLength={40}
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={errors.phone}
          />
        </SimpleGrid>
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
