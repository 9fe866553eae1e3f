/**
 * /crm/opportunities — the list view. Its filters (owner, stage, customer,
 * expected close range, value range) live in the URL, so a filtered list
 * can be bookmarked and shared; the server applies them all together
 * within the caller's scope.
 */
import { Alert, Anchor, Badge, Button, Select, SimpleGrid, Stack, Table, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { CRM_ROLES, STAGES, type OpportunityFilters, isOffice, useOpportunities } from '../../api/crm';
import { useSellers } from '../../api/customers';
import { useCompanySettings } from '../../api/settings';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { formatDate, formatMoney } from '../../lib/format';
import { useCrmFeed } from '../../realtime/useCrmFeed';
import { CrmNav, QuickActions } from './CrmNav';

const KEYS = ['owner_id', 'stage', 'customer_id', 'close_from', 'close_to', 'value_min', 'value_max'] as const;

export function OpportunitiesPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('crm.listTitle'));
  const user = useCurrentUser();
  const allowed = CRM_ROLES.includes(user.role);
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const filters: OpportunityFilters = {};
  for (const k of KEYS) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const list = useOpportunities(filters, allowed);
  const sellers = useSellers(allowed && isOffice(user.role));
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const timeZone = settings.data?.time_zone || undefined;
  useCrmFeed(allowed ? user.role : undefined, user.id);

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  const set = (key: (typeof KEYS)[number], value: string | null) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
  };

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('crm.listTitle')}
      </Title>
      <CrmNav />
      <QuickActions onNewOpportunity={() => navigate('/crm?new=1')} />
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {isOffice(user.role) && (
          <Select
            label={t('crm.filters.owner')}
            placeholder={t('crm.filters.any')}
            clearable
            value={filters.owner_id ?? null}
            onChange={(v) => set('owner_id', v)}
            data={[
              { value: user.id, label: user.name },
              ...(sellers.data ?? []).map((s) => ({ value: s.id, label: s.name })),
            ]}
          />
        )}
        <Select
          label={t('crm.filters.stage')}
          placeholder={t('crm.filters.any')}
          clearable
          value={filters.stage ?? null}
          onChange={(v) => set('stage', v)}
          data={STAGES.map((s) => ({ value: s, label: t(`crm.stages.${s}`) }))}
        />
        <TextInput
          type="date"
          label={t('crm.filters.closeFrom')}
          value={filters.close_from ?? ''}
          onChange={(e) => set('close_from', e.currentTarget.value)}
        />
        <TextInput
          type="date"
          label={t('crm.filters.closeTo')}
          value={filters.close_to ?? ''}
          onChange={(e) => set('close_to', e.currentTarget.value)}
        />
        <TextInput
          inputMode="decimal"
          label={t('crm.filters.valueMin')}
          value={filters.value_min ?? ''}
          onChange={(e) => set('value_min', e.currentTarget.value)}
        />
        <TextInput
          inputMode="decimal"
          label={t('crm.filters.valueMax')}
          value={filters.value_max ?? ''}
          onChange={(e) => set('value_max', e.currentTarget.value)}
        />
        {params.size > 0 && (
          <Button variant="subtle" onClick={() => setParams(new URLSearchParams(), { replace: true })} mt="lg">
            {t('crm.filters.clear')}
          </Button>
        )}
      </SimpleGrid>
      <QueryStatus query={list} isEmpty={(p) => p.items.length === 0}>
        {(page) => (
          <Table.ScrollContainer minWidth={640}>
            <Table striped highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('crm.fields.title')}</Table.Th>
                  <Table.Th>{t('crm.fields.customer')}</Table.Th>
                  <Table.Th>{t('crm.fields.stage')}</Table.Th>
                  <Table.Th>{t('crm.fields.value')}</Table.Th>
                  <Table.Th>{t('crm.fields.probability')}</Table.Th>
                  <Table.Th>{t('crm.fields.expectedClose')}</Table.Th>
                  <Table.Th>{t('crm.fields.owner')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {page.items.map((o) => (
                  <Table.Tr key={o.id}>
                    <Table.Td>
                      <Anchor component={Link} to={`/crm/opportunities/${o.id}`}>
                        {o.title}
                      </Anchor>
                    </Table.Td>
                    <Table.Td>{o.customer_name}</Table.Td>
                    <Table.Td>
                      <Badge variant="light">{t(`crm.stages.${o.stage}`)}</Badge>
                    </Table.Td>
                    <Table.Td>{formatMoney(o.value, currency, i18n.language)}</Table.Td>
                    <Table.Td>{o.probability} %</Table.Td>
                    <Table.Td>{o.expected_close ? formatDate(`${o.expected_close}T12:00:00Z`, i18n.language, timeZone) : '—'}</Table.Td>
                    <Table.Td>{o.owner_name}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </QueryStatus>
    </Stack>
  );
}
