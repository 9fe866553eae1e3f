/**
 * /tickets/:id — a ticket with its live chat and, for staff, the controls to
 * move its state, change its priority and assign it. History comes from
 * GET /api/v1/tickets/{id}/events on every (re)subscribe and is merged by
 * offset with live publications, so nothing shows twice.
 *
 * Staff see the two SLA targets (issue 16) beside the state and priority,
 * counting down live. The page follows `ticket:<id>` too (the chat panel
 * shares the subscription): every `ticket.*` event — state, priority,
 * assignee, `ticket.sla_breached` — replaces the shown ticket, and a message
 * by staff refetches it while it has no first response (the server records
 * the first response without publishing a ticket event).
 */
import { Alert, Badge, Button, Card, Group, Loader, Select, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { api } from '../api/client';
import type { Role } from '../api/auth';
import {
  TICKET_PRIORITIES,
  type Ticket,
  type TicketPriority,
  type TicketState,
  assignTicket,
  changeTicketPriority,
  changeTicketState,
  fetchAllTicketEvents,
  fetchAssignableUsers,
  nextTicketStates,
} from '../api/tickets';
import { useCurrentUser } from '../components/RequireAuth';
import { PriorityBadge } from '../components/operations/PriorityBadge';
import { canWorkTickets, canManageTickets } from '../components/operations/permissions';
import { SlaBadges } from '../components/tickets/SlaCountdown';
import { useErrorMessage } from '../i18n/errors';
import { ChatPanel } from '../components/chat/ChatPanel';
import { useCentrifuge, useSubscription } from '../realtime/client';
import { applyTicketPublication } from '../realtime/ticketEvents';

export function TicketDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const ticket = useQuery({ queryKey: ['ticket', id], queryFn: ({ signal }) => api.get<Ticket>(`/api/v1/tickets/${id}`, signal) });
  useTicketLive(id);
  useDocumentTitle(ticket.data ? `${ticket.data.number} · ${ticket.data.subject}` : t('tickets.title'));
  if (ticket.isPending) return <Loader aria-label={t('common.loading')} />;
  if (ticket.isError)
    return (
      <Stack>
        <Title order={1} size="h3">
          {t('tickets.title')}
        </Title>
        <Alert color="red" role="alert">
          {errorMessage(ticket.error)}
        </Alert>
      </Stack>
    );
  const tk = ticket.data;
  return (
    <Stack maw={820}>
      <Title order={1} size="h3">
        {tk.number} · {tk.subject}
      </Title>
      <Group gap="xs">
        <Badge>{t(`tickets.states.${tk.state}`)}</Badge>
        <PriorityBadge priority={tk.priority} />
        <Badge variant="outline">{t(`tickets.types.${tk.type}`)}</Badge>
        <Text size="sm">{tk.customer_name}</Text>
        {me.role !== 'customer' && (
          <Text size="sm" c="dimmed">
            · {t('operationsArea.tickets.assignee')}: {tk.assignee_name ?? t('operationsArea.ticket.nobody')}
          </Text>
        )}
      </Group>
      {me.role !== 'customer' && <SlaBadges ticket={tk} />}
      {canWorkTickets(me.role) && <TicketControls ticket={tk} />}
      {tk.description && <Text style={{ whiteSpace: 'pre-wrap' }}>{tk.description}</Text>}
      <ChatPanel channel={`ticket:${id}`} loadHistory={(signal) => fetchAllTicketEvents(id, signal)} lang={i18n.language} />
    </Stack>
  );
}

/** Keeps the shown ticket current with the events of its channel (see the file's comment). */
function useTicketLive(id: string) {
  const queryClient = useQueryClient();
  const client = useCentrifuge('session', id !== '');
  useSubscription(client, id ? `ticket:${id}` : null, {
    onPublication: (data) => applyTicketPublication(queryClient, id, data),
  });
}

/**
 * Staff controls: move the ticket to one of its valid next states (closed →
 * open, "reopen", only for office roles), change its priority, and (office
 * roles) assign it to a staff member.
 */
