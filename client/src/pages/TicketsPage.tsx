/** /tickets — support tickets visible to the caller, with filters, unread counts and a "new ticket" form. */
import { Badge, Button, Card, Group, Loader, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router-dom';
import { api } from '../api/client';
import {
  TICKET_PRIORITIES,
  TICKET_STATES,
  TICKET_TYPES,
  type Ticket,
  type TicketPriority,
  type TicketType,
  fetchUnread,
  ticketsUrl,
} from '../api/tickets';
import { useCurrentUser } from '../components/RequireAuth';
import { useErrorMessage } from '../i18n/errors';

export function TicketsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('tickets.title'));
  const user = useCurrentUser();
  const [state, setState] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const [q, setQ] = useState('');
  const [creating, setCreating] = useState(false);
  const url = ticketsUrl({ state: state ?? undefined, priority: priority ?? undefined, q: q.trim() || undefined });
  const list = useQuery({ queryKey: ['tickets', url], queryFn: ({ signal }) => api.get<{ items: Ticket[] }>(url, signal) });
  const unread = useQuery({ queryKey: ['unread'], queryFn: ({ signal }) => fetchUnread(signal), refetchInterval: 15000 });
  const unreadFor = (id: string) => unread.data?.find((u) => u.channel === `ticket:${id}`)?.unread ?? 0;

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('tickets.title')}
        </Title>
        <Button onClick={() => setCreating((v) => !v)} aria-expanded={creating}>
          {t('tickets.new')}
        </Button>
      </Group>
      {creating && <NewTicketForm staff={user.role !== 'customer'} onDone={() => setCreating(false)} />}
      <Group align="flex-end" gap="sm">
        <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={200} />
        <Select
          label={t('tickets.state')}
          clearable
          value={state}
          onChange={setState}
          data={TICKET_STATES.map((s) => ({ value: s, label: t(`tickets.states.${s}`) }))}
          w={160}
        />
        <Select
          label={t('tickets.priority')}
          clearable
          value={priority}
          onChange={setPriority}
          data={TICKET_PRIORITIES.map((s) => ({ value: s, label: t(`tickets.priorities.${s}`) }))}
          w={160}
        />
      </Group>
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && list.data.items.length === 0 && <Text c="dimmed">{t('tickets.empty')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('tickets.number')}</Table.Th>
                <Table.Th>{t('tickets.subject')}</Table.Th>
                <Table.Th>{t('tickets.state')}</Table.Th>
                <Table.Th>{t('tickets.priority')}</Table.Th>
                <Table.Th>{t('orders.customer')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.items.map((tk) => (
                <Table.Tr key={tk.id}>
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
                  <Table.Td>{t(`tickets.priorities.${tk.priority}`)}</Table.Td>
                  <Table.Td>{tk.customer_name}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}

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
  const customers = useQuery({
    queryKey: ['customers', 'all'],
    queryFn: ({ signal }) => api.get<{ items: { id: string; name: string }[] }>('/api/v1/customers?limit=100', signal),
    enabled: staff,
  });
  const create = useMutation({
    mutationFn: () =>
      api.post<Ticket>('/api/v1/tickets', { type, priority, subject, description, customer_id: staff ? customerId : null }),
    onSuccess: (tk) => {
      void queryClient.invalidateQueries({ queryKey: ['tickets'] });
      onDone();
      navigate(`/tickets/${tk.id}`);
    },
  });
  return (
    <Card withBorder maw={560}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
        aria-label={t('tickets.new')}
      >
        <Stack gap="sm">
          {staff && (
            <Select
              label={t('orders.customer')}
              required
              searchable
              value={customerId}
              onChange={setCustomerId}
              data={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))}
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
          <TextInput label={t('tickets.subject')} required value={subject} onChange={(e) => setSubject(e.currentTarget.value)} />
          <Textarea label={t('tickets.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} autosize minRows={3} />
          {create.isError && (
            <Text c="red" role="alert">
              {errorMessage(create.error)}
            </Text>
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
