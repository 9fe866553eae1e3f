/**
 * /purchasing/suppliers/:id — one supplier: its data (edit, deactivate),
 * contacts, purchase history and performance over the last twelve months
 * (figures and a month-by-month chart). Follows `staff:purchasing`: when an
 * order of this supplier is sent or received anywhere, the history and the
 * figures (fill rate…) reload without a reload of the page.
 */
import { BarChart } from '@mantine/charts';
import {
  Alert,
  Anchor,
  Badge,
  Button,
  Card,
  Group,
  Modal,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router-dom';
import {
  addSupplierContact,
  canManagePurchasing,
  createPurchaseOrder,
  deleteSupplierContact,
  percent,
  purchasingKeys,
  setSupplierActive,
  updateSupplier,
  usePurchaseOrders,
  useReloadPurchasing,
  useSupplier,
  useSupplierPerformance,
  type PerformanceFigures,
} from '../../api/purchasing';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { SupplierForm } from '../../components/purchasing/SupplierForm';
import { useErrorMessage } from '../../i18n/errors';
import { formatDate } from '../../lib/format';
import { useStaffFeed } from '../../realtime/useStaffFeed';
import { StateBadge } from './StateBadge';

/** The four figures as labelled values. */
export function FiguresGrid({ figures }: { figures: PerformanceFigures }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cells: [string, string, string][] = [
    ['on-time', t('purchasingArea.performance.onTime'), percent(figures.on_time_rate, lang)],
    ['fill-rate', t('purchasingArea.performance.fillRate'), percent(figures.fill_rate, lang)],
    ['lead-time', t('purchasingArea.performance.leadTime'), figures.average_lead_time_days ?? '—'],
    ['price-variance', t('purchasingArea.performance.priceVariance'), percent(figures.price_variance, lang)],
  ];
  return (
    <SimpleGrid cols={{ base: 2, sm: 4 }}>
      {cells.map(([id, label, value]) => (
        <Card key={id} withBorder padding="sm" data-testid={`figure-${id}`}>
          <Text size="xs" c="dimmed">
            {label}
          </Text>
          <Text fw={700} size="xl">
            {value}
          </Text>
        </Card>
      ))}
    </SimpleGrid>
  );
}

export function SupplierDetailPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const user = useCurrentUser();
  const allowed = canManagePurchasing(user.role);
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const reload = useReloadPurchasing();
  const phone = useMediaQuery('(max-width: 36em)');
  const supplier = useSupplier(id);
  const history = usePurchaseOrders({ supplier_id: id }, allowed);
  const performance = useSupplierPerformance(id);
  useStaffFeed('staff:purchasing', user.role, [purchasingKeys.all]);
  useDocumentTitle(supplier.data?.supplier.name ?? t('purchasingArea.suppliers.title'));
  const [editing, setEditing] = useState(false);
  const [contact, setContact] = useState({ name: '', email: '', phone: '', position: '' });
  const [error, setError] = useState<unknown>(null);

  const run = async (action: () => Promise<unknown>) => {
    setError(null);
    try {
      await action();
      reload();
    } catch (caught) {
      setError(caught);
    }
  };

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }

  return (
    <QueryStatus query={supplier}>
      {({ supplier: s, contacts }) => (
        <Stack>
          <Group justify="space-between">
            <Title order={1} size="h2">
              {s.name}
            </Title>
            <Group gap="xs">
              <Badge color={s.active ? 'green' : 'gray'} variant="light">
                {s.active ? t('purchasingArea.suppliers.active') : t('purchasingArea.suppliers.inactive')}
              </Badge>
              <Button variant="default" onClick={() => setEditing(true)}>
                {t('purchasingArea.detail.edit')}
              </Button>
              <Button variant="default" onClick={() => void run(() => setSupplierActive(s.id, !s.active))}>
                {s.active ? t('purchasingArea.suppliers.deactivate') : t('purchasingArea.suppliers.reactivate')}
              </Button>
              {s.active && (
                <Button
                  onClick={() =>
                    void run(async () => {
                      const po = await createPurchaseOrder({ supplier_id: s.id });
                      navigate(`/purchasing/orders/${po.order.id}`);
                    })
                  }
                >
                  {t('purchasingArea.detail.newOrder')}
                </Button>
              )}
            </Group>
          </Group>
          {error !== null && (
            <Alert color="red" role="alert">
              {errorMessage(error)}
            </Alert>
          )}
          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('purchasingArea.detail.data')}
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs">
              <Text>
                {t('purchasingArea.fields.taxId')}: {s.tax_id}
              </Text>
              <Text>
                {t('purchasingArea.fields.email')}: {s.email ?? '—'}
              </Text>
              <Text>
                {t('purchasingArea.fields.phone')}: {s.phone || '—'}
              </Text>
              <Text>
                {t('purchasingArea.fields.paymentTerms')}: {s.payment_terms || '—'}
              </Text>
              <Text>
                {t('purchasingArea.fields.leadTime')}: {t('purchasingArea.detail.leadTimeValue', { days: s.lead_time_days })}
              </Text>
              <Text>
                {t('purchasingArea.fields.address')}: {s.address || '—'}
              </Text>
            </SimpleGrid>
            {s.notes && <Text mt="xs">{s.notes}</Text>}
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('purchasingArea.detail.performance')}
            </Title>
            <QueryStatus query={performance}>
              {(report) => (
                <Stack>
                  <FiguresGrid figures={report.totals} />
                  <Text size="sm" c="dimmed">
                    {t('purchasingArea.performance.help')}
                  </Text>
                  <Title order={3} size="h5">
                    {t('purchasingArea.performance.chart')}
                  </Title>
                  <BarChart
                    h={220}
                    data={report.months.map((m) => ({
                      month: m.month,
                      onTime: m.figures.on_time_rate === null ? 0 : Math.round(Number(m.figures.on_time_rate) * 100),
                      fillRate: m.figures.fill_rate === null ? 0 : Math.round(Number(m.figures.fill_rate) * 100),
                    }))}
                    dataKey="month"
                    unit="%"
                    yAxisProps={{ domain: [0, 100] }}
                    withLegend
                    series={[
                      { name: 'onTime', label: t('purchasingArea.performance.onTime'), color: 'teal.6' },
                      { name: 'fillRate', label: t('purchasingArea.performance.fillRate'), color: 'blue.6' },
                    ]}
                  />
                </Stack>
              )}
            </QueryStatus>
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('purchasingArea.detail.contacts')}
            </Title>
            {contacts.length === 0 ? (
              <Text c="dimmed">{t('purchasingArea.detail.noContacts')}</Text>
            ) : (
              <Stack gap={4}>
                {contacts.map((c) => (
                  <Group key={c.id} justify="space-between" wrap="nowrap">
                    <Text>
                      {c.name}
                      {c.position ? ` · ${c.position}` : ''}
                      {c.email ? ` · ${c.email}` : ''}
                      {c.phone ? ` · ${c.phone}` : ''}
                    </Text>
                    <Button size="xs" variant="subtle" color="red" onClick={() => void run(() => deleteSupplierContact(s.id, c.id))}>
                      {t('purchasingArea.detail.removeContact')}
                    </Button>
                  </Group>
                ))}
              </Stack>
            )}
            <SimpleGrid cols={{ base: 1, sm: 4 }} mt="sm">
              <TextInput
                label={t('purchasingArea.fields.name')}
                value={contact.name}
                onChange={(e) => setContact({ ...contact, name: e.currentTarget.value })}
              />
              <TextInput
                label={t('purchasingArea.fields.position')}
                value={contact.position}
                onChange={(e) => setContact({ ...contact, position: e.currentTarget.value })}
              />
              <TextInput
                label={t('purchasingArea.fields.email')}
                value={contact.email}
                onChange={(e) => setContact({ ...contact, email: e.currentTarget.value })}
              />
              <TextInput
                label={t('purchasingArea.fields.phone')}
                value={contact.phone}
                onChange={(e) => setContact({ ...contact, phone: e.currentTarget.value })}
              />
            </SimpleGrid>
            <Group justify="flex-end" mt="xs">
              <Button
                variant="default"
                onClick={() =>
                  void run(async () => {
                    await addSupplierContact(s.id, { ...contact, email: contact.email.trim() || null });
                    setContact({ name: '', email: '', phone: '', position: '' });
                  })
                }
              >
                {t('purchasingArea.detail.addContact')}
              </Button>
            </Group>
          </Card>

          <Card withBorder>
            <Title order={2} size="h4" mb="xs">
              {t('purchasingArea.detail.history')}
            </Title>
            <QueryStatus
              query={{
                isPending: history.isPending,
                isError: history.isError,
                error: history.error,
                data: history.data?.pages.flatMap((p) => p.items),
              }}
              isEmpty={(l) => l.length === 0}
            >
              {(orders) => (
                <Table.ScrollContainer minWidth={320}>
                  <Table striped>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('purchasingArea.orders.number')}</Table.Th>
                        <Table.Th>{t('purchasingArea.orders.state')}</Table.Th>
                        <Table.Th>{t('purchasingArea.orders.created')}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {orders.map((o) => (
                        <Table.Tr key={o.id}>
                          <Table.Td>
                            <Anchor component={Link} to={`/purchasing/orders/${o.id}`}>
                              {o.number}
                            </Anchor>
                          </Table.Td>
                          <Table.Td>
                            <StateBadge state={o.state} />
                          </Table.Td>
                          <Table.Td>{formatDate(o.created_at, lang)}</Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
              )}
            </QueryStatus>
          </Card>

          <Modal opened={editing} onClose={() => setEditing(false)} title={s.name} size="lg" fullScreen={phone}>
            <SupplierForm
              initial={s}
              onSubmit={(input) => updateSupplier(s.id, input)}
              onSaved={() => {
                setEditing(false);
                reload();
              }}
              onCancel={() => setEditing(false)}
            />
          </Modal>
        </Stack>
      )}
    </QueryStatus>
  );
}
