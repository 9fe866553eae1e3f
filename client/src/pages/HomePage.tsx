/** / — the signed-in landing page; for now a welcome card. */
import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useCurrentUser } from '../components/RequireAuth';
import { useCompanyName } from '../api/settings';

export function HomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const companyName = useCompanyName(t('app.name'));
  useDocumentTitle(`${t('nav.home')} · ${companyName}`);

  return (
    <Card withBorder padding="lg" maw={640}>
      <Stack gap="xs">
        <Title order={1} size="h2">
          {t('home.greeting', { name: user.name })}
        </Title>
        <Text>{t('home.welcome', { company: companyName })}</Text>
        <Group gap="xs">
          <Text size="sm" c="dimmed">
            {t('home.role')}:
          </Text>
          <Badge variant="light">{t(`roles.${user.role}`)}</Badge>
        </Group>
      </Stack>
    </Card>
  );
}
