/**
 * Edit / delete controls and the "who changed it" marks of one timeline post,
 * for staff. It is rendered through the timeline's `extra` slot (the line
 * under each post's date), so the timeline component itself stays as it is:
 *
 *   <EventTimeline events={…} extra={(id) => <EventEditControls … event={byId[id]} />} />
 *
 * Everything here is inline (spans and buttons) because that slot is a
 * paragraph. A post's author and the office roles may change it
 * (`canChange`); the server keeps the previous text in the post's history,
 * stamps "editado por … el …", and a deleted post stays visible to staff as
 * "eliminado por …" while it disappears for the customer and the QR page.
 */
import { Alert, Button, Group, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OrderEvent } from '../../api/orders';
import { deleteEvent, editEvent, fetchEventHistory } from '../../api/records';
import { useErrorMessage } from '../../i18n/errors';
import { formatDateTime } from '../../lib/format';
import { ConfirmDialog } from '../admin/ConfirmDialog';
import { RevisionHistory } from './RevisionHistory';

export function EventEditControls({
  orderId,
  event,
  canChange,
  currency,
  onChanged,
}: {
  orderId: string;
  event: OrderEvent;
  /** Whether the caller may edit and delete it now (author or office, order open). */
  canChange: boolean;
  currency: string;
  onChanged: () => void;
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const when = formatDateTime(event.created_at, lang);
  const changeable = canChange && !event.deleted_at;
  const hasHistory = Boolean(event.edited_at || event.deleted_at);
  return (
    <>
      {event.edited_at && (
        <Text component="span" size="xs" c="dimmed" data-testid="edited-mark">
          {' · '}
          {t('recordsArea.common.editedBy', { name: event.edited_by_name ?? '', date: formatDateTime(event.edited_at, lang) })}
        </Text>
      )}
      {event.deleted_at && (
        <Text component="span" size="xs" c="red" fw={600} data-testid="deleted-mark">
          {' · '}
          {t('recordsArea.common.deletedBy', { name: event.deleted_by_name ?? '', date: formatDateTime(event.deleted_at, lang) })}
        </Text>
      )}
      {changeable && (
        <>
          {' '}
          <Button variant="subtle" size="compact-xs" onClick={() => setEditing(true)} aria-label={t('recordsArea.events.editLabel', { date: when })}>
            {t('recordsArea.events.edit')}
          </Button>
          <Button variant="subtle" color="red" size="compact-xs" onClick={() => setDeleting(true)} aria-label={t('recordsArea.events.deleteLabel', { date: when })}>
            {t('recordsArea.events.delete')}
          </Button>
        </>
      )}
      {hasHistory && (
        <>
          {' '}
          <RevisionHistory
            label={t('recordsArea.events.historyLabel', { date: when })}
            queryKey={['event-history', event.id, event.edited_at, event.deleted_at]}
            fetch={(signal) => fetchEventHistory(orderId, event.id, signal)}
            currency={currency}
          />
        </>
      )}
      {editing && (
        <EditEventDialog
          orderId={orderId}
          event={event}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            onChanged();
          }}
        />
      )}
      {deleting && (
        <DeleteEventDialog
          orderId={orderId}
          event={event}
          onClose={() => setDeleting(false)}
          onDeleted={() => {
            setDeleting(false);
            onChanged();
          }}
        />
      )}
    </>
  );
}

function EditEventDialog({ orderId, event, onClose, onSaved }: { orderId: string; event: OrderEvent; onClose: () => void; onSaved: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [comment, setComment] = useState(event.comment);
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => editEvent(orderId, event.id, comment.trim()),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('recordsArea.events.saved') });
      onSaved();
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // A post with neither a status nor a photo needs its comment.
    if (!comment.trim() && !event.label && event.photos.length === 0) return setError(t('recordsArea.events.emptyComment'));
    setError(null);
    save.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={t('recordsArea.events.editTitle')} centered>
      <form onSubmit={submit} noValidate aria-label={t('recordsArea.events.editTitle')}>
        <Stack gap="sm">
          {event.label && <Text fw={600}>{event.label}</Text>}
          <Textarea
            label={t('recordsArea.events.comment')}
            autosize
            minRows={3}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            error={error}
            data-autofocus
          />
          {save.isError && (
            <Alert color="red" role="alert">
              {errorMessage(save.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.isPending}>
              {t('recordsArea.common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('recordsArea.common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function DeleteEventDialog({ orderId, event, onClose, onDeleted }: { orderId: string; event: OrderEvent; onClose: () => void; onDeleted: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const remove = useMutation({
    mutationFn: () => deleteEvent(orderId, event.id),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('recordsArea.events.deleted') });
      onDeleted();
    },
  });
  return (
    <ConfirmDialog
      opened
      title={t('recordsArea.events.deleteTitle')}
      confirmLabel={t('recordsArea.events.delete')}
      loading={remove.isPending}
      error={remove.isError ? errorMessage(remove.error) : null}
      onConfirm={() => remove.mutate()}
      onClose={onClose}
    >
      {t('recordsArea.events.deleteBody')}
    </ConfirmDialog>
  );
}
