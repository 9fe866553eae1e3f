/**
 * "Incorporación del cliente" on a customer's page (issue 16, seed 004
 * "Proceso de Inducción de Cliente Nuevo"): the checklist the server created
 * with the customer, with a progress line ("3 de 5 pasos hechos") and, per
 * step, a checkbox (done), its owner and its day. Every change saves at once
 * (no form to submit) and a refusal is said on the step itself. Undone steps
 * whose day is today or past (the company's calendar) say "Vence hoy" /
 * "Vencido". A customer created before onboarding existed has no checklist:
 * "Iniciar incorporación" starts one. Live: a colleague's change appears
 * without a reload (`customer.onboarding_changed`, useInteractionFeed).
 * Only the office and sellers (their own customers) have it; for any other
 * role the section renders nothing and asks the server nothing.
 */
import { Alert, Badge, Box, Button, Checkbox, Group, NativeSelect, Paper, Progress, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, problemField } from '../../api/client';
import {
  type OnboardingTask,
  type OnboardingTaskInput,
  dueState,
  seesOnboarding,
  taskInputOf,
  useOnboarding,
  useOnboardingOwners,
  useStartOnboarding,
  useUpdateOnboardingTask,
} from '../../api/onboarding';
import { canReadUsers } from '../../api/customers';
import { useErrorMessage } from '../../i18n/errors';
import { formatDay } from '../../lib/day';
import { formatDate, zonedDayKey } from '../../lib/format';
import { useCompanyTimeZone } from '../../lib/useCompanyTimeZone';
import { useInteractionFeed } from '../../realtime/useInteractionFeed';
import { useIsPhone } from '../operations/useIsPhone';
import { QueryStatus } from '../QueryStatus';
import { useCurrentUser } from '../RequireAuth';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function OnboardingSection({ customerId }: { customerId: string }) {
  const user = useCurrentUser();
  if (!seesOnboarding(user.role)) return null;
  return <Onboarding customerId={customerId} />;
}

interface Owner {
  value: string;
  label: string;
}

