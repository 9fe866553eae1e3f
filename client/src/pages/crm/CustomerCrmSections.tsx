/**
 * The CRM additions to a customer's profile: the active opportunities
 * (with "Create opportunity") for roles with the CRM, and the documents on
 * the customer's file (upload and delete by office roles, marked shared
 * or not; sellers read them).
 */
import { Anchor, Badge, Button, Card, Checkbox, FileButton, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import {
  CRM_ROLES,
  createOpportunity,
  deleteCustomerDocument,
  isOffice,
  uploadCustomerDocument,
  useCrmRefresh,
  useCustomerDocuments,
  useOpportunities,
} from '../../api/crm';
import { useCompanySettings } from '../../api/settings';
import { useCurrentUser } from '../../components/RequireAuth';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime, formatMoney } from '../../lib/format';
import { OpportunityForm } from './OpportunityForm';

export function CustomerCrmSections({ customerId }: { customerId: string }) {
  const user = useCurrentUser();
  if (!CRM_ROLES.includes(user.role)) return null;
  return (
    <>
      <Card withBorder>
        <ActiveOpportunities customerId={customerId} />
      </Card>
      <Card withBorder>
        <Documents customerId={customerId} />
      </Card>
    </>
  );
}

function ActiveOpportunities({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const list = useOpportunities({ customer_id: customerId });
  const refresh = useCrmRefresh();
  const currency = useCompanySettings().data?.currency ?? 'USD';
  const phone = useMediaQuery('(max-width: 36em)');
  const [creating, setCreating] = useState(false);
  const active = (list.data?.items ?? []).filter((o) => o.stage !== 'won' && o.stage !== 'lost');
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('crm.profile.opportunities')}
        </Title>
        <Button size="xs" onClick={() => setCreating(true)}>
          {t('crm.profile.new')}
        </Button>
      </Group>
      {active.length === 0 ? (
        <Text c="dimmed">{t('crm.profile.none')}</Text>
      ) : (
        active.map((o) => (
          <Group key={o.id} justify="space-between">
            <Anchor component={Link} to={`/crm/opportunities/${o.id}`}>
              {o.title}
            </Anchor>
            <Group gap="xs">
              <Badge variant="light">{t(`crm.stages.${o.stage}`)}</Badge>
              <Text size="sm">{formatMoney(o.value, currency, i18n.language)}</Text>
            </Group>
          </Group>
        ))
      )}
      <Modal opened={creating} onClose={() => setCreating(false)} title={t('crm.profile.new')} size="lg" fullScreen={phone}>
        <OpportunityForm
          customerId={customerId}
          onSubmit={createOpportunity}
          onSaved={() => {
            setCreating(false);
            refresh();
            notifications.show({ color: 'green', message: t('crm.form.created') });
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </Stack>
  );
}

function Documents({ customerId }: { customerId: string }) {
  const { t, i18n } = useTranslation();
  const user = useCurrentUser();
  const office = isOffice(user.role);
  const errorMessage = useErrorMessage();
  const docs = useCustomerDocuments(customerId);
  const refresh = useCrmRefresh();
  const timeZone = useCompanySettings().data?.time_zone || undefined;
  const [shared, setShared] = useState(false);
  const [busy, setBusy] = useState(false);
  const upload = async (file: File | null) => {
    if (!file) return;
    setBusy(true);
    try {
      await uploadCustomerDocument(customerId, file, shared);
      notifications.show({ color: 'green', message: t('crm.documents.uploaded') });
      refresh();
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={2} size="h4">
          {t('crm.documents.title')}
        </Title>
        {office && (
          <Group gap="xs">
            <Checkbox label={t('crm.documents.shared')} checked={shared} onChange={(e) => setShared(e.currentTarget.checked)} />
            <FileButton onChange={(f) => void upload(f)} accept="application/pdf,image/*,text/plain">
              {(props) => (
                <Button size="xs" loading={busy} {...props}>
                  {t('crm.documents.upload')}
                </Button>
              )}
            </FileButton>
          </Group>
        )}
      </Group>
      {(docs.data ?? []).length === 0 ? (
        <Text c="dimmed">{t('crm.documents.empty')}</Text>
      ) : (
        <Table.ScrollContainer minWidth={320}>
          <Table>
            <Table.Tbody>
              {(docs.data ?? []).map((d) => (
                <Table.Tr key={d.id}>
                  <Table.Td>
                    <Anchor href={d.url}>{d.file_name}</Anchor>
                    {d.shared && (
                      <Badge ml="xs" size="xs" variant="light">
                        {t('crm.documents.shared')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{formatDateTime(d.created_at, i18n.language, timeZone)}</Table.Td>
                  {office && (
                    <Table.Td>
                      <Button
                        size="compact-xs"
                        color="red"
                        variant="subtle"
                        onClick={async () => {
                          try {
                            await deleteCustomerDocument(customerId, d.id);
                            refresh();
                          } catch (err) {
                            notifications.show({ color: 'red', message: errorMessage(err) });
                          }
                        }}
                      >
                        {t('crm.documents.delete')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
