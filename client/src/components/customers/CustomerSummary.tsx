/**
 * Read-only card with a customer's data, with an "Edit" button that swaps it
 * for {@link CustomerForm}. Shared by the staff customer page and the
 * portal's /company page (which hides the commercial terms it cannot edit).
 */
import { Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Customer, updateCustomer, useCustomerSaved } from '../../api/customers';
import { formatMoney } from '../../lib/format';
import { CustomerForm } from './CustomerForm';

export function CustomerSummary({
  customer,
  currency,
  ownerName,
  mode = 'staff',
}: {
  customer: Customer;
  currency: string;
  /** Owner seller's name, when the viewer may know it. */
  ownerName?: string;
  mode?: 'staff' | 'portal';
}) {
  const { t, i18n } = useTranslation();
  const saved = useCustomerSaved();
  const [editing, setEditing] = useState(false);
  const portal = mode === 'portal';
  const scheme = t(`customersArea.taxIdScheme.${customer.tax_id_country}`);
  const rows: [string, string][] = [
    [t('customersArea.fields.number'), customer.number],
    [t('customersArea.fields.taxId', { scheme }), customer.tax_id],
    [t('customersArea.fields.phone'), customer.phone || '—'],
    [t('customersArea.fields.email'), customer.email || '—'],
    [t('customersArea.fields.address'), customer.address || '—'],
  ];
  if (!portal) {
    rows.push(
      [t('customersArea.fields.category'), customer.category || '—'],
      [t('customersArea.fields.creditLimit'), formatMoney(customer.credit_limit, currency, i18n.language)],
    );
    if (ownerName !== undefined) rows.push([t('customersArea.fields.owner'), ownerName]);
    rows.push([t('customersArea.fields.notes'), customer.notes || '—']);
  }
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={2} size="h4">
            {portal ? t('customersArea.company.data') : t('customersArea.data')}
          </Title>
          {!editing && (
            <Button variant="light" onClick={() => setEditing(true)}>
              {t('customersArea.edit')}
            </Button>
          )}
        </Group>
        {editing ? (
          <CustomerForm
            initial={customer}
            mode={mode}
            currency={currency}
            submitLabel={t('customersArea.save')}
            onSubmit={(input) => updateCustomer(customer.id, input)}
            onSaved={(c) => {
              saved(c);
              setEditing(false);
              notifications.show({
                color: 'green',
                message: portal ? t('customersArea.company.saved') : t('customersArea.saved'),
              });
            }}
            onCancel={() => setEditing(false)}
          />
        ) : (
          <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={4} verticalSpacing={4}>
            {rows.map(([label, value]) => (
              <Stack key={label} gap={0} mb="xs">
                <Text size="sm" c="dimmed">
                  {label}
                </Text>
                <Text style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                  {value}
                </Text>
              </Stack>
            ))}
          </SimpleGrid>
        )}
      </Stack>
    </Card>
  );
}
