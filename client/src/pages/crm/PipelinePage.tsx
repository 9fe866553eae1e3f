/**
 * /crm — the pipeline board: a column per stage with its count, sum and
 * probability-weighted sum; cards move by drag and drop (native HTML5
 * drag events) or, with the keyboard or on a phone, through each card's
 * "Move to…" menu. Moving to "lost" asks for a reason; a won or lost card
 * is reopened into an open stage. The board follows the CRM channel
 * (useCrmFeed), so a card someone else moves moves here without a reload.
 */
import { Alert, Anchor, Badge, Button, Card, Group, Menu, Modal, Paper, ScrollArea, Select, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle, useMediaQuery } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import {
  CRM_ROLES,
  OPEN_STAGES,
  STAGES,
  type Opportunity,
  type Stage,
  createOpportunity,
  moveOpportunity,
  reopenOpportunity,
  useBoard,
  useCrmRefresh,
  useLostReasons,
} from '../../api/crm';
import { useCompanySettings } from '../../api/settings';
import { useCurrentUser } from '../../components/RequireAuth';
import { QueryStatus } from '../../components/QueryStatus';
import { useErrorMessage } from '../../i18n/errors';
import { formatMoney } from '../../lib/format';
import { useCrmFeed } from '../../realtime/useCrmFeed';
import { CrmNav, QuickActions } from './CrmNav';
import { OpportunityForm } from './OpportunityForm';

export function PipelinePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('crm.title'));
  const user = useCurrentUser();
  const allowed = CRM_ROLES.includes(user.role);
  const errorMessage = useErrorMessage();
  const navigate = useNavigate();
  const refresh = useCrmRefresh();
  const board = useBoard(undefined, allowed);
  const reasons = useLostReasons(allowed);
  const settings = useCompanySettings();
  const currency = settings.data?.currency ?? 'USD';
  const phone = useMediaQuery('(max-width: 36em)');
  useCrmFeed(allowed ? user.role : undefined, user.id);
  const [dragging, setDragging] = useState<Opportunity | null>(null);
  const [losing, setLosing] = useState<Opportunity | null>(null);
  const [reason, setReason] = useState<string | null>(null);
  const [params] = useSearchParams();
  const [creating, setCreating] = useState(params.get('new') === '1');

  if (!allowed) {
    return (
      <Alert color="red" role="alert">
        {t('errors.forbidden')}
      </Alert>
    );
  }
  const money = (v: string) => formatMoney(v, currency, i18n.language);

  const move = async (o: Opportunity, to: Stage, lostReason?: string | null) => {
    if (o.stage === to) return;
    if (to === 'lost' && !lostReason) {
      setLosing(o);
      setReason(null);
      return;
    }
    try {
      if (o.stage === 'won' || o.stage === 'lost') await reopenOpportunity(o.id, to);
      else await moveOpportunity(o.id, to, lostReason);
      notifications.show({ color: 'green', message: t('crm.moved', { title: o.title, stage: t(`crm.stages.${to}`) }) });
    } catch (err) {
      notifications.show({ color: 'red', message: errorMessage(err) });
    }
    refresh();
  };

  const targets = (o: Opportunity): readonly Stage[] =>
    o.stage === 'won' || o.stage === 'lost' ? OPEN_STAGES : STAGES.filter((s) => s !== o.stage);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          {t('crm.title')}
        </Title>
        <Badge variant="light" color="green">
          {t('crm.live')}
        </Badge>
      </Group>
      <CrmNav />
      <QuickActions onNewOpportunity={() => setCreating(true)} />
      <QueryStatus query={board}>
        {(data) => (
          <ScrollArea type="auto" offsetScrollbars>
            <Group align="flex-start" wrap="nowrap" gap="sm" data-testid="crm-board">
              {data.columns.map((col) => (
                <Paper
                  key={col.stage}
                  withBorder
                  p="xs"
                  w={260}
                  miw={240}
                  data-testid={`crm-column-${col.stage}`}
                  onDragOver={(e: React.DragEvent) => e.preventDefault()}
                  onDrop={(e: React.DragEvent) => {
                    e.preventDefault();
                    if (dragging) void move(dragging, col.stage);
                    setDragging(null);
                  }}
                >
                  <Stack gap={4} mb="xs">
                    <Group justify="space-between">
                      <Text fw={700}>{t(`crm.stages.${col.stage}`)}</Text>
                      <Badge variant="light" data-testid={`crm-count-${col.stage}`}>
                        {col.count}
                      </Badge>
                    </Group>
                    <Text size="sm">
                      {t('crm.column.sum')}: {money(col.sum)}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t('crm.column.weighted')}: {money(col.weighted_sum)}
                    </Text>
                  </Stack>
                  <Stack gap="xs">
                    {col.cards.map((o) => (
                      <Card
                        key={o.id}
                        withBorder
                        padding="xs"
                        draggable
                        onDragStart={() => setDragging(o)}
                        onDragEnd={() => setDragging(null)}
                        data-testid="crm-card"
                        data-title={o.title}
                      >
                        <Anchor component={Link} to={`/crm/opportunities/${o.id}`} fw={600} size="sm">
                          {o.title}
                        </Anchor>
                        <Text size="xs" c="dimmed">
                          {o.customer_name} · {o.owner_name}
                        </Text>
                        <Group justify="space-between" mt={4}>
                          <Text size="sm">{money(o.value)}</Text>
                          <Menu withinPortal>
                            <Menu.Target>
                              <Button size="compact-xs" variant="subtle" aria-label={t('crm.card.moveMenu', { title: o.title })}>
                                {o.stage === 'won' || o.stage === 'lost' ? t('crm.card.reopen') : t('crm.card.moveTo')}
                              </Button>
                            </Menu.Target>
                            <Menu.Dropdown>
                              {targets(o).map((s) => (
                                <Menu.Item key={s} onClick={() => void move(o, s)}>
                                  {t(`crm.stages.${s}`)}
                                </Menu.Item>
                              ))}
                            </Menu.Dropdown>
                          </Menu>
                        </Group>
                      </Card>
                    ))}
                  </Stack>
                </Paper>
              ))}
            </Group>
          </ScrollArea>
        )}
      </QueryStatus>

      <Modal opened={losing !== null} onClose={() => setLosing(null)} title={t('crm.lostDialog.title')}>
        <Stack>
          <Select
            label={t('crm.lostDialog.reason')}
            value={reason}
            onChange={setReason}
            data={(reasons.data ?? [])
              .filter((r) => r.active)
              .map((r) => ({ value: r.code, label: i18n.language.startsWith('en') ? r.name_en : r.name_es }))}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setLosing(null)}>
              {t('crm.lostDialog.cancel')}
            </Button>
            <Button
              color="red"
              disabled={!reason}
              onClick={() => {
                const o = losing;
                setLosing(null);
                if (o && reason) void move(o, 'lost', reason);
              }}
            >
              {t('crm.lostDialog.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>

      <Modal opened={creating} onClose={() => setCreating(false)} title={t('crm.quick.newOpportunity')} size="lg" fullScreen={phone}>
        <OpportunityForm
          onSubmit={createOpportunity}
          onSaved={(o) => {
            setCreating(false);
            refresh();
            notifications.show({ color: 'green', message: t('crm.form.created') });
            navigate(`/crm/opportunities/${o.id}`);
          }}
          onCancel={() => setCreating(false)}
        />
      </Modal>
    </Stack>
  );
}
