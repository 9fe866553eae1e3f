/**
 * One machine's "Plan de mantenimiento" block (customer page, portal company
 * page): without a plan, "Sin plan de mantenimiento"; with one, its basis,
 * the last service, the hours a day the machine works, when the next service
 * falls due and why, its status and the visit Faena proposed for this cycle.
 * The office (master, admin, operator) defines or edits the plan in a modal;
 * sellers and customers read it.
 */
import { Button, Card, Group, Modal, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Equipment } from '../../api/customers';
import { useEquipmentPlan } from '../../api/servicePlans';
import { useIsPhone } from '../operations/useIsPhone';
import { QueryStatus } from '../QueryStatus';
import { PlanForm } from './PlanForm';
import { PlanStatusBadge } from './PlanStatusBadge';
import { ProposedVisitLink } from './ProposedVisitLink';
import { usePlanText } from './planText';

/** "John Deere 310L JD310L001". */
export const machineName = (e: Pick<Equipment, 'brand' | 'model' | 'serial'>) =>
  [e.brand, e.model, e.serial].filter(Boolean).join(' ');

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div">
        {children}
      </Text>
    </div>
  );
}

export function MachinePlan({ equipment, canEdit }: { equipment: Equipment; canEdit: boolean }) {
  const { t } = useTranslation();
  const text = usePlanText();
  const phone = useIsPhone();
  const query = useEquipmentPlan(equipment.id);
  const [editing, setEditing] = useState(false);
  const name = machineName(equipment);
  const plan = query.data?.plan ?? null;

  return (
    <Card withBorder padding="sm" component="section" aria-label={t('maintenanceArea.plan.regionLabel', { machine: name })}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div>
            <Title order={3} size="h5">
              {t('maintenanceArea.plan.title')}
            </Title>
            <Text size="sm" c="dimmed">
              {name}
            </Text>
          </div>
          {plan && <PlanStatusBadge status={plan.status} />}
        </Group>
        <QueryStatus query={query} loaderSize="sm">
          {({ plan: p }) =>
            p ? (
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
                <Fact label={t('maintenanceArea.plan.interval')}>
                  <div>{text.basis(p)}</div>
                  <Text size="xs" c="dimmed">
                    {t('maintenanceArea.plan.margin', { days: p.due_soon_days })}
                  </Text>
                </Fact>
                <Fact label={t('maintenanceArea.plan.lastService')}>{text.lastService(p)}</Fact>
                <Fact label={t('maintenanceArea.plan.usage')}>{text.usage(p)}</Fact>
                <Fact label={t('maintenanceArea.plan.nextService')}>
                  <span data-testid="plan-next-service">{text.nextService(p)}</span>
                </Fact>
                <Fact label={t('maintenanceArea.plan.proposal')}>
                  <ProposedVisitLink visit={p.proposal} />
                </Fact>
              </SimpleGrid>
            ) : (
              <Text size="sm" c="dimmed">
                {t('maintenanceArea.plan.none')}
              </Text>
            )
          }
        </QueryStatus>
        {canEdit && query.data && (
          <Group>
            <Button size="compact-sm" variant="light" onClick={() => setEditing(true)}>
              {plan ? t('maintenanceArea.plan.edit') : t('maintenanceArea.plan.define')}
            </Button>
          </Group>
        )}
      </Stack>
      <Modal
        opened={editing}
        onClose={() => setEditing(false)}
        title={t('maintenanceArea.form.title', { machine: name })}
        closeButtonProps={{ 'aria-label': t('maintenanceArea.form.close') }}
        fullScreen={phone}
      >
        {editing && <PlanForm equipment={equipment} plan={plan} onDone={() => setEditing(false)} />}
      </Modal>
    </Card>
  );
}
