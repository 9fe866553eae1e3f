/**
 * /company — the customer portal's view of the contact's own company: its
 * data (contact details editable; tax id and commercial terms stay with the
 * office, the server keeps them), its contacts and its equipment with
 * engine-hour readings. The server scopes every request to the contact's
 * company, and the forms are the same components the staff pages use.
 */
import { Alert, Badge, Card, Group, Loader, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { useCustomer } from '../api/customers';
import { useCompanySettings } from '../api/settings';
import { useCurrentUser } from '../components/RequireAuth';
import { ContactsSection } from '../components/customers/ContactsSection';
import { CustomerSummary } from '../components/customers/CustomerSummary';
import { EquipmentSection } from '../components/customers/EquipmentSection';
import { useErrorMessage } from '../i18n/errors';

export function CompanyPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.company'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const company = useCustomer(user.customer_id);
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const c = company.data;

  return (
    <Stack maw={1000}>
      <Title order={1} size="h2">
        {t('nav.company')}
      </Title>
      {!user.customer_id && (
        <Alert color="yellow" role="alert">
          {t('customersArea.company.noCompany')}
        </Alert>
      )}
      {user.customer_id && company.isPending && <Loader aria-label={t('common.loading')} />}
      {company.isError && (
        <Alert color="red" role="alert">
          {errorMessage(company.error)}
        </Alert>
      )}
      {c && (
        <>
          <Group gap="xs">
            <Title order={2} size="h3" style={{ overflowWrap: 'anywhere' }}>
              {c.name}
            </Title>
            <Badge variant="outline">{c.number}</Badge>
          </Group>
          <CustomerSummary customer={c} currency={currency} mode="portal" />
          <Card withBorder>
            <ContactsSection customerId={c.id} canInvite={false} />
          </Card>
          <Card withBorder>
            <EquipmentSection customerId={c.id} />
          </Card>
        </>
      )}
    </Stack>
  );
}
