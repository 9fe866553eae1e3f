/**
 * "Push notifications on this device" on /account/notifications: shows
 * whether this browser receives Web Push for the signed-in user, and turns
 * it on or off (the work is in lib/push.ts). Browsers without support and
 * notifications blocked in the browser get an explanation instead of a
 * button that cannot work.
 */
import { Alert, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import { pushSubscriptionsQueryKey } from '../../api/account';
import { useErrorMessage } from '../../i18n/errors';
import { PushSetupError, disablePush, enablePush, getPushState } from '../../lib/push';

export const pushStateQueryKey = [...pushSubscriptionsQueryKey, 'this-device'] as const;

export function PushDeviceCard() {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: pushStateQueryKey, queryFn: getPushState, retry: false });

  const refresh = () => queryClient.invalidateQueries({ queryKey: pushSubscriptionsQueryKey });
  const enable = useMutation({
    mutationFn: () => enablePush(),
    onSuccess: () => notifications.show({ color: 'green', message: t('accountArea.push.enabledToast') }),
    onSettled: refresh,
  });
  const disable = useMutation({
    mutationFn: disablePush,
    onSuccess: () => notifications.show({ color: 'green', message: t('accountArea.push.disabledToast') }),
    onSettled: refresh,
  });

  const state = status.data?.state;
  const failure = enable.error ?? disable.error;
  const failureText =
    failure instanceof PushSetupError ? t(`accountArea.push.${failure.reason}`) : failure ? errorMessage(failure) : null;
  const busy = enable.isPending || disable.isPending;

  return (
    <Card withBorder padding="lg">
      <Stack gap="sm">
        <div>
          <Title order={2} size="h4">
            {t('accountArea.push.title')}
          </Title>
          <Text size="sm" c="dimmed" mt={4}>
            {t('accountArea.push.intro')}
          </Text>
        </div>
        {status.isPending ? (
          <Group gap="xs">
            <Loader size="sm" aria-hidden />
            <Text size="sm">{t('accountArea.push.checking')}</Text>
          </Group>
        ) : status.isError ? (
          <Alert color="red" variant="light">
            {errorMessage(status.error)}
          </Alert>
        ) : state === 'unsupported' ? (
          <Alert color="gray" variant="light">
            {t('accountArea.push.unsupported')}
          </Alert>
        ) : state === 'denied' ? (
          <Alert color="yellow" variant="light">
            {t('accountArea.push.denied')}
          </Alert>
        ) : (
          <Stack gap="sm" align="flex-start">
            <Text size="sm" role="status" fw={500}>
              {state === 'enabled' ? t('accountArea.push.enabled') : t('accountArea.push.disabled')}
            </Text>
            {failureText && (
              <Alert color="red" variant="light" style={{ alignSelf: 'stretch' }}>
                {failureText}
              </Alert>
            )}
            {state === 'enabled' ? (
              <Button
                variant="default"
                loading={disable.isPending}
                disabled={busy}
                onClick={() => {
                  enable.reset();
                  disable.mutate();
                }}
              >
                {t('accountArea.push.disable')}
              </Button>
            ) : (
              <Button
                loading={enable.isPending}
                disabled={busy}
                onClick={() => {
                  disable.reset();
                  enable.mutate();
                }}
              >
                {t('accountArea.push.enable')}
              </Button>
            )}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
