/**
 * /reset-password?token=… (recovery e-mail) and /set-password?token=…
 * (invitation e-mail): choose a password, confirm it, and POST it with the
 * token to /api/v1/auth/reset. The two routes differ only in wording.
 */
import { type FormEvent, useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useSearchParams } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useResetPassword } from '../api/auth';
import { PasswordField } from '../components/PasswordField';
import { errorCode, useErrorMessage } from '../i18n/errors';
import { validateNewPassword } from '../lib/validation';

export type ResetMode = 'reset' | 'invitation';

export function ResetPasswordPage({ mode }: { mode: ResetMode }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [searchParams] = useSearchParams();
  const token = searchParams.get('token') ?? '';
  const reset = useResetPassword();
  const [password, setPassword] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [errors, setErrors] = useState<ReturnType<typeof validateNewPassword> | null>(null);

  const text =
    mode === 'reset'
      ? { title: t('reset.title'), intro: t('reset.intro'), success: t('reset.success') }
      : { title: t('setPassword.title'), intro: t('setPassword.intro'), success: t('setPassword.success') };
  useDocumentTitle(`${text.title} · ${t('app.name')}`);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = validateNewPassword(password, confirmation);
    setErrors(found);
    if (found.password || found.confirmation) return;
    reset.mutate({ token, new_password: password });
  };

  const requestNewLink = (
    <Anchor component={Link} to="/forgot-password" size="sm">
      {t('reset.requestNewLink')}
    </Anchor>
  );

  let body;
  if (token === '') {
    body = (
      <>
        <Alert color="red" variant="light">
          {t('reset.missingToken')}
        </Alert>
        {requestNewLink}
      </>
    );
  } else if (reset.isSuccess) {
    body = (
      <>
        <Alert color="green" variant="light" role="status">
          {text.success}
        </Alert>
        <Button component={Link} to="/login" fullWidth>
          {t('passwordForm.goToLogin')}
        </Button>
      </>
    );
  } else {
    body = (
      <form onSubmit={handleSubmit} noValidate>
        <Stack>
          {reset.isError && (
            <Alert color="red" variant="light">
              {errorMessage(reset.error)}
              {errorCode(reset.error) === 'invalid_token' && <div>{requestNewLink}</div>}
            </Alert>
          )}
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
          <Button type="submit" fullWidth loading={reset.isPending}>
            {t('passwordForm.submit')}
          </Button>
        </Stack>
      </form>
    );
  }

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {text.title}
        </Title>
        {token !== '' && !reset.isSuccess && (
          <Text c="dimmed" size="sm" mt={4}>
            {text.intro}
          </Text>
        )}
      </div>
      {body}
    </Stack>
  );
}
