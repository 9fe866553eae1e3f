/**
 * /documents — the customer portal's documents: the files the office
 * marked shared in the contact's company file (contracts, manuals,
 * certificates), each with its size and date and a download link. The
 * server lists only the shared ones of the contact's own company; the page
 * is a list of cards so it reads at 360 px.
 */
import { Alert, Anchor, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useCustomerDocuments } from '../api/crm';
import { useCompanySettings } from '../api/settings';
import { useCurrentUser } from '../components/RequireAuth';
import { QueryStatus } from '../components/QueryStatus';

function size(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.ceil(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function MyDocumentsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('nav.documents'));
  const user = useCurrentUser();
  const company = user.customer_id ?? '';
  const documents = useCustomerDocuments(company, !!user.customer_id);
  const timeZone = useCompanySettings().data?.time_zone || undefined;
  const day = (iso: string) => new Date(iso).toLocaleDateString(i18n.language, { dateStyle: 'medium', timeZone });

  return (
    <Stack maw={720}>
      <Title order={1} size="h2">
        {t('nav.documents')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('crm.portalDocuments.intro')}
      </Text>
      {!user.customer_id ? (
        <Alert color="yellow" role="alert">
          {t('customersArea.company.noCompany')}
        </Alert>
      ) : (
        <QueryStatus query={documents} isEmpty={(list) => list.length === 0} empty={t('crm.portalDocuments.empty')}>
          {(list) => (
            <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {list.map((d) => (
                <Card key={d.id} withBorder padding="sm" component="li">
                  <Group justify="space-between" wrap="wrap" gap="xs">
                    <Anchor href={d.url} download={d.file_name} style={{ wordBreak: 'break-word' }}>
                      {d.file_name}
                    </Anchor>
                    <Text size="xs" c="dimmed">
                      {day(d.created_at)} · {size(d.size_bytes)}
                    </Text>
                  </Group>
                </Card>
              ))}
            </Stack>
          )}
        </QueryStatus>
      )}
    </Stack>
  );
}
