/**
 * /tickets — support tickets (PQR) visible to the caller, with unread chat
 * counts and a "new ticket" form. The filters (state, priority, type,
 * assignee, search) live in the URL, e.g. /tickets?priority=high, so the
 * dashboard and other pages can link to a filtered list.
 *
 * Staff also see each ticket's most urgent SLA target (issue 16) in an "SLA"
 * column, ticking live; the office gets a link to the compliance report
 * (/tickets/sla). A `ticket.*` event on `staff:tickets` (e.g.
 * `ticket.sla_breached`) puts the updated ticket in the list at once.
 */
import { Alert, Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDebouncedValue, useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api/client';
import { seesSlaCompliance } from '../api/sla';
import {
  TICKET_FILTERS,
  TICKET_PRIORITIES,
  TICKET_STATES,
  TICKET_TYPES,
  type Ticket,
  type TicketFilterName,
  type TicketPage,
  type TicketPriority,
  type TicketType,
  fetchAssignableUsers,
  fetchUnread,
  ticketsUrl,
} from '../api/tickets';
import { useCurrentUser } from '../components/RequireAuth';
import { CustomerPicker } from '../components/operations/CustomerPicker';
import { PriorityBadge } from '../components/operations/PriorityBadge';
import { blames } from '../components/operations/fieldErrors';
import { canCreateTickets, canListUsers } from '../components/operations/permissions';
import { SLA_TICK_MS, SlaCompactBadge, useNow } from '../components/tickets/SlaCountdown';
import { useErrorMessage } from '../i18n/errors';
import { asChannelEvent } from '../realtime/events';
import { applyTicketUpdate, ticketEffect } from '../realtime/ticketEvents';
import { useStaffFeed } from '../realtime/useStaffFeed';

export function TicketsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('tickets.title'));
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const [params, setParams] = useSearchParams();
  const [creating, setCreating] = useState(false);
  const [q, setQ] = useState(params.get('q') ?? '');
  const [debouncedQ] = useDebouncedValue(q.trim(), 300);
  const filters = readFilters(params);
  const staff = user.role !== 'customer';
  const queryClient = useQueryClient();
  // New tickets (a customer's from the portal too) appear without a reload;
  // a ticket event (e.g. an SLA breach) replaces the listed ticket at once.
  useStaffFeed('staff:tickets', user.role, [['tickets'], ['dashboard']], (data) => {
    const event = asChannelEvent(data);
    const effect = event && ticketEffect(event);
    if (effect?.kind === 'ticket') applyTicketUpdate(queryClient, effect.ticket);
  });
  // One clock for every row's SLA countdown.
  const now = useNow(SLA_TICK_MS, staff);
  const assignees = useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => fetchAssignableUsers(signal),
    enabled: canListUsers(user.role),
  });

  useEffect(() => {
    setParams(
      (cur) => {
        const next = new URLSearchParams(cur);
        if (debouncedQ) next.set('q', debouncedQ);
        else next.delete('q');
        return next;
      },
      { replace: true },
    );
  }, [debouncedQ, setParams]);

  const setFilter = (name: TicketFilterName, value: string | null) =>
    setParams((cur) => {
      const next = new URLSearchParams(cur);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });

  // "Not closed" is a view of its own on the server (open, in progress or pending).
  const notClosed = filters.state === NOT_CLOSED;
  const url = ticketsUrl({
    ...filters,
    state: notClosed ? undefined : filters.state,
    not_closed: notClosed ? 'true' : undefined,
    q: debouncedQ || undefined,
  });
  const list = useQuery({
    queryKey: ['tickets', url],
    queryFn: ({ signal }) => api.get<TicketPage>(url, signal),
    placeholderData: keepPreviousData,
  });
  const unread = useQuery({ queryKey: ['unread'], queryFn: ({ signal }) => fetchUnread(signal), refetchInterval: 15000 });
  const unreadFor = (id: string) => unread.data?.find((u) => u.channel === `ticket:${id}`)?.unread ?? 0;

  const assigneeOptions = [
    { value: user.id, label: t('operationsArea.tickets.assignedToMe') },
    ...(assignees.data ?? []).filter((u) => u.id !== user.id).map((u) => ({ value: u.id, label: u.name })),
  ];
  // A link may name someone not in the list (e.g. for roles that cannot list users).
  if (filters.assignee_id && !assigneeOptions.some((o) => o.value === filters.assignee_id))
    assigneeOptions.push({ value: filters.assignee_id, label: t('operationsArea.tickets.someone') });
  const anyFilter = TICKET_FILTERS.some((f) => params.get(f));

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('tickets.title')}
        </Title>
        <Group gap="sm">
          {seesSlaCompliance(user.role) && (
            <Button component={Link} to="/tickets/sla" variant="light">
              {t('slaArea.compliance.link')}
            </Button>
          )}
          {canCreateTickets(user.role) && (
            <Button onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
              {t('tickets.new')}
            </Button>
          )}
        </Group>
      </Group>
      {creating && <NewTicketForm staff={staff} onDone={() => setCreating(false)} />}
      <Group align="flex-end" gap="sm" role="search" aria-label={t('operationsArea.tickets.filters')}>
        <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={{ base: '100%', xs: 200 }} />
        <Select
          label={t('tickets.state')}
          clearable
          value={filters.state ?? null}
          onChange={(v) => setFilter('state', v)}
          data={[
            { value: NOT_CLOSED, label: t('operationsArea.tickets.notClosed') },
            ...TICKET_STATES.map((s) => ({ value: s, label: t(`tickets.states.${s}`) })),
          ]}
          w={{ base: '100%', xs: 160 }}
        />
        <Select
          label={t('tickets.priority')}
          clearable
          value={filters.priority ?? null}
          onChange={(v) => setFilter('priority', v)}
          data={TICKET_PRIORITIES.map((s) => ({ value: s, label: t(`tickets.priorities.${s}`) }))}
          w={{ base: '100%', xs: 140 }}
        />
        <Select
          label={t('tickets.type')}
          clearable
          value={filters.type ?? null}
          onChange={(v) => setFilter('type', v)}
          data={TICKET_TYPES.map((s) => ({ value: s, label: t(`tickets.types.${s}`) }))}
          w={{ base: '100%', xs: 190 }}
        />
        {staff && (
          <Select
            label={t('operationsArea.tickets.assignee')}
            clearable
            searchable
            value={filters.assignee_id ?? null}
            onChange={(v) => setFilter('assignee_id', v)}
            data={assigneeOptions}
            w={{ base: '100%', xs: 200 }}
          />
        )}
        {anyFilter && (
          <Button
            variant="subtle"
            onClick={() => {
              setQ('');
              setParams(new URLSearchParams());
            }}
          >
            {t('operationsArea.tickets.clearFilters')}
          </Button>
        )}
      </Group>
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.isError && (
        <Alert color="red" role="alert">
          {errorMessage(list.error)}
        </Alert>
      )}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('tickets.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={staff ? 780 : 640}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.number')}</Table.Th>
                <Table.Th>{t('tickets.subject')}</Table.Th>
                <Table.Th>{t('tickets.state')}</Table.Th>
                <Table.Th>{t('tickets.priority')}</Table.Th>
                <Table.Th>{t('orders.customer')}</Table.Th>
                {staff && <Table.Th>{t('operationsArea.tickets.assignee')}</Table.Th>}
                {staff && <Table.Th>{t('slaArea.column')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((tk) => (
                <Table.Tr key={tk.id} data-testid={`ticket-row-${tk.id}`}>
                  <Table.Td>
                    <Link to={`/tickets/${tk.id}`}>{tk.number}</Link>{' '}
                    {unreadFor(tk.id) > 0 && (
                      <Badge size="sm" color="red" aria-label={t('tickets.unread', { count: unreadFor(tk.id) })}>
                        {unreadFor(tk.id)}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>{tk.subject}</Table.Td>
                  <Table.Td>{t(`tickets.states.${tk.state}`)}</Table.Td>
                  <Table.Td>
                    <PriorityBadge priority={tk.priority} />
                  </Table.Td>
                  <Table.Td>{tk.customer_name}</Table.Td>
                  {staff && <Table.Td>{tk.assignee_name ?? '—'}</Table.Td>}
                  {staff && (
                    <Table.Td>
                      <SlaCompactBadge ticket={tk} now={now} />
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

/** The state filter's extra choice: every ticket that is not closed. */
const NOT_CLOSED = 'not_closed';

/** The valid filters in the URL; anything unknown is ignored rather than sent. */
function readFilters(params: URLSearchParams): Partial<Record<Exclude<TicketFilterName, 'q'>, string>> {
  const pick = (name: string, allowed?: readonly string[]) => {
    const v = params.get(name);
    return v && (!allowed || allowed.includes(v)) ? v : undefined;
  };
  return {
    state: pick('state', [NOT_CLOSED, ...TICKET_STATES]),
    priority: pick('priority', TICKET_PRIORITIES),
    type: pick('type', TICKET_TYPES),
    assignee_id: pick('assignee_id'),
  };
}

/** Raise a ticket; staff pick the customer, a customer contact raises it for their own company. */
function NewTicketForm({ staff, onDone }: { staff: boolean; onDone: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [type, setType] = useState<TicketType>('technical_support');
  const [priority, setPriority] = useState<TicketPriority>('medium');
  const [subject, setSubject] = useState('');
  const [description, setDescription] = useState('');
  const [customerId, setCustomerId] = useState<string | null>(null);
  const [errors, setErrors] = useState<{ customer?: string; subject?: string; description?: string }>({});
  const create = useMutation({
    mutationFn: () =>
      api.post<Ticket>('/api/v1/tickets', {
        type,
        priority,
        subject: subject.trim(),
        description: description.trim(),
        customer_id: staff ? customerId : null,
      }),
    onSuccess: (tk) => {
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      notifications.show({ color: 'green', message: t('operationsArea.tickets.created', { number: tk.number }) });
      onDone();
      navigate(`/tickets/${tk.id}`);
    },
    onError: (err) => {
      const m = errorMessage(err);
      if (blames(err, 'customer_id')) setErrors({ customer: m });
      else if (blames(err, 'subject')) setErrors({ subject: m });
      else if (blames(err, 'description')) setErrors({ description: m });
    },
  });
  return (
    <Card withBorder maw={560}>
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const next: typeof errors = {};
          if (staff && !customerId) next.customer = t('operationsArea.validation.customerRequired');
          if (!subject.trim()) next.subject = t('operationsArea.validation.subjectRequired');
          setErrors(next);
          if (Object.values(next).some(Boolean)) return;
          create.mutate();
        }}
        aria-label={t('tickets.new')}
      >
        <Stack gap="sm">
          {staff && (
            <CustomerPicker
              required
              value={customerId}
              onChange={(id) => {
                setCustomerId(id);
                setErrors((cur) => ({ ...cur, customer: undefined }));
              }}
              error={errors.customer}
            />
          )}
          <Select
            label={t('tickets.type')}
            value={type}
            onChange={(v) => v && setType(v as TicketType)}
            data={TICKET_TYPES.map((s) => ({ value: s, label: t(`tickets.types.${s}`) }))}
            allowDeselect={false}
          />
          <Select
            label={t('tickets.priority')}
            value={priority}
            onChange={(v) => v && setPriority(v as TicketPriority)}
            data={TICKET_PRIORITIES.map((s) => ({ value: s, label: t(`tickets.priorities.${s}`) }))}
            allowDeselect={false}
          />
          <TextInput
            label={t('tickets.subject')}
            required
            value={subject}
            onChange={(e) => setSubject(e.currentTarget.value)}
            error={errors.subject}
          />
          <Textarea
            label={t('tickets.description')}
            value={description}
            onChange={(e) => setDescription(e.currentTarget.value)}
            autosize
            minRows={3}
            error={errors.description}
          />
          {create.isError && !Object.values(errors).some(Boolean) && (
            <Alert color="red" role="alert">
              {errorMessage(create.error)}
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('tickets.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
