/**
 * /audit — the audit log (master): who did what and when. Each entry is a
 * sentence naming the actor and what it was about, in the reader's language,
 * at the company's clock; filters by user, action and a range of days (the
 * company's calendar) go to the server, and older entries load on demand.
 */
import { Button, Group, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AUDIT_ACTIONS, AUDIT_PAGE, type AuditAction, type AuditFilters, fetchAudit } from '../api/audit';
import { useStaffUsers } from '../api/admin';
import { QueryStatus } from '../components/QueryStatus';
import { auditDetail, auditSentence } from '../components/audit/auditText';
import { type DateRange, DateRangeFields, rangeIsValid } from '../components/records/DateRangeFields';
import { formatDateTime } from '../lib/format';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('auditArea.title'));
  const [actor, setActor] = useState<string | null>(null);
  const [action, setAction] = useState<AuditAction | null>(null);
  const [range, setRange] = useState<DateRange>({ from: '', to: '' });
  const users = useStaffUsers();

  const filters: AuditFilters = {
    actor: actor ?? undefined,
    action: action ?? undefined,
    from: range.from || undefined,
    to: range.to || undefined,
  };
  const entries = useInfiniteQuery({
    queryKey: ['audit', filters],
    queryFn: ({ pageParam, signal }) => fetchAudit(filters, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => (last.length === AUDIT_PAGE ? last[last.length - 1].id : null),
    enabled: rangeIsValid(range),
    placeholderData: keepPreviousData,
  });
  const items = entries.data?.pages.flat() ?? [];
  const filtered = actor !== null || action !== null || range.from !== '' || range.to !== '';
  const lang = i18n.language;

  return (
    <Stack>
      <div>
        <Title order={1} size="h2">
          {t('auditArea.title')}
        </Title>
        <Text c="dimmed" size="sm">
          {t('auditArea.intro')}
        </Text>
      </div>
      <Group align="flex-end" gap="sm" wrap="wrap">
        <Select
          label={t('auditArea.filters.actor')}
          placeholder={t('auditArea.filters.actorPlaceholder')}
          data={(users.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
          value={actor}
          onChange={setActor}
          searchable
          clearable
          w={{ base: '100%', xs: 220 }}
        />
        <Select
          label={t('auditArea.filters.action')}
          placeholder={t('auditArea.filters.actionPlaceholder')}
          data={AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`auditArea.action.${a}`) }))}
          value={action}
          onChange={(v) => setAction(v as AuditAction | null)}
          clearable
          w={{ base: '100%', xs: 240 }}
        />
        <DateRangeFields value={range} onChange={setRange} />
        {filtered && (
          <Button
            variant="subtle"
            onClick={() => {
              setActor(null);
              setAction(null);
              setRange({ from: '', to: '' });
            }}
          >
            {t('auditArea.filters.clear')}
          </Button>
        )}
      </Group>
      <QueryStatus
        query={{ ...entries, isPending: entries.isPending && rangeIsValid(range), data: entries.data ? items : undefined }}
        isEmpty={(list) => list.length === 0}
        empty={t('auditArea.empty')}
      >
        {(list) => (
          <>
            <Text size="sm" c="dimmed" data-testid="audit-count">
              {t('auditArea.count', { count: list.length })}
            </Text>
            <Table.ScrollContainer minWidth={640}>
              <Table striped data-testid="audit-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('auditArea.columns.when')}</Table.Th>
                    <Table.Th>{t('auditArea.columns.who')}</Table.Th>
                    <Table.Th>{t('auditArea.columns.what')}</Table.Th>
                    <Table.Th>{t('auditArea.columns.detail')}</Table.Th>
                    <Table.Th>{t('auditArea.columns.ip')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {list.map((e) => (
                    <Table.Tr key={e.id} data-action={e.action}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(e.at, lang)}</Table.Td>
                      <Table.Td>{e.actor_name ?? t('auditArea.someone')}</Table.Td>
                      <Table.Td>{auditSentence(e, t)}</Table.Td>
                      <Table.Td>{auditDetail(e, t)}</Table.Td>
                      <Table.Td>{e.ip}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
            {entries.hasNextPage && (
              <Button variant="default" onClick={() => void entries.fetchNextPage()} loading={entries.isFetchingNextPage}>
                {t('auditArea.more')}
              </Button>
            )}
          </>
        )}
      </QueryStatus>
    </Stack>
  );
}
