/**
 * "Acuerdos de servicio (SLA)" on /settings (master, admin; issue 16): the
 * business hours the ticket clocks run in (Monday to Sunday, each open or
 * closed, with its opening and closing time), the holidays (no clock), the
 * targets of every ticket type and priority — first response and
 * resolution, edited in hours with decimals and sent as whole business
 * minutes — and how many minutes before a breach the assignee is warned.
 *
 * Everything is saved at once with PUT /api/v1/settings/sla; a refusal
 * naming a field (`business_hours`, `holidays`, `policies`,
 * `warning_minutes`) is shown on that part of the form.
 */
import { Alert, Button, Card, CloseButton, Group, NumberInput, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemField } from '../../api/admin';
import {
  MAX_TARGET_MINUTES,
  MAX_WARNING_MINUTES,
  type SlaSettings,
  type SlaSettingsInput,
  useSlaSettings,
  useUpdateSlaSettings,
} from '../../api/sla';
import { TICKET_PRIORITIES, TICKET_TYPES, type TicketPriority, type TicketType } from '../../api/tickets';
import { useErrorMessage } from '../../i18n/errors';
import { formatCalendarDay } from '../../lib/format';
import { QueryStatus } from '../QueryStatus';
import { serverFieldError } from './fieldError';

const WEEK = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** Hours a day gets when it is opened without hours of its own. */
const DEFAULT_OPEN = '08:00';
const DEFAULT_CLOSE = '17:00';

interface DayRow {
  open: boolean;
  opens: string;
  closes: string;
}

type PolicyKey = `${TicketType}:${TicketPriority}`;
/** Hours as typed (a number, or '' while empty). */
interface PolicyRow {
  first: number | string;
  resolution: number | string;
}

const keyOf = (type: TicketType, priority: TicketPriority): PolicyKey => `${type}:${priority}`;

/** Business minutes as hours with at most two decimals (exact back to minutes). */
export const minutesToHours = (minutes: number) => Math.round((minutes / 60) * 100) / 100;
/** Hours (decimals allowed) as whole minutes; `null` when not a number. */
export function hoursToMinutes(hours: number | string): number | null {
  const h = typeof hours === 'number' ? hours : Number(String(hours).replace(',', '.'));
  return hours === '' || !Number.isFinite(h) ? null : Math.round(h * 60);
}

function daysOf(settings: SlaSettings): DayRow[] {
  return WEEK.map((_, i) => {
    const d = settings.business_hours[i] ?? null;
    return d ? { open: true, opens: d.open, closes: d.close } : { open: false, opens: DEFAULT_OPEN, closes: DEFAULT_CLOSE };
  });
}

function policiesOf(settings: SlaSettings): Record<PolicyKey, PolicyRow> {
  const rows = {} as Record<PolicyKey, PolicyRow>;
  for (const type of TICKET_TYPES)
    for (const priority of TICKET_PRIORITIES) rows[keyOf(type, priority)] = { first: '', resolution: '' };
  for (const p of settings.policies) {
    if (!(TICKET_TYPES as readonly string[]).includes(p.type) || !(TICKET_PRIORITIES as readonly string[]).includes(p.priority)) continue;
    rows[keyOf(p.type, p.priority)] = { first: minutesToHours(p.first_response_minutes), resolution: minutesToHours(p.resolution_minutes) };
  }
  return rows;
}

const targetOk = (hours: number | string) => {
  const m = hoursToMinutes(hours);
  return m !== null && m >= 1 && m <= MAX_TARGET_MINUTES;
};

