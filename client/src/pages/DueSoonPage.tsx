/**
 * /maintenance/due-soon — "Mantenimiento próximo": the machines whose next
 * preventive service is due soon or already overdue, soonest first, as the
 * server scopes them (office: all; seller: their customers; customer
 * contact: their own company; technicians: none). Each row shows the
 * customer, the machine, its meter, the next service day and why, the status
 * and the visit Faena proposed (with a link to it).
 *
 * Live: the office follows `staff:maintenance`, where every
 * `maintenance.plan_changed` (a plan saved, a visit proposed or answered)
 * refetches the list without a reload. A table on wide screens, cards on
 * phones.
 */
import { Anchor, Card, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useMe } from '../api/auth';
import { DIRECTORY_ROLES } from '../api/customers';
import { type DueSoonMachine, planKeys, useDueSoon } from '../api/servicePlans';
import { PlanStatusBadge } from '../components/maintenance/PlanStatusBadge';
import { ProposedVisitLink } from '../components/maintenance/ProposedVisitLink';
import { machineName } from '../components/maintenance/MachinePlan';
import { usePlanText } from '../components/maintenance/planText';
import { useIsPhone } from '../components/operations/useIsPhone';
import { QueryStatus } from '../components/QueryStatus';
import { formatDay } from '../lib/day';
import { useStaffFeed } from '../realtime/useStaffFeed';

export function DueSoonPage() {
  const { t } = useTranslation();
  useDocumentTitle(`${t('maintenanceArea.dueSoon.title')} · ${t('app.name')}`);
  const me = useMe();
  const role = me.data?.role;
  const phone = useIsPhone();
  const list = useDueSoon(!!role);
  // A plan saved or a visit proposed or answered elsewhere shows up at once.
  useStaffFeed('staff:maintenance', role, [planKeys.dueSoon]);
  const linksCustomers = !!role && DIRECTORY_ROLES.includes(role);

  return (
    <Stack>
      <Title order={1} size="h2">
        {t('maintenanceArea.dueSoon.title')}
      </Title>
      <Text c="dimmed" size="sm">
        {t('maintenanceArea.dueSoon.intro')}
      </Text>
      <QueryStatus query={list} isEmpty={(rows) => rows.length === 0} empty={t('maintenanceArea.dueSoon.empty')}>
        {(rows) =>
          phone ? <DueSoonCards rows={rows} linksCustomers={linksCustomers} /> : <DueSoonTable rows={rows} linksCustomers={linksCustomers} />
        }
      </QueryStatus>
    </Stack>
  );
}

interface RowsProps {
  rows: DueSoonMachine[];
  linksCustomers: boolean;
}

function CustomerName({ row, linked }: { row: DueSoonMachine; linked: boolean }) {
  return linked ? (
    <Anchor component={Link} to={`/customers/${row.customer_id}`}>
      {row.customer_name}
    </Anchor>
  ) : (
    <>{row.customer_name}</>
  );
}

function DueSoonTable({ rows, linksCustomers }: RowsProps) {
  const { t, i18n } = useTranslation();
  const text = usePlanText();
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table striped highlightOnHover aria-label={t('maintenanceArea.dueSoon.tableLabel')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('maintenanceArea.dueSoon.customer')}</Table.Th>
            <Table.Th>{t('maintenanceArea.dueSoon.machine')}</Table.Th>
            <Table.Th ta="right">{t('maintenanceArea.dueSoon.meter')}</Table.Th>
            <Table.Th>{t('maintenanceArea.dueSoon.nextService')}</Table.Th>
            <Table.Th>{t('maintenanceArea.dueSoon.reason')}</Table.Th>
            <Table.Th>{t('maintenanceArea.dueSoon.status')}</Table.Th>
            <Table.Th>{t('maintenanceArea.dueSoon.visit')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((r) => (
            <Table.Tr key={r.plan.equipment_id} data-testid={`due-${r.plan.equipment_id}`}>
              <Table.Td>
                <CustomerName row={r} linked={linksCustomers} />
              </Table.Td>
              <Table.Td>{machineName(r)}</Table.Td>
              <Table.Td ta="right">{t('maintenanceArea.dueSoon.meterValue', { hours: text.hours(r.engine_hours) })}</Table.Td>
              <Table.Td>{r.plan.due_on ? formatDay(r.plan.due_on, i18n.language) : t('maintenanceArea.plan.noDate')}</Table.Td>
              <Table.Td>{text.reason(r.plan)}</Table.Td>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>
                <PlanStatusBadge status={r.plan.status} />
              </Table.Td>
              <Table.Td>
                <ProposedVisitLink visit={r.plan.proposal} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function DueSoonCards({ rows, linksCustomers }: RowsProps) {
  const { t, i18n } = useTranslation();
  const text = usePlanText();
  return (
    <Stack gap="xs" component="ul" aria-label={t('maintenanceArea.dueSoon.tableLabel')} style={{ listStyle: 'none', padding: 0, margin: 0 }}>
      {rows.map((r) => (
        <li key={r.plan.equipment_id}>
          <Card withBorder padding="sm" data-testid={`due-${r.plan.equipment_id}`}>
            <Stack gap={4}>
              <Group justify="space-between" align="flex-start" gap="xs" wrap="nowrap">
                <Text fw={700}>
                  <CustomerName row={r} linked={linksCustomers} />
                </Text>
                <PlanStatusBadge status={r.plan.status} />
              </Group>
              <Text size="sm">
                {machineName(r)} · {t('maintenanceArea.dueSoon.meterValue', { hours: text.hours(r.engine_hours) })}
              </Text>
              <Text size="sm">
                {t('maintenanceArea.dueSoon.nextService')}:{' '}
                {r.plan.due_on ? formatDay(r.plan.due_on, i18n.language) : t('maintenanceArea.plan.noDate')}
                {r.plan.due_on && r.plan.due_by ? ` · ${text.reason(r.plan)}` : ''}
              </Text>
              <ProposedVisitLink visit={r.plan.proposal} />
            </Stack>
          </Card>
        </li>
      ))}
    </Stack>
  );
}
