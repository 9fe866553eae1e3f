/**
 * Closing and reopening a service order (issue 10, bug 5).
 *
 * Closing is final for the customer, so it asks first and says what will
 * happen: the customer gets a closing e-mail and a satisfaction survey, and
 * the order stops taking public updates, parts and payments. Only master
 * reopens a closed order, with a reason that goes to the audit log and the
 * internal history. The server refuses both for anyone else.
 */
import { Alert, Button, Group, List, Modal, Stack, Text, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../../api/client';
import { useErrorMessage } from '../../i18n/errors';
import { blames } from './fieldErrors';

const MAX_TEXT = 500;

export function CloseOrderDialog({ orderId, number, onClose, onClosed }: { orderId: string; number: string; onClose: () => void; onClosed: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [comment, setComment] = useState('');
  const close = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/close`, { comment: comment.trim() }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('operationsArea.manage.closed') });
      onClosed();
    },
  });
  const title = t('operationsArea.closing.title', { number });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    close.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <Text>{t('operationsArea.closing.what')}</Text>
          <List size="sm" spacing={4}>
            <List.Item>{t('operationsArea.closing.email')}</List.Item>
            <List.Item>{t('operationsArea.closing.survey')}</List.Item>
            <List.Item>{t('operationsArea.closing.final')}</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            {t('operationsArea.closing.reopenNote')}
          </Text>
          <Textarea
            label={t('operationsArea.closing.comment')}
            autosize
            minRows={2}
            maxLength={2000}
            value={comment}
            onChange={(e) => setComment(e.currentTarget.value)}
            data-autofocus
          />
          {close.isError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(close.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('operationsArea.cancel')}
            </Button>
            <Button type="submit" color="red" loading={close.isPending}>
              {t('operationsArea.closing.confirm')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

export function ReopenOrderDialog({ orderId, number, onClose, onReopened }: { orderId: string; number: string; onClose: () => void; onReopened: () => void }) {
  const { t } = useTranslation();
  const errorMessage = useErrorMessage();
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const reopen = useMutation({
    mutationFn: () => api.post(`/api/v1/orders/${orderId}/reopen`, { reason: reason.trim() }),
    onSuccess: () => {
      notifications.show({ color: 'green', message: t('operationsArea.closing.reopened') });
      onReopened();
    },
    onError: (err) => {
      if (blames(err, 'reason')) setReasonError(errorMessage(err));
    },
  });
  const title = t('operationsArea.closing.reopenTitle', { number });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim()) return setReasonError(t('operationsArea.closing.reasonRequired'));
    setReasonError(null);
    reopen.mutate();
  };
  return (
    <Modal opened onClose={onClose} title={title} centered>
      <form onSubmit={submit} noValidate aria-label={title}>
        <Stack>
          <Text>{t('operationsArea.closing.reopenWarning')}</Text>
          <Textarea
            label={t('operationsArea.closing.reason')}
            required
            autosize
            minRows={2}
            maxLength={MAX_TEXT}
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value)}
            error={reasonError}
            data-autofocus
          />
          {reopen.isError && !reasonError && (
            <Alert color="red" variant="light" role="alert">
              {errorMessage(reopen.error)}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('operationsArea.cancel')}
            </Button>
            <Button type="submit" loading={reopen.isPending}>
              {t('operationsArea.closing.confirmReopen')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
