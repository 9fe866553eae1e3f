/**
 * /forgot-password — asks for a recovery e-mail. The server answers 202
 * whether or not the account exists, and so does this page: the same
 * "if the account exists, we sent a link" message, to avoid revealing
 * accounts. Only failures where no e-mail can have been sent (server
 * unreachable, server error, rate limit) are reported as errors.
 */
import { type FormEvent, useState } from 'react';
import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useRecoverPassword } from '../api/auth';
import { ApiError } from '../api/client';
import { useErrorMessage } from '../i18n/errors';
import { type ValidationKey, validateEmail } from '../lib/validation';

/** True when the request certainly did not send anything, so saying "sent" would mislead. */
function isDeliveryFailure(error: unknown): boolean {
  return !(error instanceof ApiError) || error.status === 0 || error.status === 429 || error.status >= 500;
}

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const recover = useRecoverPassword();
  const [email, setEmail] = useState('');
  const [emailError, setEmailError] = useState<ValidationKey | null>(null);
  useDocumentTitle(`${t('forgot.title')} · ${t('app.name')}`);
  const sent = recover.isSuccess || (recover.isError && !isDeliveryFailure(recover.error));

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problem = validateEmail(email);
    setEmailError(problem);
    if (!problem) recover.mutate(email.trim());
  };

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('forgot.title')}
        </Title>
        {!sent && (
          <Text c="dimmed" size="sm" mt={4}>
            {t('forgot.intro')}
          </Text>
        )}
      </div>
      {sent ? (
        <Alert color="green" variant="light" role="status">
          {t('forgot.sent')}
        </Alert>
      ) : (
        <form onSubmit={handleSubmit} noValidate>
          <Stack>
            {recover.isError && (
              <Alert color="red" variant="light">
                {errorMessage(recover.error)}
              </Alert>
            )}
            <TextInput
              label={t('login.email')}
              type="email"
              name="email"
              autoComplete="email"
              inputMode="email"
              required
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
              error={emailError ? t(emailError) : undefined}
            />
            <Button type="submit" fullWidth loading={recover.isPending}>
              {t('forgot.submit')}
            </Button>
          </Stack>
        </form>
      )}
      <Anchor component={Link} to="/login" size="sm" ta="center">
        {t('forgot.backToLogin')}
      </Anchor>
    </Stack>
  );
}