function Onboarding({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const tasks = useOnboarding(customerId);
  useInteractionFeed(user.role, user.id, customerId);
  const officeOwners = useOnboardingOwners(canReadUsers(user.role));
  const start = useStartOnboarding(customerId);
  const timeZone = useCompanyTimeZone();
  const today = zonedDayKey(new Date(), timeZone);

  // Only the office may list users: a seller picks themselves or keeps whoever owns the step.
  const baseOwners: Owner[] = officeOwners.data
    ? officeOwners.data.map((u) => ({ value: u.id, label: u.name }))
    : [{ value: user.id, label: user.name }];

  return (
    <Stack gap="sm" component="section" aria-labelledby="onboarding-title">
      <Title order={2} size="h4" id="onboarding-title">
        {t('onboardingArea.title')}
      </Title>
      <QueryStatus query={tasks} loaderSize="sm">
        {(list) =>
          list.length === 0 ? (
            <Stack gap="xs" align="flex-start">
              <Text c="dimmed">{t('onboardingArea.empty')}</Text>
              <Button
                onClick={() =>
                  start.mutate(undefined, {
                    onSuccess: () => notifications.show({ color: 'green', message: t('onboardingArea.started') }),
                  })
                }
                loading={start.isPending}
                fullWidth={phone}
              >
                {t('onboardingArea.start')}
              </Button>
              {start.isError && (
                <Alert color="red" variant="light" role="alert" w="100%">
                  {errorMessage(start.error)}
                </Alert>
              )}
            </Stack>
          ) : (
            <Checklist customerId={customerId} tasks={list} owners={baseOwners} today={today} />
          )
        }
      </QueryStatus>
    </Stack>
  );
}

function Checklist({
  customerId,
  tasks,
  owners,
  today,
}: {
  customerId: string;
  tasks: OnboardingTask[];
  owners: Owner[];
  today: string;
}) {
  const { t } = useTranslation();
  const done = tasks.filter((task) => task.done_at).length;
  const progress = t('onboardingArea.progress', { done, total: tasks.length });
  return (
    <Stack gap="sm">
      <Stack gap={4}>
        <Text size="sm">{progress}</Text>
        <Progress value={(done / tasks.length) * 100} aria-label={progress} color={done === tasks.length ? 'green' : 'blue'} />
      </Stack>
      <Box component="ul" aria-label={t('onboardingArea.listLabel')} m={0} p={0} style={{ listStyle: 'none' }}>
        <Stack gap="xs">
          {tasks.map((task) => (
            <Step key={task.id} customerId={customerId} task={task} owners={owners} today={today} />
          ))}
        </Stack>
      </Box>
    </Stack>
  );
}

function Step({ customerId, task, owners, today }: { customerId: string; task: OnboardingTask; owners: Owner[]; today: string }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const update = useUpdateOnboardingTask(customerId);
  const saved = taskInputOf(task);
  // While a change is on its way, the controls show it.
  const shown: OnboardingTaskInput = update.isPending ? update.variables.input : saved;
  const [day, setDay] = useState(saved.due_on);
  const [dayError, setDayError] = useState<string | null>(null);
  useEffect(() => setDay(saved.due_on), [saved.due_on]);

  const save = (changes: Partial<OnboardingTaskInput>) => {
    setDayError(null);
    update.mutate({ id: task.id, input: { ...saved, ...changes } });
  };
  const saveDay = () => {
    if (day === saved.due_on) return;
    if (!DAY.test(day)) {
      setDayError(t('onboardingArea.errors.dueOnRequired'));
      return;
    }
    save({ due_on: day });
  };

  const field = update.isError ? problemField(update.error) : null;
  const ownerError = field === 'owner_id' ? t('onboardingArea.errors.owner') : null;
  const serverDayError =
    field === 'due_on' && update.error instanceof ApiError && (update.error.code === 'validation_failed' || update.error.code === 'conflict')
      ? t('onboardingArea.errors.dueOn')
      : null;
  const otherError = update.isError && !ownerError && !serverDayError ? errorMessage(update.error) : null;

  // The current owner stays an option even when the picker does not list them (inactive, or a seller's view).
  const options = [
    { value: '', label: t('onboardingArea.noOwner') },
    ...owners,
    ...(task.owner_id && !owners.some((o) => o.value === task.owner_id)
      ? [{ value: task.owner_id, label: task.owner_name ?? task.owner_id }]
      : []),
  ];
  const due = dueState(task, today);

  return (
    <Paper component="li" withBorder p="sm" aria-label={task.title}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs" wrap="wrap">
          <Checkbox
            label={task.title}
            checked={shown.done}
            onChange={(e) => save({ done: e.currentTarget.checked })}
            disabled={update.isPending}
            styles={{ label: { overflowWrap: 'anywhere' } }}
            style={{ flex: '1 1 200px' }}
          />
          {due && (
            <Badge color={due === 'overdue' ? 'red' : 'orange'} variant="light">
              {due === 'overdue' ? t('onboardingArea.overdue') : t('onboardingArea.dueToday')}
            </Badge>
          )}
        </Group>
        <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="xs">
          <NativeSelect
            label={t('onboardingArea.owner', { title: task.title })}
            data={options}
            value={shown.owner_id ?? ''}
            onChange={(e) => save({ owner_id: e.currentTarget.value || null })}
            disabled={update.isPending}
            error={ownerError}
          />
          <TextInput
            type="date"
            label={t('onboardingArea.dueDate', { title: task.title })}
            description={t('onboardingArea.dueOn', { date: formatDay(saved.due_on, i18n.language) })}
            value={day}
            onChange={(e) => {
              setDay(e.currentTarget.value);
              setDayError(null);
            }}
            onBlur={saveDay}
            onKeyDown={(e) => {
              if (e.key === 'Enter') {
                e.preventDefault();
                saveDay();
              }
            }}
            disabled={update.isPending}
            error={dayError ?? serverDayError}
          />
        </SimpleGrid>
        {task.done_at && (
          <Text size="sm" c="dimmed">
            {task.done_by_name
              ? t('onboardingArea.doneBy', { name: task.done_by_name, date: formatDate(task.done_at, i18n.language) })
              : t('onboardingArea.doneOn', { date: formatDate(task.done_at, i18n.language) })}
          </Text>
        )}
        {otherError && (
          <Alert color="red" variant="light" role="alert">
            {otherError}
          </Alert>
        )}
      </Stack>
    </Paper>
  );
}
