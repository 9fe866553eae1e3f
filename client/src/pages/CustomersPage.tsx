/** Customers directory (staff). Owned by the customers area. */
import { Stack, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SimpleList } from './ListPages';

export function CustomersPage() {
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  return (
    <Stack>
      <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} maw={260} />
      <SimpleList
        title={t('nav.customers')}
        url={`/api/v1/customers?limit=100${q.trim() ? `&q=${encodeURIComponent(q.trim())}` : ''}`}
        columns={[
          { key: 'number', label: t('lists.number') },
          { key: 'name', label: t('lists.name') },
          { key: 'tax_id', label: t('lists.taxId') },
          { key: 'phone', label: t('lists.phone') },
        ]}
      />
    </Stack>
  );
}

