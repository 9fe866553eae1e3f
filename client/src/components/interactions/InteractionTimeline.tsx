/**
 * A customer's interactions, newest first, as a list (one card-like entry
 * each, readable on a 360 px phone): when (company time zone), the channel
 * (icon and word), direction, an initiative badge, the reason in bold, the
 * outcome, who took part ("por Ana Administradora", or "Registrada por
 * Faena" for what the product recorded on its own) and a link to the record
 * it is about ("Ver ticket", "Ver cita", …) when there is one.
 */
import { Anchor, Badge, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { type Interaction, type InteractionChannel, subjectPath } from '../../api/interactions';
import { formatDateTime } from '../../lib/format';

/** A plain glyph per channel (decorative: the channel's word is always beside it). */
const CHANNEL_ICONS: Record<InteractionChannel, string> = {
  phone: '☎',
  email: '✉',
  portal: '⌨',
  visit: '⚑',
  social: '☺',
};

export function InteractionTimeline({ items, label }: { items: Interaction[]; label: string }) {
  return (
    <Stack component="ul" aria-label={label} gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
      {items.map((interaction) => (
        <InteractionEntry key={interaction.id} interaction={interaction} />
      ))}
    </Stack>
  );
}

function InteractionEntry({ interaction: i }: { interaction: Interaction }) {
  const { t, i18n } = useTranslation();
  const path = i.subject_type ? subjectPath(i.subject_type, i.subject_id) : null;
  const who = i.user_name
    ? t('interactionsArea.by', { name: i.user_name })
    : i.automatic
      ? t('interactionsArea.byFaena')
      : null;
  return (
    <Paper component="li" withBorder p="sm" radius="sm" data-testid="interaction">
      <Stack gap={4}>
        <Group justify="space-between" gap="xs" wrap="wrap">
          <Text size="sm" c="dimmed" component="time" dateTime={i.occurred_at}>
            {formatDateTime(i.occurred_at, i18n.language)}
          </Text>
          <Group gap={6} wrap="wrap">
            <Badge variant="outline" color="gray" leftSection={<span aria-hidden="true">{CHANNEL_ICONS[i.channel]}</span>}>
              {t(`interactionsArea.channels.${i.channel}`)}
            </Badge>
            <Badge variant="light" color="gray">
              {t(`interactionsArea.directions.${i.direction}`)}
            </Badge>
            <Badge variant="light" color={i.initiative === 'proactive' ? 'teal' : 'orange'}>
              {t(`interactionsArea.initiatives.${i.initiative}`)}
            </Badge>
            {i.automatic && (
              <Badge variant="dot" color="blue">
                {t('interactionsArea.automatic')}
              </Badge>
            )}
          </Group>
        </Group>
        <Text fw={700} style={{ overflowWrap: 'anywhere' }}>
          {i.reason}
        </Text>
        {i.outcome && (
          <Text size="sm" style={{ whiteSpace: 'pre-line', overflowWrap: 'anywhere' }}>
            {i.outcome}
          </Text>
        )}
        {(who || i.subject_type) && (
          <Group justify="space-between" gap="xs" wrap="wrap">
            {who ? (
              <Text size="xs" c="dimmed">
                {who}
              </Text>
            ) : (
              <span />
            )}
            {i.subject_type &&
              (path ? (
                <Anchor component={Link} to={path} size="sm">
                  {t(`interactionsArea.subjects.${i.subject_type}`)}
                </Anchor>
              ) : (
                <Text size="xs" c="dimmed">
                  {t(`interactionsArea.subjects.${i.subject_type}`)}
                </Text>
              ))}
          </Group>
        )}
      </Stack>
    </Paper>
  );
}
