/**
 * The timeline of a service order's events (label, time, comment, photos),
 * shared by the staff order page and the public QR page.
 */
import { Anchor, Group, Image, Text, Timeline } from '@mantine/core';
import type React from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../api/orders';

export function EventTimeline({
  events,
  lang,
  extra,
}: {
  events: { id: string; label: string; comment: string; created_at: string; photos: { id: string; url: string; thumb_url: string }[] }[];
  lang: string;
  extra?: (id: string) => React.ReactNode;
}) {
  const { t } = useTranslation();
  if (events.length === 0) return <Text c="dimmed">{t('orders.noEvents')}</Text>;
  return (
    <Timeline active={events.length - 1} bulletSize={14} lineWidth={2} data-testid="timeline">
      {events.map((e) => (
        <Timeline.Item key={e.id} title={e.label || t('orders.event')}>
          <Text size="xs" c="dimmed">
            {formatDateTime(e.created_at, lang)}
            {extra?.(e.id)}
          </Text>
          {e.comment && (
            <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
              {e.comment}
            </Text>
          )}
          {e.photos.length > 0 && (
            <Group gap="xs" mt={4}>
              {e.photos.map((p, i) => (
                <Anchor key={p.id} href={p.url} target="_blank" rel="noopener" aria-label={t('orders.photoN', { n: i + 1 })}>
                  <Image src={p.thumb_url} alt={t('orders.photoN', { n: i + 1 })} w={96} h={96} fit="cover" radius="sm" />
                </Anchor>
              ))}
            </Group>
          )}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}
