/** Simple read-only lists: customers (staff), users (master) and the audit log (master). */
import { Loader, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../api/orders';

type Row = Record<string, unknown>;

function SimpleList({ title, url, columns }: { title: string; url: string; columns: { key: string; label: string }[] }) {
  const { t, i18n } = useTranslation();
  useDocumentTitle(title);
  const list = useQuery({
    queryKey: ['list', url],
    queryFn: async ({ signal }) => {
      const r = await api.get<{ items: Row[] } | Row[]>(url, signal);
      return Array.isArray(r) ? r : r.items;
    },
  });
  const show = (v: unknown) => {
    if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)) return formatDateTime(v, i18n.language);
    if (typeof v === 'boolean') return v ? '✓' : '✗';
    if (v === null || v === undefined) return '';
    return typeof v === 'object' ? JSON.stringify(v) : String(v);
  };
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && list.data.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped>
            <Table.Thead>
              <Table.Tr>
                {columns.map((c) => (
                  <Table.Th key={c.key}>{c.label}</Table.Th>
                ))}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((row, i) => (
                <Table.Tr key={String(row.id ?? i)}>
                  {columns.map((c) => (
                    <Table.Td key={c.key}>{show(row[c.key])}</Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

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

export function UsersPage() {
  const { t } = useTranslation();
  return (
    <SimpleList
      title={t('nav.users')}
      url="/api/v1/users"
      columns={[
        { key: 'name', label: t('lists.name') },
        { key: 'email', label: t('lists.email') },
        { key: 'role', label: t('lists.role') },
        { key: 'active', label: t('lists.active') },
      ]}
    />
  );
}

export function AuditPage() {
  const { t } = useTranslation();
  return (
    <SimpleList
      title={t('nav.audit')}
      url="/api/v1/audit"
      columns={[
        { key: 'at', label: t('lists.date') },
        { key: 'action', label: t('lists.action') },
        { key: 'subject_type', label: t('lists.entity') },
        { key: 'detail', label: t('lists.detail') },
        { key: 'ip', label: 'IP' },
      ]}
    />
  );
}
