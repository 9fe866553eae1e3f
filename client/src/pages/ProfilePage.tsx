/**
 * /account/profile — the signed-in user's own profile, for every role: the
 * e-mail (the sign-in name, read-only) and role, the editable name and
 * phone (`PATCH /api/v1/users/{id}` allows them for one's own account), the
 * profile photo, and links to change the password and the notification
 * preferences.
 */
import { type FormEvent, useState } from 'react';
import { Alert, Anchor, Button, Card, Center, Group, Loader, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type AccountUser, NAME_MAX, PHONE_MAX, problemField, useUpdateProfile } from '../api/account';
import { useMe } from '../api/auth';
import { ProfilePhotoCard } from '../components/account/ProfilePhotoCard';
import { useErrorMessage } from '../i18n/errors';

type NameProblem = 'nameRequired' | 'nameTooLong';
type PhoneProblem = 'phoneTooLong';

function DetailsForm({ user }: { user: AccountUser }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateProfile(user.id);
  const [name, setName] = useState(user.name);
  const [phone, setPhone] = useState(user.phone ?? '');
  const [problems, setProblems] = useState<{ name: NameProblem | null; phone: PhoneProblem | null }>({
    name: null,
    phone: null,
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmedName = name.trim();
    const found = {
      name: trimmedName === '' ? ('nameRequired' as const) : [...trimmedName].length > NAME_MAX ? ('nameTooLong' as const) : null,
      phone: [...phone.trim()].length > PHONE_MAX ? ('phoneTooLong' as const) : null,
    };
    setProblems(found);
    if (found.name || found.phone) return;
    update.mutate(
      { name: trimmedName, phone: phone.trim() },
      {
        onSuccess: (saved) => {
          setName(saved.name);
          setPhone(saved.phone ?? '');
          notifications.show({ color: 'green', message: t('accountArea.profile.saved') });
        },
      },
    );
  };

  const serverField = update.isError ? problemField(update.error) : null;
  const serverMessage = update.isError ? errorMessage(update.error) : null;
  const nameError = problems.name
    ? t(`accountArea.profile.${problems.name}`, { max: NAME_MAX })
    : serverField === 'name'
      ? t('accountArea.profile.nameInvalid')
      : null;
  const phoneError = problems.phone
    ? t(`accountArea.profile.${problems.phone}`, { max: PHONE_MAX })
    : serverField === 'phone'
      ? t('accountArea.profile.phoneInvalid')
      : null;

  return (
    <Card withBorder padding="lg">
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <Title order={2} size="h4">
            {t('accountArea.profile.details')}
          </Title>
          {update.isError && serverField !== 'name' && serverField !== 'phone' && (
            <Alert color="red" variant="light">
              {serverMessage}
            </Alert>
          )}
          <TextInput
            label={t('accountArea.profile.email')}
            description={t('accountArea.profile.emailHint')}
            value={user.email}
            readOnly
            type="email"
            autoComplete="email"
          />
          <TextInput label={t('accountArea.profile.role')} value={t(`roles.${user.role}`)} readOnly />
          <TextInput
            label={t('accountArea.profile.name')}
            name="name"
            autoComplete="name"
            required
            value={name}
            onChange={(e) => setName(e.currentTarget.value)}
            error={nameError}
          />
          <TextInput
            label={t('accountArea.profile.phone')}
            name="phone"
            type="tel"
            autoComplete="tel"
            value={phone}
            onChange={(e) => setPhone(e.currentTarget.value)}
            error={phoneError}
          />
          <Button type="submit" loading={update.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('accountArea.profile.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const me = useMe();
  useDocumentTitle(`${t('accountArea.profile.title')} · ${t('app.name')}`);
  const user = me.data as AccountUser | null | undefined;

  return (
    <Stack maw={720}>
      <div>
        <Title order={1} size="h2">
          {t('accountArea.profile.title')}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('accountArea.profile.intro')}
        </Text>
      </div>
      {me.isPending ? (
        <Center py="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : me.isError ? (
        <Alert color="red" variant="light">
          {errorMessage(me.error)}
        </Alert>
      ) : !user ? (
        <Text>{t('common.empty')}</Text>
      ) : (
        <>
          <ProfilePhotoCard user={user} />
          {/* Remount with the new values when the session user changes elsewhere. */}
          <DetailsForm key={user.id} user={user} />
          <Card withBorder padding="lg">
            <Stack gap="xs">
              <Title order={2} size="h4">
                {t('accountArea.profile.security')}
              </Title>
              <Group gap="lg">
                <Anchor component={Link} to="/account/password">
                  {t('accountArea.profile.changePassword')}
                </Anchor>
                <Anchor component={Link} to="/account/notifications">
                  {t('accountArea.profile.notificationSettings')}
                </Anchor>
              </Group>
            </Stack>
          </Card>
        </>
      )}
    </Stack>
  );
}
