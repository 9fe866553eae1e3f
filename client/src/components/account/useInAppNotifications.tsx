/**
 * In-app notifications: while the signed-in shell is open, listen to the
 * user's personal `user:<id>` channel (see docs/realtime.md) and show each
 * notification the server publishes there as a Mantine toast, with a "View"
 * button to the record it is about.
 *
 * The publication is the `notification` variant of the generated
 * `ChannelEvent` (`{ type: "notification", notification, subject_type,
 * subject_id, title, body, url? }`, src/domain/events.rs); title and body
 * are already written in the company's language by the server. The same
 * JSON is the Web Push payload, and public/sw.js maps records to pages the
 * same way as {@link subjectPath}.
 */
import { Button, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useCallback } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useCentrifuge, useSubscription } from '../../realtime/client';

export interface InAppNotification {
  /** The event, e.g. `order_update` or `appointment_reminder`. */
  notification: string;
  subject_type: string;
  subject_id: string;
  title: string;
  body: string;
}

/** The notification in a publication of the user channel, or `null` for anything else. */
export function toInAppNotification(data: unknown): InAppNotification | null {
  if (data === null || typeof data !== 'object') return null;
  const d = data as Record<string, unknown>;
  // `type` is the contract (ChannelEvent); `kind` is what older servers sent.
  if (d.type !== 'notification' && d.kind !== 'notification') return null;
  const text = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    notification: text(d.notification),
    subject_type: text(d.subject_type),
    subject_id: text(d.subject_id),
    title: text(d.title),
    body: text(d.body),
  };
}

/** The page about a notification's record (kept in step with `pageFor` in public/sw.js). */
export function subjectPath(subjectType: string, subjectId: string): string | null {
  const id = encodeURIComponent(subjectId);
  switch (subjectType) {
    case 'order':
      return id ? `/orders/${id}` : '/orders';
    case 'appointment':
      return id ? `/appointments/${id}` : '/appointments';
    case 'ticket':
      return id ? `/tickets/${id}` : '/tickets';
    case 'survey':
      return '/surveys';
    default:
      return null;
  }
}

/** Longest body shown in a toast; the page has the rest. */
const MAX_BODY = 240;

/**
 * Mount once in the signed-in shell: `useInAppNotifications(user.id)`.
 * Pass `null` to stay disconnected.
 */
export function useInAppNotifications(userId: string | null): void {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useCentrifuge('session', userId !== null);
  const queryClient = useQueryClient();

  const show = useCallback(
    (data: unknown) => {
      const n = toInAppNotification(data);
      if (!n) return;
      // Something changed for this person: the dashboard's figures and the
      // lists it is about are stale (a new assignment, a reply, a visit).
      void queryClient.invalidateQueries({ queryKey: ['dashboard'] });
      if (n.subject_type === 'order') void queryClient.invalidateQueries({ queryKey: ['orders'] });
      const path = subjectPath(n.subject_type, n.subject_id);
      const id = `in-app:${n.notification}:${n.subject_type}:${n.subject_id}:${Date.now()}`;
      const body = n.body.length > MAX_BODY ? `${n.body.slice(0, MAX_BODY).trimEnd()}…` : n.body;
      notifications.show({
        id,
        color: 'blue',
        autoClose: 10000,
        title: n.title || t('accountArea.inApp.defaultTitle'),
        message: (
          <Stack gap={6} align="flex-start">
            {body && (
              <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
                {body}
              </Text>
            )}
            {path && (
              <Button
                size="compact-xs"
                variant="light"
                onClick={() => {
                  notifications.hide(id);
                  navigate(path);
                }}
              >
                {t('accountArea.inApp.view')}
              </Button>
            )}
          </Stack>
        ),
      });
    },
    [navigate, queryClient, t],
  );

  useSubscription(client, userId ? `user:${userId}` : null, { onPublication: show });
}
