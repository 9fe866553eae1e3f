/**
 * /account/notifications — every user's own notification choices.
 *
 * The server lists the optional events (order updates, order closed,
 * payment receipts) by channel (e-mail, push, in-app) at
 * `GET /api/v1/notifications/preferences`; essential messages (password
 * recovery, invitations, appointments, surveys) are not in that list and are
 * always sent. The user ticks what they want and saves all choices at once.
 * Above the choices, "push on this device" subscribes this browser to Web
 * Push, without which the push channel has nowhere to go.
 */
import { useState } from 'react';
import { Alert, Button, Card, Center, Checkbox, Fieldset, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { DELIVERY_CHANNELS, type DeliveryChannel, type Preference, usePreferences, useSavePreferences } from '../api/account';
import { useMe } from '../api/auth';
import { PushDeviceCard } from '../components/account/PushDeviceCard';
import { useErrorMessage } from '../i18n/errors';

/** The optional events this client has names for, in display order. */
const KNOWN_EVENTS = ['order_update', 'order_closed', 'payment_receipt', 'ticket_reply', 'invoice_reminder', 'warranty_notice'] as const;
type KnownEvent = (typeof KNOWN_EVENTS)[number];

function isKnownEvent(kind: string): kind is KnownEvent {
  return (KNOWN_EVENTS as readonly string[]).includes(kind);
}

const keyOf = (kind: string, channel: DeliveryChannel) => `${kind}:${channel}`;

/** The events in the server's list, known ones first in our order, then any new ones. */
function eventsOf(prefs: Preference[]): string[] {
  const kinds = [...new Set(prefs.map((p) => p.kind))];
  return [...KNOWN_EVENTS.filter((k) => kinds.includes(k)), ...kinds.filter((k) => !isKnownEvent(k))];
}

function PreferencesForm({ initial, forStaff }: { initial: Preference[]; forStaff: boolean }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const save = useSavePreferences();
  const [choices, setChoices] = useState<Map<string, boolean>>(
    () => new Map(initial.map((p) => [keyOf(p.kind, p.channel), p.enabled])),
  );
  const events = eventsOf(initial);
  const offered = new Set(initial.map((p) => keyOf(p.kind, p.channel)));

  const label = (kind: string) => (isKnownEvent(kind) ? t(`accountArea.notifications.events.${kind}.label`) : kind);

  const submit = () => {
    const body: Preference[] = initial.map((p) => ({
      kind: p.kind,
      channel: p.channel,
      enabled: choices.get(keyOf(p.kind, p.channel)) ?? p.enabled,
    }));
    save.mutate(body, {
      onSuccess: (all) => {
        setChoices(new Map(all.map((p) => [keyOf(p.kind, p.channel), p.enabled])));
        notifications.show({ color: 'green', message: t('accountArea.notifications.saved') });
      },
    });
  };

  return (
    <Card withBorder padding="lg">
      <form
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <Stack>
          <div>
            <Title order={2} size="h4">
              {t('accountArea.notifications.preferencesTitle')}
            </Title>
            <Text size="sm" c="dimmed" mt={4}>
              {t('accountArea.notifications.essential')}
            </Text>
            {forStaff && (
              <Text size="sm" c="dimmed" mt={4}>
                {t('accountArea.notifications.staffNote')}
              </Text>
            )}
          </div>
          {save.isError && (
            <Alert color="red" variant="light">
              {errorMessage(save.error)}
            </Alert>
          )}
          {events.map((kind) => (
            <Fieldset
              key={kind}
              legend={label(kind)}
              variant="filled"
            >
              {isKnownEvent(kind) && (
                <Text size="sm" c="dimmed" mb="xs">
                  {t(`accountArea.notifications.events.${kind}.description`)}
                </Text>
              )}
              <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="xs">
                {DELIVERY_CHANNELS.filter((c) => offered.has(keyOf(kind, c))).map((channel) => (
                  <Checkbox
                    key={channel}
                    label={t(`accountArea.notifications.channels.${channel}`)}
                    checked={choices.get(keyOf(kind, channel)) ?? false}
                    onChange={(e) => {
                      const checked = e.currentTarget.checked;
                      setChoices((prev) => new Map(prev).set(keyOf(kind, channel), checked));
                    }}
                  />
                ))}
              </SimpleGrid>
            </Fieldset>
          ))}
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('accountArea.notifications.save')}
          </Button>
        </Stack>
      </form>
    </Card>
  );
}

export function NotificationSettingsPage() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const prefs = usePreferences();
  const me = useMe();
  useDocumentTitle(`${t('accountArea.notifications.title')} · ${t('app.name')}`);

  return (
    <Stack maw={720}>
      <div>
        <Title order={1} size="h2">
          {t('accountArea.notifications.title')}
        </Title>
        <Text c="dimmed" size="sm" mt={4}>
          {t('accountArea.notifications.intro')}
        </Text>
      </div>
      <PushDeviceCard />
      {prefs.isPending ? (
        <Center py="xl">
          <Loader aria-label={t('common.loading')} />
        </Center>
      ) : prefs.isError ? (
        <Alert color="red" variant="light">
          {errorMessage(prefs.error)}
        </Alert>
      ) : prefs.data.length === 0 ? (
        <Text>{t('common.empty')}</Text>
      ) : (
        <PreferencesForm initial={prefs.data} forStaff={!!me.data && me.data.role !== 'customer'} />
      )}
    </Stack>
  );
}
