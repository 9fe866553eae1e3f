/**
 * /maintenance-requests — service requests from the portal, at any hour.
 *
 * Customer contacts file a request for one of their company's machines
 * (description, preferred dates, photos) and follow their requests' state.
 * Staff get an inbox: the requests in their scope filtered by state (open
 * ones first), each opening a detail panel to view photos, triage (priority,
 * assignee, or reject) and convert into a service order and/or an
 * appointment. The open request and the filter live in the URL
 * (`?id=…&state=…`) so a link to one request can be shared.
 *
 * The server filters by state (`requestFilterStates`: one query per state
 * the filter covers, merged newest first); rows show the machine and the
 * assignee from the request itself, so the list costs no further requests.
 */
import { Alert, Button, Group, Loader, NativeSelect, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueries } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useMe } from '../api/auth';
import {
  REQUEST_STATES,
  type RequestFilter,
  canCreateRequests,
  fetchRequests,
  mergeRequests,
  requestEquipment,
  requestFilterStates,
  requestListKey,
  requestListsKey,
} from '../api/schedule';
import { PriorityBadge, RequestStateBadge } from '../components/schedule/RequestBadges';
import { RequestDetail } from '../components/schedule/RequestDetail';
import { RequestForm } from '../components/schedule/RequestForm';
import { useErrorMessage } from '../i18n/errors';
import { formatDateTime } from '../lib/format';
import { useStaffFeed } from '../realtime/useStaffFeed';

export function MaintenanceRequestsPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(`${t('requestsArea.title')} · ${t('app.name')}`);
  const errorMessage = useErrorMessage();
  const me = useMe();
  const user = me.data;
  const role = user?.role;
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const isCustomer = role === 'customer';
  // New requests (a customer's from the portal) appear without a reload.
  useStaffFeed('staff:maintenance', role, [requestListsKey]);
  const defaultFilter: RequestFilter = isCustomer ? 'all' : 'open';
  const rawFilter = params.get('state');
  const filter: RequestFilter =
    rawFilter === 'open' || rawFilter === 'all' || (REQUEST_STATES as readonly string[]).includes(rawFilter ?? '')
      ? (rawFilter as RequestFilter)
      : defaultFilter;
  const selected = params.get('id');
  // Waits for the role: the default filter depends on it.
  const list = useQueries({
    queries: requestFilterStates(filter).map((state) => ({
      queryKey: requestListKey(state),
      queryFn: ({ signal }: { signal: AbortSignal }) => fetchRequests(state, signal),
      enabled: !!role,
    })),
    combine: (results) => ({
      data: results.every((r) => r.data) ? mergeRequests(results.map((r) => r.data ?? [])) : undefined,
      isPending: results.some((r) => r.isPending),
      error: results.find((r) => r.error)?.error ?? null,
    }),
  });

  const setParam = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null) next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };

  const shown = list.data ?? [];
  const lang = i18n.language;

  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={1} size="h2">
          {isCustomer ? t('requestsArea.myTitle') : t('requestsArea.title')}
        </Title>
        {user && canCreateRequests(user.role) && (
          <Button onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
            {t('requestsArea.new')}
          </Button>
        )}
      </Group>
      {creating && user && (
        <RequestForm
          user={user}
          onDone={(r) => {
            setCreating(false);
            setParam('id', r.id);
          }}
        />
      )}
      {selected && role && <RequestDetail key={selected} id={selected} role={role} onClose={() => setParam('id', null)} />}
      <Group align="flex-end">
        <NativeSelect
          label={t('requestsArea.filter')}
          value={filter}
          onChange={(e) => setParam('state', e.currentTarget.value === defaultFilter ? null : e.currentTarget.value)}
          data={[
            { value: 'open', label: t('requestsArea.openOnes') },
            { value: 'all', label: t('requestsArea.allOnes') },
            ...REQUEST_STATES.map((s) => ({ value: s, label: t(`requestsArea.states.${s}`) })),
          ]}
          w={220}
        />
      </Group>
      {list.isPending && !list.error && <Loader aria-label={t('common.loading')} />}
      {list.error && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && shown.length === 0 && <Text c="dimmed">{t('common.empty')}</Text>}
      {shown.length > 0 && (
        <Table.ScrollContainer minWidth={640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('requestsArea.createdAt')}</Table.Th>
                {!isCustomer && <Table.Th>{t('requestsArea.customer')}</Table.Th>}
                <Table.Th>{t('requestsArea.equipment')}</Table.Th>
                <Table.Th>{t('requestsArea.description')}</Table.Th>
                <Table.Th>{t('requestsArea.priority')}</Table.Th>
                {!isCustomer && <Table.Th>{t('requestsArea.assignee')}</Table.Th>}
                <Table.Th>{t('requestsArea.state')}</Table.Th>
                <Table.Th>
                  <VisuallyHidden>{t('requestsArea.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {shown.map((r) => (
                <Table.Tr key={r.id} aria-current={r.id === selected ? 'true' : undefined}>
                  <Table.Td>{formatDateTime(r.created_at, lang)}</Table.Td>
                  {!isCustomer && <Table.Td>{r.customer_name}</Table.Td>}
                  <Table.Td>{requestEquipment(r) || '—'}</Table.Td>
                  <Table.Td>
                    <Text size="sm" lineClamp={2}>
                      {r.description}
                    </Text>
                  </Table.Td>
                  <Table.Td>{r.priority ? <PriorityBadge priority={r.priority} /> : '—'}</Table.Td>
                  {!isCustomer && <Table.Td>{r.assignee_name ?? t('requestsArea.unassigned')}</Table.Td>}
                  <Table.Td>
                    <RequestStateBadge state={r.state} />
                  </Table.Td>
                  <Table.Td>
                    <Button
                      size="compact-sm"
                      variant="light"
                      onClick={() => setParam('id', r.id)}
                      aria-label={t('requestsArea.viewOne', { date: formatDateTime(r.created_at, lang) })}
                    >
                      {t('requestsArea.view')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
