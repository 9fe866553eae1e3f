/** / — the signed-in landing page; for now a welcome card. */
import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
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
    <Stack maw={640}>
    <Card withBorder padding="lg">
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
    {user.role !== 'customer' && user.role !== 'technician' && <Summary />}
    </Stack>
  );
}

function useCount(url: string) {
  return useQuery({
    queryKey: ['count', url],
    queryFn: async ({ signal }) => {
      const page = await api.get<{ items: unknown[]; next_cursor?: string | null }>(url, signal);
      return page.next_cursor ? `${page.items.length}+` : String(page.items.length);
    },
  });
}

/** Staff dashboard: open orders and open tickets at a glance. */
function Summary() {
  const { t } = useTranslation();
  const orders = useCount('/api/v1/orders?state=open&limit=100');
  const tickets = useCount('/api/v1/tickets?state=open&limit=100');
  return (
    <SimpleGrid cols={{ base: 1, xs: 2 }} aria-label={t('home.summary')} component="section">
      <Card withBorder component={Link} to="/orders">
        <Text size="sm" c="dimmed">{t('home.openOrders')}</Text>
        <Text fw={700} size="xl" data-testid="open-orders">{orders.data ?? '…'}</Text>
      </Card>
      <Card withBorder component={Link} to="/tickets">
        <Text size="sm" c="dimmed">{t('home.openTickets')}</Text>
        <Text fw={700} size="xl" data-testid="open-tickets">{tickets.data ?? '…'}</Text>
      </Card>
    </SimpleGrid>
  );
}
