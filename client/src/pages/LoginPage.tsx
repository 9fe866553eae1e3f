/**
 * /login — e-mail + password, "keep me signed in", link to recovery. On
 * success the user goes back to the page the auth guard interrupted (or /).
 */
import { type FormEvent, useState } from 'react';
import { Alert, Anchor, Button, Checkbox, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useLocation, useNavigate } from 'react-router-dom';
import { useTranslation } from 'react-i18next';
import { useLogin } from '../api/auth';
import { PasswordField } from '../components/PasswordField';
import type { RedirectState } from '../components/RequireAuth';
import { useErrorMessage } from '../i18n/errors';
import { type ValidationKey, validateEmail, validateRequiredPassword } from '../lib/validation';

/** Where to go after login: the guarded page the user asked for, never an auth page. */
function redirectTarget(state: unknown): string {
  const from = (state as RedirectState | null)?.from;
  if (!from?.pathname?.startsWith('/') || from.pathname.startsWith('//') || from.pathname === '/login') {
    return '/';
  }
  return `${from.pathname}${from.search ?? ''}${from.hash ?? ''}`;
}

export function LoginPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const location = useLocation();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [rememberMe, setRememberMe] = useState(false);
  const [errors, setErrors] = useState<{ email?: ValidationKey | null; password?: ValidationKey | null }>({});
  useDocumentTitle(`${t('login.title')} · ${t('app.name')}`);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const found = { email: validateEmail(email), password: validateRequiredPassword(password) };
    setErrors(found);
    if (found.email || found.password) return;
    login.mutate(
      { email: email.trim(), password, remember_me: rememberMe },
      { onSuccess: () => navigate(redirectTarget(location.state), { replace: true }) },
    );
  };

  return (
    <form onSubmit={handleSubmit} noValidate>
      <Stack>
        <div>
          <Title order={1} size="h2">
            {t('login.title')}
          </Title>
          <Text c="dimmed" size="sm" mt={4}>
            {t('login.intro')}
          </Text>
        </div>
        {login.isError && (
          <Alert color="red" variant="light">
            {errorMessage(login.error)}
          </Alert>
        )}
        <TextInput
          label={t('login.email')}
          type="email"
          name="email"
          autoComplete="username"
          inputMode="email"
          required
          value={email}
          onChange={(e) => setEmail(e.currentTarget.value)}
          error={errors.email ? t(errors.email) : undefined}
        />
        <PasswordField
          label={t('login.password')}
          name="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.currentTarget.value)}
          error={errors.password ? t(errors.password) : undefined}
        />
        <Checkbox
          label={t('login.remember')}
          name="remember_me"
          checked={rememberMe}
          onChange={(e) => setRememberMe(e.currentTarget.checked)}
        />
        <Button type="submit" fullWidth loading={login.isPending}>
          {t('login.submit')}
        </Button>
        <Anchor component={Link} to="/forgot-password" size="sm" ta="center">
          {t('login.forgot')}
        </Anchor>
      </Stack>
    </form>
  );
}
