/**
 * The live conversation of a channel (`ticket:<id>`, `order:<id>`): history
 * merged by offset with live publications, typing and read receipts through
 * RPC, image attachments and emoji. Used by the ticket and order pages.
 */
import { Anchor, Badge, Button, Card, Group, Image, Paper, Stack, Text, Textarea, Title } from '@mantine/core';
import { type Subscription } from 'centrifuge';
import type React from 'react';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../api/orders';
import { type AttachmentInfo, type ChatMessage, type TicketEvent, uploadAttachment } from '../../api/tickets';
import { useErrorMessage } from '../../i18n/errors';
import { FormattedText } from '../../lib/formatText';
import { mergeByOffset } from '../../lib/messages';
import { ReconnectingBadge } from '../../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../../realtime/client';
import { useCurrentUser } from '../RequireAuth';
import { EmojiPicker } from './EmojiPicker';

interface Line {
  offset: number;
  data: Record<string, unknown>;
}

function isChat(d: Record<string, unknown>): d is Record<string, unknown> & ChatMessage {
  return d.type === 'chat.message';
}

export function ChatPanel({
  channel,
  loadHistory,
  lang,
  chatOnly = false,
}: {
  channel: string;
  /** Loads the channel's history; without it the SDK's `sub.history` is used. */
  loadHistory?: (signal?: AbortSignal) => Promise<TicketEvent[]>;
  lang: string;
  /** Show chat messages only (order rooms also carry order events). */
  chatOnly?: boolean;
}) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const errorMessage = useErrorMessage();
  const client = useCentrifuge('session');
  const state = useConnectionState(client);
  const [lines, setLines] = useState<Line[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [readBy, setReadBy] = useState<Record<string, { name: string; offset: number }>>({});
  const [text, setText] = useState('');
  const [pending, setPending] = useState<AttachmentInfo[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [dragging, setDragging] = useState(false);
  const lastTypingSent = useRef(0);
  const listRef = useRef<HTMLDivElement>(null);

  const reload = useCallback(
    async (s?: Subscription) => {
      try {
        let events: Line[];
        if (loadHistory) {
          events = (await loadHistory()).map((e) => ({ offset: e.offset, data: e.data }));
        } else if (s) {
          const h = await s.history({ limit: 1000 });
          events = h.publications.map((p) => ({ offset: p.offset ?? 0, data: (p.data ?? {}) as Record<string, unknown> }));
        } else return;
        setLines((cur) => mergeByOffset(cur, events.filter((e) => e.offset > 0)));
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [loadHistory, errorMessage],
  );

  const sub = useSubscription(client, channel, {
    onPublication: (data, offset) => {
      const d = (data ?? {}) as Record<string, unknown>;
      const user = d.user as { id: string; name: string } | undefined;
      if (d.type === 'typing' && user) {
        if (user.id !== me.id) setTyping((cur) => ({ ...cur, [user.id]: { name: user.name, until: Date.now() + 4000 } }));
        return;
      }
      if (d.type === 'read' && user) {
        if (user.id !== me.id) setReadBy((cur) => ({ ...cur, [user.id]: { name: user.name, offset: Number(d.offset) } }));
        return;
      }
      if (typeof offset === 'number' && offset > 0) {
        setLines((cur) => mergeByOffset(cur, [{ offset, data: d }]));
        if (isChat(d)) setTyping((cur) => {
          const next = { ...cur };
          delete next[d.author.id];
          return next;
        });
      }
    },
    onSubscribed: (s) => void reload(s),
  });

  // Typing indicators expire.
  useEffect(() => {
    const timer = window.setInterval(() => {
      setTyping((cur) => {
        const now = Date.now();
        const keep = Object.fromEntries(Object.entries(cur).filter(([, v]) => v.until > now));
        return Object.keys(keep).length === Object.keys(cur).length ? cur : keep;
      });
    }, 1000);
    return () => window.clearInterval(timer);
  }, []);

  // Read receipt for the latest offset; keep the view scrolled to the end.
  const lastOffset = lines.length ? lines[lines.length - 1].offset : 0;
  useEffect(() => {
    if (!client || !sub || lastOffset === 0 || state !== 'connected') return;
    client.rpc('read', { channel, offset: lastOffset }).catch(() => undefined);
    listRef.current?.scrollTo?.({ top: listRef.current.scrollHeight });
  }, [client, sub, channel, lastOffset, state]);

  const onTyping = (value: string) => {
    setText(value);
    const now = Date.now();
    if (client && state === 'connected' && now - lastTypingSent.current > 2500) {
      lastTypingSent.current = now;
      client.rpc('typing', { channel }).catch(() => undefined);
    }
  };

  // Inserts at the caret (or at the end), then puts the caret after it.
  const textareaRef = useRef<HTMLTextAreaElement>(null);
  const insertEmoji = (emoji: string) => {
    const el = textareaRef.current;
    const start = el?.selectionStart ?? text.length;
    const end = el?.selectionEnd ?? text.length;
    const next = text.slice(0, start) + emoji + text.slice(end);
    setText(next);
    requestAnimationFrame(() => {
      el?.focus();
      el?.setSelectionRange(start + emoji.length, start + emoji.length);
    });
  };

  const addFiles = async (files: File[]) => {
    const images = files.filter((f) => f.type.startsWith('image/'));
    for (const f of images) {
      try {
        const info = await uploadAttachment(channel, f);
        setPending((cur) => [...cur, info]);
      } catch (err) {
        setError(errorMessage(err));
      }
    }
  };

  const send = async () => {
    if (!sub || (text.trim() === '' && pending.length === 0)) return;
    setSending(true);
    setError(null);
    const client_msg_id = `c-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      await (sub as Subscription).publish({ text, attachments: pending.map((a) => a.id), client_msg_id });
      setText('');
      setPending([]);
    } catch (err) {
      setError(t('chat.sendFailed') + (err instanceof Error ? ` (${err.message})` : ''));
    } finally {
      setSending(false);
    }
  };

  const shown = chatOnly ? lines.filter((l) => isChat(l.data)) : lines;
  const typingNames = Object.values(typing).map((v) => v.name);
  const readers = Object.values(readBy).filter((r) => r.offset >= lastOffset && lastOffset > 0).map((r) => r.name);

  return (
    <Card
      withBorder
      padding="sm"
      component="section"
      aria-label={t('chat.title')}
      onDragOver={(e: React.DragEvent) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e: React.DragEvent) => {
        e.preventDefault();
        setDragging(false);
        void addFiles(Array.from(e.dataTransfer.files));
      }}
      style={dragging ? { outline: '2px dashed var(--mantine-color-blue-5)' } : undefined}
    >
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {t('chat.title')}
        </Title>
        <ReconnectingBadge state={state} />
      </Group>
      <div ref={listRef} style={{ maxHeight: '55vh', overflowY: 'auto' }} role="log" aria-live="polite" data-testid="chat-log">
        <Stack gap="xs">
          {shown.length === 0 && <Text c="dimmed">{t('chat.empty')}</Text>}
          {shown.map((l) => (
            <ChatLine key={l.offset} line={l} mine={isChat(l.data) && l.data.author?.id === me.id} lang={lang} />
          ))}
        </Stack>
      </div>
      <Text size="xs" c="dimmed" mih={18} aria-live="polite">
        {typingNames.length > 0 ? t('chat.typing', { names: typingNames.join(', ') }) : readers.length > 0 ? t('chat.seenBy', { names: readers.join(', ') }) : ''}
      </Text>
      {pending.length > 0 && (
        <Group gap="xs">
          {pending.map((a) => (
            <Badge key={a.id} variant="light">
              {a.file_name}
            </Badge>
          ))}
        </Group>
      )}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <Stack gap="xs" mt="xs">
          <Textarea
            ref={textareaRef}
            label={t('chat.message')}
            description={t('chat.hint')}
            value={text}
            autosize
            minRows={2}
            maxRows={6}
            onChange={(e) => onTyping(e.currentTarget.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey) {
                e.preventDefault();
                void send();
              }
            }}
            onPaste={(e) => {
              const files = Array.from(e.clipboardData.files);
              if (files.length) {
                e.preventDefault();
                void addFiles(files);
              }
            }}
          />
          {error && (
            <Text c="red" size="sm" role="alert">
              {error}
            </Text>
          )}
          <Group justify="space-between">
            <Group gap="xs">
              <EmojiPicker onPick={insertEmoji} />
              <input
                type="file"
                accept="image/*"
                aria-label={t('chat.attach')}
                onChange={(e) => {
                  void addFiles(Array.from(e.currentTarget.files ?? []));
                  e.currentTarget.value = '';
                }}
              />
            </Group>
            <Button type="submit" loading={sending} disabled={!sub || state !== 'connected'}>
              {t('chat.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}

function ChatLine({ line, mine, lang }: { line: Line; mine: boolean; lang: string }) {
  const { t } = useTranslation();
  const d = line.data;
  if (!isChat(d)) {
    return (
      <Text size="xs" c="dimmed" ta="center">
        {t('chat.systemEvent', { type: String(d.type ?? '') })}
      </Text>
    );
  }
  const attachments = (d.attachments ?? []).filter((a): a is AttachmentInfo => typeof a === 'object' && a !== null);
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
        {d.author?.name} · {formatDateTime(d.sent_at, lang)}
      </Text>
      <Text size="sm" style={{ wordBreak: 'break-word' }}>
        <FormattedText text={d.text ?? ''} />
      </Text>
      {attachments.length > 0 && (
        <Group gap="xs" mt={4}>
          {attachments.map((a) =>
            a.content_type.startsWith('image/') ? (
              <Anchor key={a.id} href={a.url} target="_blank" rel="noopener">
                <Image src={a.url} alt={a.file_name} w={120} h={90} fit="cover" radius="sm" />
              </Anchor>
            ) : (
              <Anchor key={a.id} href={a.url}>
                {a.file_name}
              </Anchor>
            ),
          )}
        </Group>
      )}
    </Paper>
  );
}
