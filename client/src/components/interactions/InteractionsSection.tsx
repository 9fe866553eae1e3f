/**
 * "Interacciones" on a customer's page (issue 16): every contact with the
 * customer, newest first, 50 at a time ("Ver más" loads older ones), with
 * "Registrar interacción" opening the quick form in a modal (full screen on
 * a phone). Live: a colleague's record, or one the product makes (a ticket
 * opened in the portal, a survey answered, a visit done), appears without a
 * reload. Only the office and sellers (their own customers) have it; for
 * any other role the section renders nothing and asks the server nothing.
 */
import { Alert, Button, Group, Modal, Stack, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { seesInteractions, useInteractions } from '../../api/interactions';
import { useErrorMessage } from '../../i18n/errors';
import { useInteractionFeed } from '../../realtime/useInteractionFeed';
import { useIsPhone } from '../operations/useIsPhone';
import { QueryStatus } from '../QueryStatus';
import { useCurrentUser } from '../RequireAuth';
import { InteractionForm } from './InteractionForm';
import { InteractionTimeline } from './InteractionTimeline';

export function InteractionsSection({ customerId }: { customerId: string }) {
  const user = useCurrentUser();
  if (!seesInteractions(user.role)) return null;
  return <Interactions customerId={customerId} />;
}

function Interactions({ customerId }: { customerId: string }) {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const errorMessage = useErrorMessage();
  const phone = useIsPhone();
  const timeline = useInteractions(customerId);
  useInteractionFeed(user.role, user.id, customerId);
  const [recording, setRecording] = useState(false);
  const items = timeline.data?.pages.flatMap((p) => p.items);
  const label = t('interactionsArea.listLabel');

  return (
    <Stack gap="sm" component="section" aria-labelledby="interactions-title">
      <Group justify="space-between" gap="xs">
        <Title order={2} size="h4" id="interactions-title">
          {t('interactionsArea.title')}
        </Title>
        <Button size="xs" onClick={() => setRecording(true)}>
          {t('interactionsArea.record')}
        </Button>
      </Group>
      <QueryStatus
        query={{
          isPending: timeline.isPending,
          // A failed "Ver más" is said below the list, next to its button.
          isError: timeline.isError && !timeline.isFetchNextPageError,
          error: timeline.error,
          data: items,
        }}
        loaderSize="sm"
        isEmpty={(list) => list.length === 0}
        empty={t('interactionsArea.empty')}
      >
        {(list) => <InteractionTimeline items={list} label={label} />}
      </QueryStatus>
      {timeline.hasNextPage && (
        <Group justify="center">
          <Button
            variant="default"
            onClick={() => void timeline.fetchNextPage()}
            loading={timeline.isFetchingNextPage}
            fullWidth={phone}
          >
            {t('interactionsArea.loadMore')}
          </Button>
        </Group>
      )}
      {timeline.isFetchNextPageError && (
        <Alert color="red" variant="light" role="alert">
          {errorMessage(timeline.error)}
        </Alert>
      )}
      <Modal
        opened={recording}
        onClose={() => setRecording(false)}
        title={t('interactionsArea.form.title')}
        closeButtonProps={{ 'aria-label': t('interactionsArea.form.close') }}
        fullScreen={phone}
      >
        {recording && <InteractionForm customerId={customerId} onDone={() => setRecording(false)} />}
      </Modal>
    </Stack>
  );
}
