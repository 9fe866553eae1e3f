/**
 * /crm/opportunities/:id — an opportunity's detail: its fields, the stage
 * history (who moved it, when, from which stage to which; times in the
 * company's time zone), its quotes ("Crear presupuesto" in proposal or
 * negotiation) and the editor. Live like the board.
 */
import { Alert, Badge, Button, Card, Group, Modal, SimpleGrid, Stack, Text, Timeline, Title } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router-dom';
import { CRM_ROLES, updateOpportunity, useCrmRefresh, useOpportunity } from '../../api/crm';
import { useCompanySettings } from '../../api/settings';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { formatDateTime, formatMoney } from '../../lib/format';
import { useCrmFeed } from '../../realtime/useCrmFeed';
import { CrmNav } from './CrmNav';
import { OpportunityForm } from './OpportunityForm';
import { OpportunityQuotes } from './OpportunityQuotes';

export function OpportunityPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('crm.detailTitle'));
  const user = useCurrentUser();
  const allowed = CRM_ROLES.includes(user.role);
  const detail = useOpportunity(id);
  const refresh = useCrmRefresh();
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const timeZone = settings.data?.time_zone || undefined;
  const phone = useMediaQuery('(max-width: 36em)');
  const [editing, setEditing] = useState(false);
  useCrmFeed(allowed ? user.role : undefined, user.id);

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  const lang = i18n.language;
  return (
    <Stack>
      <CrmNav />
      <QueryStatus query={detail}>
        {({ opportunity: o, history }) => (
          <Stack>
            <Group justify="space-between">
              <Title order={1} size="h2">
                {o.title}
              </Title>
              <Group>
                <Badge size="lg" variant="light" data-testid="crm-stage">
                  {t(`crm.stages.${o.stage}`)}
                </Badge>
                <Button variant="default" onClick={() => setEditing(true)}>
                  {t('crm.form.edit')}
                </Button>
              </Group>
            </Group>
            <Card withBorder>
              <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }}>
                {(
                  [
                    ['customer', o.customer_name],
                    ['value', formatMoney(o.value, currency, lang)],
                    ['probability', `${o.probability} %`],
                    ['weighted', formatMoney(o.weighted_value, currency, lang)],
                    ['expectedClose', o.expected_close ?? '—'],
                    ['owner', o.owner_name],
                    ['source', o.source || '—'],
                    ['equipment', o.equipment_interest || '—'],
                    ['nextStep', o.next_step || '—'],
                    ['nextStepDue', o.next_step_due ? formatDateTime(o.next_step_due, lang, timeZone) : '—'],
                  ] as const
                ).map(([key, value]) => (
                  <div key={key}>
                    <Text size="xs" c="dimmed">
                      {t(`crm.fields.${key}`)}
                    </Text>
                    <Text>{value}</Text>
                  </div>
                ))}
              </SimpleGrid>
              {o.notes && (
                <Text mt="sm" style={{ whiteSpace: 'pre-wrap' }}>
                  {o.notes}
                </Text>
              )}
            </Card>
            <Card withBorder>
              <OpportunityQuotes opportunity={o} />
            </Card>
            <Card withBorder>
              <Title order={2} size="h4" mb="sm">
                {t('crm.history.title')}
              </Title>
              <Timeline bulletSize={14} lineWidth={2}>
                {history.map((h, i) => (
                  <Timeline.Item
                    key={i}
                    title={
                      h.from_stage
                        ? t('crm.history.moved', { from: t(`crm.stages.${h.from_stage}`), to: t(`crm.stages.${h.to_stage}`) })
                        : t('crm.history.created', { stage: t(`crm.stages.${h.to_stage}`) })
                    }
                  >
                    <Text size="xs" c="dimmed">
                      {formatDateTime(h.at, lang, timeZone)} · {t('crm.history.by', { name: h.by_name })}
                    </Text>
                  </Timeline.Item>
                ))}
              </Timeline>
            </Card>
            <Modal opened={editing} onClose={() => setEditing(false)} title={t('crm.form.edit')} size="lg" fullScreen={phone}>
              <OpportunityForm
                initial={o}
                onSubmit={(input) => updateOpportunity(o.id, input)}
                onSaved={() => {
                  setEditing(false);
                  refresh();
                  notifications.show({ color: 'green', message: t('crm.form.saved') });
                }}
                onCancel={() => setEditing(false)}
              />
            </Modal>
          </Stack>
        )}
      </QueryStatus>
    </Stack>
  );
}