function TicketControls({ ticket }: { ticket: Ticket }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const manage = canManageTickets(me.role);
  const staffUsers = useQuery({
    queryKey: ['users', 'assignable'],
    queryFn: ({ signal }) => fetchAssignableUsers(signal),
    enabled: manage,
  });
  const done = (updated: Ticket, message: string) => {
    queryClient.setQueryData(['ticket', ticket.id], updated);
    void queryClient.invalidateQueries({ queryKey: ['tickets'] });
    void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
    notifications.show({ color: 'green', message });
  };
  const move = useMutation({
    mutationFn: (state: TicketState) => changeTicketState(ticket.id, state),
    onSuccess: (tk) => done(tk, t('operationsArea.ticket.stateChanged', { state: t(`tickets.states.${tk.state}`) })),
    // A 409 means someone else moved it meanwhile: show the fresh ticket.
    onError: () => void queryClient.invalidateQueries({ queryKey: ['ticket', ticket.id] }),
  });
  const prioritize = useMutation({
    mutationFn: (priority: TicketPriority) => changeTicketPriority(ticket.id, priority),
    onSuccess: (tk) => done(tk, t('operationsArea.ticket.priorityChanged')),
  });
  const assign = useMutation({
    mutationFn: (assigneeId: string | null) => assignTicket(ticket.id, assigneeId),
    onSuccess: (tk) => done(tk, tk.assignee_name ? t('operationsArea.ticket.assigned', { name: tk.assignee_name }) : t('operationsArea.ticket.unassigned')),
  });
  const next = nextTicketStates(ticket.state, manage);
  const assigneeOptions = (staffUsers.data ?? []).map((u) => ({ value: u.id, label: `${u.name} · ${t(`roles.${u.role as Role}`)}` }));
  if (ticket.assignee_id && !assigneeOptions.some((o) => o.value === ticket.assignee_id))
    assigneeOptions.unshift({ value: ticket.assignee_id, label: ticket.assignee_name ?? ticket.assignee_id });
  const failed = move.error ?? prioritize.error ?? assign.error;
  return (
    <Card withBorder component="section" aria-label={t('operationsArea.ticket.controls')}>
      <Stack gap="sm">
        {next.length > 0 && (
          <div>
            <Text size="sm" fw={500} mb={4} id="ticket-move-label">
              {t('operationsArea.ticket.moveTo')}
            </Text>
            <Group gap="xs" role="group" aria-labelledby="ticket-move-label">
              {next.map((state) => (
                <Button
                  key={state}
                  variant={state === 'closed' ? 'filled' : 'default'}
                  color={state === 'closed' ? 'green' : undefined}
                  loading={move.isPending && move.variables === state}
                  disabled={move.isPending && move.variables !== state}
                  onClick={() => move.mutate(state)}
                >
                  {t(`operationsArea.ticket.actions.${ticket.state === 'closed' ? 'reopen' : state}`)}
                </Button>
              ))}
            </Group>
          </div>
        )}
        <Group align="flex-end" gap="sm">
          <Select
            label={t('tickets.priority')}
            value={ticket.priority}
            allowDeselect={false}
            disabled={prioritize.isPending}
            onChange={(v) => v && v !== ticket.priority && prioritize.mutate(v as TicketPriority)}
            data={TICKET_PRIORITIES.map((s) => ({ value: s, label: t(`tickets.priorities.${s}`) }))}
            w={{ base: '100%', xs: 160 }}
          />
          {manage && (
            <Select
              label={t('operationsArea.tickets.assignee')}
              placeholder={t('operationsArea.ticket.nobody')}
              searchable
              clearable
              value={ticket.assignee_id ?? null}
              disabled={assign.isPending}
              onChange={(v) => v !== (ticket.assignee_id ?? null) && assign.mutate(v)}
              data={assigneeOptions}
              w={{ base: '100%', xs: 280 }}
            />
          )}
          {manage && me.id !== ticket.assignee_id && (
            <Button variant="subtle" loading={assign.isPending && assign.variables === me.id} onClick={() => assign.mutate(me.id)}>
              {t('operationsArea.ticket.assignToMe')}
            </Button>
          )}
        </Group>
        {failed && (
          <Alert color="red" role="alert">
            {errorMessage(failed)}
          </Alert>
        )}
      </Stack>
    </Card>
  );
}