export function SlaSettingsCard() {
  const { t } = useTranslation();
  const settings = useSlaSettings(true);
  return (
    <Card withBorder component="section" aria-labelledby="sla-settings-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="sla-settings-title">
          {t('slaArea.settings.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('slaArea.settings.intro')}
        </Text>
        <QueryStatus query={settings}>{(data) => <SlaSettingsForm initial={data} />}</QueryStatus>
      </Stack>
    </Card>
  );
}

function SlaSettingsForm({ initial }: { initial: SlaSettings }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const errorMessage = useErrorMessage();
  const save = useUpdateSlaSettings();
  const [days, setDays] = useState<DayRow[]>(() => daysOf(initial));
  const [holidays, setHolidays] = useState<string[]>(() => [...initial.holidays].sort());
  const [newHoliday, setNewHoliday] = useState('');
  const [holidayError, setHolidayError] = useState<string | undefined>();
  const [policies, setPolicies] = useState<Record<PolicyKey, PolicyRow>>(() => policiesOf(initial));
  const [warning, setWarning] = useState<number | string>(initial.warning_minutes);
  const [checked, setChecked] = useState(false);

  const dayLabel = (i: number) => t(`slaArea.settings.days.${WEEK[i]}`);
  const holidayText = (d: string) => formatCalendarDay(d, lang, { day: 'numeric', month: 'short', year: 'numeric' });

  // Local checks, shown once a save was tried.
  const dayErrors = days.map((d) => {
    if (!d.open) return undefined;
    if (!TIME.test(d.opens) || !TIME.test(d.closes)) return t('slaArea.settings.timeRequired');
    return d.closes > d.opens ? undefined : t('slaArea.settings.closeAfterOpen');
  });
  const noOpenDay = days.every((d) => !d.open);
  const policyBad = (k: PolicyKey, field: keyof PolicyRow) => !targetOk(policies[k][field]);
  const anyPolicyBad = TICKET_TYPES.some((ty) => TICKET_PRIORITIES.some((p) => policyBad(keyOf(ty, p), 'first') || policyBad(keyOf(ty, p), 'resolution')));
  const warningBad = typeof warning !== 'number' || !Number.isInteger(warning) || warning < 0 || warning > MAX_WARNING_MINUTES;
  const localBad = dayErrors.some(Boolean) || noOpenDay || anyPolicyBad || warningBad;

  const setDay = (i: number, patch: Partial<DayRow>) => setDays((cur) => cur.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const setPolicy = (k: PolicyKey, field: keyof PolicyRow, value: number | string) =>
    setPolicies((cur) => ({ ...cur, [k]: { ...cur[k], [field]: value } }));

  const addHoliday = () => {
    if (!DAY.test(newHoliday)) return setHolidayError(t('slaArea.settings.holidayRequired'));
    if (holidays.includes(newHoliday)) return setHolidayError(t('slaArea.settings.holidayDuplicate'));
    setHolidays((cur) => [...cur, newHoliday].sort());
    setNewHoliday('');
    setHolidayError(undefined);
  };

  const reset = (saved: SlaSettings) => {
    setDays(daysOf(saved));
    setHolidays([...saved.holidays].sort());
    setPolicies(policiesOf(saved));
    setWarning(saved.warning_minutes);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (localBad) return;
    const input: SlaSettingsInput = {
      business_hours: days.map((d) => (d.open ? { open: d.opens, close: d.closes } : null)),
      holidays,
      policies: TICKET_TYPES.flatMap((type) =>
        TICKET_PRIORITIES.map((priority) => {
          const row = policies[keyOf(type, priority)];
          return {
            type,
            priority,
            first_response_minutes: hoursToMinutes(row.first) ?? 0,
            resolution_minutes: hoursToMinutes(row.resolution) ?? 0,
          };
        }),
      ),
      warning_minutes: warning as number,
    };
    save.mutate(input, {
      onSuccess: (saved) => {
        reset(saved);
        setChecked(false);
        notifications.show({ color: 'green', message: t('slaArea.settings.saved') });
      },
    });
  };

  const serverError = (field: string, hint: string) => (save.isError ? serverFieldError(save.error, field, t, hint) : undefined);
  const weekError = (checked && noOpenDay ? t('slaArea.settings.noOpenDay') : undefined) ?? serverError('business_hours', t('slaArea.settings.weekInvalid'));
  const holidaysError = holidayError ?? serverError('holidays', t('slaArea.settings.holidaysInvalid'));
  const policiesError = (checked && anyPolicyBad ? t('slaArea.settings.policiesInvalid') : undefined) ?? serverError('policies', t('slaArea.settings.policiesInvalid'));
  const minutesHint = t('slaArea.settings.minutesBetween');
  const warningError = (checked && warningBad ? minutesHint : undefined) ?? serverError('warning_minutes', minutesHint);
  const banner = save.isError && !problemField(save.error) ? errorMessage(save.error) : null;
  const numberFormat = lang === 'es' ? { decimalSeparator: ',', thousandSeparator: false as const } : { decimalSeparator: '.' };

  return (
    <form onSubmit={submit} noValidate aria-label={t('slaArea.settings.title')}>
      <Stack gap="md">
        {banner && (
          <Alert color="red" variant="light" role="alert">
            {banner}
          </Alert>
        )}

        <Stack gap="xs" role="group" aria-labelledby="sla-week-title" data-testid="sla-week">
          <Title order={3} size="h5" id="sla-week-title">
            {t('slaArea.settings.week')}
          </Title>
          {days.map((d, i) => (
            <Group key={WEEK[i]} gap="sm" align="flex-start" role="group" aria-label={dayLabel(i)} data-testid={`sla-day-${WEEK[i]}`}>
              <Text w={100} pt={6} fw={500}>
                {dayLabel(i)}
              </Text>
              <Switch
                label={t('slaArea.settings.open')}
                checked={d.open}
                onChange={(e) => setDay(i, { open: e.currentTarget.checked })}
                pt={8}
              />
              {d.open ? (
                <>
                  <TextInput
                    type="time"
                    label={t('slaArea.settings.opens')}
                    value={d.opens}
                    onChange={(e) => setDay(i, { opens: e.currentTarget.value })}
                    w={130}
                  />
                  <TextInput
                    type="time"
                    label={t('slaArea.settings.closes')}
                    value={d.closes}
                    onChange={(e) => setDay(i, { closes: e.currentTarget.value })}
                    error={checked ? dayErrors[i] : undefined}
                    w={130}
                  />
                </>
              ) : (
                <Text c="dimmed" pt={6}>
                  {t('slaArea.settings.closed')}
                </Text>
              )}
            </Group>
          ))}
          {weekError && (
            <Text c="red" size="sm" role="alert">
              {weekError}
            </Text>
          )}
        </Stack>

        <Stack gap="xs" role="group" aria-labelledby="sla-holidays-title" data-testid="sla-holidays">
          <Title order={3} size="h5" id="sla-holidays-title">
            {t('slaArea.settings.holidays')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('slaArea.settings.holidaysHint')}
          </Text>
          <Group gap="sm" align="flex-end">
            <TextInput
              type="date"
              label={t('slaArea.settings.holiday')}
              value={newHoliday}
              onChange={(e) => {
                setNewHoliday(e.currentTarget.value);
                setHolidayError(undefined);
              }}
              error={holidaysError}
              w={{ base: '100%', xs: 190 }}
            />
            <Button variant="default" onClick={addHoliday}>
              {t('slaArea.settings.addHoliday')}
            </Button>
          </Group>
          {holidays.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t('slaArea.settings.noHolidays')}
            </Text>
          ) : (
            <Group gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
              {holidays.map((d) => (
                <Group key={d} component="li" gap={2} wrap="nowrap" data-testid={`sla-holiday-${d}`}>
                  <Text size="sm">{holidayText(d)}</Text>
                  <CloseButton
                    size="sm"
                    aria-label={t('slaArea.settings.removeHoliday', { date: holidayText(d) })}
                    onClick={() => setHolidays((cur) => cur.filter((x) => x !== d))}
                  />
                </Group>
              ))}
            </Group>
          )}
        </Stack>

        <Stack gap="xs" role="group" aria-labelledby="sla-policies-title" data-testid="sla-policies">
          <Title order={3} size="h5" id="sla-policies-title">
            {t('slaArea.settings.policies')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('slaArea.settings.policiesHint')}
          </Text>
          <Table.ScrollContainer minWidth={560}>
            <Table verticalSpacing={4}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('tickets.type')}</Table.Th>
                  <Table.Th>{t('tickets.priority')}</Table.Th>
                  <Table.Th>{t('slaArea.settings.firstResponseHours')}</Table.Th>
                  <Table.Th>{t('slaArea.settings.resolutionHours')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {TICKET_TYPES.map((type) =>
                  TICKET_PRIORITIES.map((priority, pi) => {
                    const k = keyOf(type, priority);
                    const typeText = t(`tickets.types.${type}`);
                    const priorityText = t(`tickets.priorities.${priority}`);
                    const cell = (field: keyof PolicyRow, target: string, testTarget: string) => (
                      <NumberInput
                        aria-label={t('slaArea.settings.cellLabel', { target, type: typeText, priority: priorityText })}
                        data-testid={`sla-policy-${type}-${priority}-${testTarget}`}
                        value={policies[k][field]}
                        onChange={(v) => setPolicy(k, field, v)}
                        min={0}
                        decimalScale={2}
                        hideControls
                        error={checked && policyBad(k, field) ? t('slaArea.settings.hoursBetween') : undefined}
                        w={130}
                        {...numberFormat}
                      />
                    );
                    return (
                      <Table.Tr key={k}>
                        {pi === 0 && (
                          <Table.Td rowSpan={TICKET_PRIORITIES.length} fw={500}>
                            {typeText}
                          </Table.Td>
                        )}
                        <Table.Td>{priorityText}</Table.Td>
                        <Table.Td>{cell('first', t('slaArea.settings.firstResponseHours'), 'first_response')}</Table.Td>
                        <Table.Td>{cell('resolution', t('slaArea.settings.resolutionHours'), 'resolution')}</Table.Td>
                      </Table.Tr>
                    );
                  }),
                )}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {policiesError && (
            <Text c="red" size="sm" role="alert">
              {policiesError}
            </Text>
          )}
        </Stack>

        <NumberInput
          label={t('slaArea.settings.warningMinutes')}
          description={t('slaArea.settings.warningHint')}
          min={0}
          max={MAX_WARNING_MINUTES}
          allowDecimal={false}
          value={warning}
          error={warningError}
          onChange={setWarning}
          maw={360}
        />
        <Group>
          <Button type="submit" loading={save.isPending}>
            {t('slaArea.settings.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
