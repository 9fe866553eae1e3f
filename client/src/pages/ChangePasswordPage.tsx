/** /account/password — change the signed-in user's password. */
import { type FormEvent, useState } from 'react';
import { Alert, Button, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { useChangePassword } from '../api/auth';
import { PasswordField } from '../components/PasswordField';
import { errorCode, useErrorMessage } from '../i18n/errors';
import { type ValidationKey, validateNewPassword, validateRequiredPassword } from '../lib/validation';

interface FieldErrors {
  current: ValidationKey | null;
  password: ValidationKey | null;
  confirmation: ValidationKey | null;
}

export function ChangePasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const change = useChangePassword();
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<FieldErrors | null>(null);
  useDocumentTitle(`${t('changePassword.title')} · ${t('app.name')}`);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found: FieldErrors = {
      current: validateRequiredPassword(current),
      ...validateNewPassword(password, confirmation),
    };
    setErrors(found);
    if (found.current || found.password || found.confirmation) return;
    change.mutate(
      { current_password: current, new_password: password },
      {
        onSuccess: () => {
          setCurrent('');
          setPassword('');
          setConfirmation('');
          notifications.show({ color: 'green', message: t('changePassword.success') });
        },
      },
    );
  };

  const failure =
    change.isError &&
    (errorCode(change.error) === 'invalid_credentials'
      ? t('changePassword.currentWrong')
      : errorMessage(change.error));

  return (
    <Paper withBorder p={{ base: 'md', sm: 'xl' }} maw={480}>
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          <div>
            <Title order={1} size="h2">
              {t('changePassword.title')}
            </Title>
            <Text c="dimmed" size="sm" mt={4}>
              {t('changePassword.intro')}
            </Text>
          </div>
          {failure && (
            <Alert color="red" variant="light">
              {failure}
            </Alert>
          )}
          {change.isSuccess && (
            <Alert color="green" variant="light" role="status">
              {t('changePassword.success')}
            </Alert>
          )}
          <PasswordField
            label={t('passwordForm.current')}
            name="current_password"
            autoComplete="current-password"
            required
            value={current}
            onChange={(e) => setCurrent(e.currentTarget.value)}
            error={errors?.current ? t(errors.current) : undefined}
          />
          <PasswordField
            label={t('passwordForm.new')}
            description={t('password.hint')}
            name="new_password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.currentTarget.value)}
            error={errors?.password ? t(errors.password) : undefined}
          />
          <PasswordField
            label={t('passwordForm.confirm')}
            name="confirm_password"
            autoComplete="new-password"
            required
            value={confirmation}
            onChange={(e) => setConfirmation(e.currentTarget.value)}
            error={errors?.confirmation ? t(errors.confirmation) : undefined}
          />
          <Button type="submit" loading={change.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('passwordForm.submit')}
          </Button>
        </Stack>
      </form>
    </Paper>
  );
}
