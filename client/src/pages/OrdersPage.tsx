/** /orders (staff, customers) and /my-orders (technicians): service orders with search and a state filter. */
import { Badge, Group, Loader, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { api } from '../api/client';
import { type Order, equipmentText } from '../api/orders';

export function OrdersPage({ mine = false }: { mine?: boolean }) {
  const { t } = useTranslation();
  const title = mine ? t('nav.myOrders') : t('nav.orders');
  useDocumentTitle(title);
  const [q, setQ] = useState('');
  const [state, setState] = useState<string | null>(null);
  const params = new URLSearchParams();
  if (q.trim()) params.set('q', q.trim());
  if (state) params.set('state', state);
  const url = mine ? '/api/v1/me/orders' : `/api/v1/orders?${params.toString()}`;
  const list = useQuery({
    queryKey: ['orders', url],
    queryFn: async ({ signal }) => {
      const r = await api.get<{ items: Order[] } | Order[]>(url, signal);
      return Array.isArray(r) ? r : r.items;
    },
  });
  return (
    <Stack>
      <Title order={1} size="h2">
        {title}
      </Title>
      {!mine && (
        <Group align="flex-end">
          <TextInput label={t('common.search')} value={q} onChange={(e) => setQ(e.currentTarget.value)} w={220} />
          <Select
            label={t('orders.stateLabel')}
            clearable
            value={state}
            onChange={setState}
            data={[
              { value: 'open', label: t('orders.state.open') },
              { value: 'closed', label: t('orders.state.closed') },
            ]}
            w={160}
          />
        </Group>
      )}
      {list.isPending && <Loader aria-label={t('common.loading')} />}
      {list.data && list.data.length === 0 && <Text c="dimmed">{t('orders.empty')}</Text>}
      {list.data && list.data.length > 0 && (
        <Table.ScrollContainer minWidth={320}>
          <Table striped highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('orders.number')}</Table.Th>
                <Table.Th>{t('orders.customer')}</Table.Th>
                <Table.Th>{t('orders.equipment')}</Table.Th>
                <Table.Th>{t('orders.stateLabel')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.map((o) => (
                <Table.Tr key={o.id}>
                  <Table.Td>
                    <Link to={`/orders/${o.id}`}>{o.number}</Link>
                  </Table.Td>
                  <Table.Td>{o.customer_name}</Table.Td>
                  <Table.Td>{equipmentText({ brand: o.equipment_brand, model: o.equipment_model, serial: o.equipment_serial })}</Table.Td>
                  <Table.Td>
                    <Badge color={o.state === 'closed' ? 'gray' : 'green'}>{t(`orders.state.${o.state}`)}</Badge>
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
