/**
 * One line of a conversation: a chat message (author, time in the company's
 * zone, formatted text, images inline and other files as download chips) or
 * a system event written as a sentence (see `systemEvents.ts`).
 */
import { Anchor, Group, Image, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AttachmentInfo, ChatMessage } from '../../api/tickets';
import { formatDateTime } from '../../lib/format';
import { FormattedText } from '../../lib/formatText';
import { AttachmentChip, attachmentKind } from './AttachmentChip';
import { describeSystemEvent } from './systemEvents';

/** A publication of the channel as the panel keeps it. */
export interface Line {
  offset: number;
  data: Record<string, unknown>;
  /** When the server stored it (history only). */
  storedAt?: string;
  /** When this screen received it live. */
  receivedAt?: string;
  /** Who published it, when known (history `user_id`, client info). */
  userId?: string;
}

export function isChat(d: Record<string, unknown>): d is Record<string, unknown> & ChatMessage {
  return d.type === 'chat.message';
}

export interface LineContext {
  lang: string;
  timeZone?: string;
  currency?: string;
  /** Names of people known to the screen, by user id. */
  people: Record<string, string>;
}

export function ChatLine({ line, mine, ctx }: { line: Line; mine: boolean; ctx: LineContext }) {
  const { t } = useTranslation();
  const d = line.data;
  if (!isChat(d)) {
    const { text, when } = describeSystemEvent(d, {
      t,
      lang: ctx.lang,
      timeZone: ctx.timeZone,
      currency: ctx.currency,
      people: ctx.people,
      userId: line.userId,
      storedAt: line.storedAt,
      receivedAt: line.receivedAt,
    });
    return (
      <Text size="xs" c="dimmed" ta="center" data-testid="chat-event" data-offset={line.offset}>
        {when ? `${text} · ${when}` : text}
      </Text>
    );
  }
  const attachments = (d.attachments ?? []).filter((a): a is AttachmentInfo => typeof a === 'object' && a !== null);
  const images = attachments.filter((a) => attachmentKind(a.content_type) === 'image');
  const files = attachments.filter((a) => attachmentKind(a.content_type) !== 'image');
  return (
    <Paper
      p="xs"
      radius="md"
      bg={mine ? 'blue.0' : 'gray.0'}
      ml={mine ? 'auto' : 0}
      maw="85%"
      data-testid="chat-message"
      data-offset={line.offset}
    >
      <Text size="xs" c="dimmed">
        {d.author?.name} · {formatDateTime(d.sent_at, ctx.lang, ctx.timeZone)}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        <FormattedText text={d.text ?? ''} />
      </Text>
      {images.length > 0 && (
        <Group gap="xs" mt={4}>
          {images.map((a) => (
            <Anchor key={a.id} href={a.url} target="_blank" rel="noopener">
              <Image src={a.url} alt={a.file_name} w={120} h={90} fit="cover" radius="sm" />
            </Anchor>
          ))}
        </Group>
      )}
      {files.length > 0 && (
        <Stack gap={4} mt={4}>
          {files.map((a) => (
            <AttachmentChip key={a.id} attachment={a} lang={ctx.lang} />
          ))}
        </Stack>
      )}
    </Paper>
  );
}
