/** /company — a customer contact's own company data (read-only). */
import { Card, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { useCurrentUser } from '../components/RequireAuth';

interface Customer {
  number: string;
  name: string;
  tax_id: string;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
}

export function CompanyPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.company'));
  const user = useCurrentUser();
  const company = useQuery({
    queryKey: ['customer', user.customer_id],
    queryFn: ({ signal }) => api.get<Customer>(`/api/v1/customers/${user.customer_id}`, signal),
    enabled: !!user.customer_id,
  });
  const c = company.data;
  return (
    <Stack maw={640}>
      <Title order={1} size="h2">
        {t('nav.company')}
      </Title>
      {company.isPending && <Loader aria-label={t('common.loading')} />}
      {c && (
        <Card withBorder>
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={4}>
            <Text fw={600}>{t('lists.name')}</Text>
            <Text>{c.name}</Text>
            <Text fw={600}>{t('lists.number')}</Text>
            <Text>{c.number}</Text>
            <Text fw={600}>{t('lists.taxId')}</Text>
            <Text>{c.tax_id}</Text>
            <Text fw={600}>{t('lists.phone')}</Text>
            <Text>{c.phone ?? '—'}</Text>
            <Text fw={600}>{t('lists.email')}</Text>
            <Text>{c.email ?? '—'}</Text>
            <Text fw={600}>{t('lists.address')}</Text>
            <Text>{c.address ?? '—'}</Text>
          </SimpleGrid>
        </Card>
      )}
    </Stack>
  );
}
