/** The audit log (master): a simple read-only list. */
import { Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import { formatDateTime } from '../lib/format';

type Row = Record<string, unknown>;

export function SimpleList({ title, url, columns }: { title: string; url: string; columns: { key: string; label: string }[] }) {
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
