/** Read-only office views: the catalogs (order statuses, payment methods) and the company settings. */
import { Badge, Card, Group, Loader, SimpleGrid, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';

interface Status {
  id: string;
  visibility: 'public' | 'internal';
  label: string;
  position: number;
  active: boolean;
}
interface Method {
  id: string;
  name: string;
  active: boolean;
}

export function CatalogsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.catalogs'));
  const statuses = useQuery({ queryKey: ['order-statuses'], queryFn: ({ signal }) => api.get<Status[]>('/api/v1/order-statuses', signal) });
  const methods = useQuery({ queryKey: ['payment-methods'], queryFn: ({ signal }) => api.get<Method[]>('/api/v1/payment-methods', signal) });
  return (
    <Stack maw={820}>
      <Title order={1} size="h2">
        {t('nav.catalogs')}
      </Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {(['public', 'internal'] as const).map((v) => (
          <Card withBorder key={v} component="section" aria-label={t(`catalogs.${v}`)}>
            <Title order={2} size="h4" mb="xs">
              {t(`catalogs.${v}`)}
            </Title>
            {statuses.isPending && <Loader size="sm" aria-label={t('common.loading')} />}
            <Stack gap={4}>
              {(statuses.data ?? [])
                .filter((s) => s.visibility === v)
                .map((s) => (
                  <Group key={s.id} gap="xs">
                    <Text size="sm" c={s.active ? undefined : 'dimmed'}>
                      {s.position}. {s.label}
                    </Text>
                    {!s.active && <Badge size="xs" color="gray">{t('catalogs.inactive')}</Badge>}
                  </Group>
                ))}
            </Stack>
          </Card>
        ))}
      </SimpleGrid>
      <Card withBorder component="section" aria-label={t('catalogs.paymentMethods')}>
        <Title order={2} size="h4" mb="xs">
          {t('catalogs.paymentMethods')}
        </Title>
        <Table>
          <Table.Tbody>
            {(methods.data ?? []).map((m) => (
              <Table.Tr key={m.id}>
                <Table.Td>{m.name}</Table.Td>
                <Table.Td>{m.active ? '' : t('catalogs.inactive')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}

export function SettingsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.settings'));
  const settings = useQuery({
    queryKey: ['settings', 'company', 'raw'],
    queryFn: ({ signal }) => api.get<Record<string, string | null>>('/api/v1/settings/company', signal),
  });
  const fields = ['company_name', 'address', 'phone', 'email', 'currency', 'tax_rate', 'tax_id_country', 'time_zone', 'terms'] as const;
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('nav.settings')}
      </Title>
      {settings.isPending && <Loader aria-label={t('common.loading')} />}
      {settings.data && (
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={4}>
            {fields.map((f) => (
              <Stack key={f} gap={0}>
                <Text size="sm" fw={600}>
                  {t(`settingsPage.${f}`)}
                </Text>
                <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {settings.data[f] || '—'}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        </Card>
      )}
    </Stack>
  );
}
