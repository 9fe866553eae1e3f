/**
 * The live conversation of a channel (`ticket:<id>`, `order:<id>`): history
 * merged by offset with live publications, typing and read receipts through
 * RPC, attachments (images inline; PDF and text as download chips; a refused
 * file says why), emoji, and system events written as sentences. Used by the
 * ticket and order pages; the order page consumes the same channel, which the
 * realtime client shares (see `realtime/channels.ts`).
 */
import { Button, Card, FileButton, Group, Stack, Text, Textarea, Title } from '@mantine/core';
import { type Subscription } from 'centrifuge';
import type React from 'react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../api/client';
import { useCompanySettings } from '../../api/settings';
import { type AttachmentInfo, type TicketEvent, uploadAttachment } from '../../api/tickets';
import { useErrorMessage } from '../../i18n/errors';
import { mergeByOffset } from '../../lib/messages';
import { useCompanyTimeZone } from '../../lib/useCompanyTimeZone';
import { ReconnectingBadge } from '../../realtime/ReconnectingBadge';
import { useCentrifuge, useConnectionState, useSubscription } from '../../realtime/client';
import { asChannelEvent, assertNever } from '../../realtime/events';
import { useCurrentUser } from '../RequireAuth';
import { AttachmentChip } from './AttachmentChip';
import { ChatLine, type Line, type LineContext, isChat } from './ChatLine';
import { EmojiPicker } from './EmojiPicker';

/** What the server accepts (services/attachments.rs); it decides, by content. */
const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif,application/pdf,.pdf,text/plain,.txt';

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
  const [uploading, setUploading] = useState<string[]>([]);
  const [refused, setRefused] = useState<string[]>([]);
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
          events = (await loadHistory()).map((e) => ({
            offset: e.offset,
            data: e.data,
            storedAt: e.created_at,
            userId: e.user_id ?? undefined,
          }));
        } else if (s) {
          const h = await s.history({ limit: 1000 });
          events = h.publications.map((p) => ({
            offset: p.offset ?? 0,
            data: (p.data ?? {}) as Record<string, unknown>,
            userId: p.info?.user || undefined,
          }));
        } else return;
        setLines((cur) => {
          const seen = new Map(cur.map((l) => [l.offset, l]));
          const known = events.filter((e) => e.offset > 0).map((e) => ({ receivedAt: seen.get(e.offset)?.receivedAt, ...e }));
          return mergeByOffset(cur, known);
        });
      } catch (err) {
        setError(errorMessage(err));
      }
    },
    [loadHistory, errorMessage],
  );

  const sub = useSubscription(client, channel, {
    onPublication: (data, offset, publisher) => {
      const d = (data ?? {}) as Record<string, unknown>;
      const event = asChannelEvent(data);
      if (!event) return;
      switch (event.type) {
        case 'typing': {
          const user = event.user;
          if (user.id !== me.id) setTyping((cur) => ({ ...cur, [user.id]: { name: user.name, until: Date.now() + 4000 } }));
          return;
        }
        case 'read': {
          const user = event.user;
          if (user.id !== me.id) setReadBy((cur) => ({ ...cur, [user.id]: { name: user.name, offset: Number(event.offset) } }));
          return;
        }
        // Stored publications: lines of the conversation (chat, or a
        // system event written as a sentence).
        case 'chat.message':
        case 'ticket.created':
        case 'ticket.state_changed':
        case 'ticket.assigned':
        case 'ticket.priority_changed':
        case 'ticket.sla_breached':
        case 'order.created':
        case 'order.updated':
        case 'order.technicians_changed':
        case 'order.deactivated':
        case 'order.reactivated':
        case 'order.event_added':
        case 'order.event_edited':
        case 'order.event_deleted':
        case 'order.part_added':
        case 'order.part_updated':
        case 'order.part_removed':
        case 'payment.registered':
        case 'payment.deleted':
        case 'order.closed':
        case 'order.reopened':
        case 'order.qr_rotated':
        case 'order.balance_changed':
        case 'order.link_revoked':
        case 'maintenance.request_created':
        case 'maintenance.plan_changed':
        case 'interaction.recorded':
        case 'customer.risk_changed':
        case 'customer.onboarding_changed':
        case 'quote.saved':
        case 'quote.sent':
        case 'quote.approved':
        case 'quote.rejected':
        case 'quote.changes_requested':
        case 'quote.expired':
        case 'stock.changed':
        case 'stock.reorder_changed':
        case 'purchase_order.changed':
        case 'purchase_order.received':
        case 'supplier.changed':
        case 'notification':
          break;
        // The pipeline board's events never reach a chat room.
        case 'opportunity.created':
        case 'opportunity.moved':
        case 'opportunity.updated':
        // Billing events travel on `account:<customer>` and `staff:billing`,
        // never in a conversation.
        case 'billing.invoice_issued':
        case 'billing.invoice_settlement_changed':
        case 'billing.invoice_voided':
        case 'billing.credit_note_issued':
        case 'billing.statement_changed':
          return;
        default:
          assertNever(event);
          return;
      }
      if (typeof offset === 'number' && offset > 0) {
        const line: Line = { offset, data: d, receivedAt: new Date().toISOString(), userId: publisher };
        setLines((cur) => mergeByOffset(cur, [line]));
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

  // Every file goes to the server, which decides by content; a refusal is
  // shown with its reason, never dropped silently.
  const refusal = (name: string, err: unknown) => {
    let reason = errorMessage(err);
    if (err instanceof ApiError && (err.status === 415 || err.code === 'unsupported_media_type')) {
      reason = t('chatArea.attachments.unsupported');
    } else if (err instanceof ApiError && (err.status === 413 || err.code === 'payload_too_large')) {
      reason = t('chatArea.attachments.tooLarge');
    }
    return t('chatArea.attachments.refused', { name, reason });
  };
  const addFiles = async (files: File[]) => {
    if (files.length === 0) return;
    setRefused([]);
    for (const f of files) {
      const name = f.name || t('chatArea.attachments.kinds.file');
      setUploading((cur) => [...cur, name]);
      try {
        const info = await uploadAttachment(channel, f);
        setPending((cur) => [...cur, info]);
      } catch (err) {
        setRefused((cur) => [...cur, refusal(name, err)]);
      } finally {
        setUploading((cur) => {
          const i = cur.indexOf(name);
          return i < 0 ? cur : [...cur.slice(0, i), ...cur.slice(i + 1)];
        });
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
      setRefused([]);
    } catch (err) {
      setError(t('chat.sendFailed') + (err instanceof Error ? ` (${err.message})` : ''));
    } finally {
      setSending(false);
    }
  };

  const settings = useCompanySettings();
  const timeZone = useCompanyTimeZone();
  const lineCtx = useMemo<LineContext>(
    () => ({ lang, timeZone, currency: settings.data?.currency || undefined, people: { [me.id]: me.name } }),
    [lang, timeZone, settings.data?.currency, me.id, me.name],
  );
  // SLA breaches are the office's business: a customer's conversation leaves them out.
  const staffOnly = (l: Line) => me.role === 'customer' && l.data.type === 'ticket.sla_breached';
  const shown = chatOnly ? lines.filter((l) => isChat(l.data)) : lines.filter((l) => !staffOnly(l));
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
            <ChatLine key={l.offset} line={l} mine={isChat(l.data) && l.data.author?.id === me.id} ctx={lineCtx} />
          ))}
        </Stack>
      </div>
      <Text size="xs" c="dimmed" mih={18} aria-live="polite">
        {typingNames.length > 0 ? t('chat.typing', { names: typingNames.join(', ') }) : readers.length > 0 ? t('chat.seenBy', { names: readers.join(', ') }) : ''}
      </Text>
      {(pending.length > 0 || uploading.length > 0) && (
        <Stack gap={4} data-testid="chat-pending">
          {pending.map((a) => (
            <AttachmentChip
              key={a.id}
              attachment={a}
              lang={lang}
              onRemove={() => setPending((cur) => cur.filter((x) => x.id !== a.id))}
            />
          ))}
          {uploading.map((name, i) => (
            <Text key={`${name}-${i}`} size="xs" c="dimmed" aria-live="polite">
              {t('chatArea.attachments.uploading', { name })}
            </Text>
          ))}
        </Stack>
      )}
      {refused.length > 0 && (
        <Stack gap={2} role="alert" data-testid="chat-refused">
          {refused.map((r, i) => (
            <Text key={i} c="red" size="sm">
              {r}
            </Text>
          ))}
        </Stack>
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
              {/* A translated button, not the browser's "Choose File / No file chosen". */}
              <FileButton
                multiple
                accept={ACCEPT}
                onChange={(files) => void addFiles(files)}
                inputProps={{ 'aria-label': t('chatArea.attachments.choose') }}
              >
                {(props) => (
                  <Button {...props} variant="default" size="sm">
                    {t('chatArea.attachments.choose')}
                  </Button>
                )}
              </FileButton>
            </Group>
            <Button type="submit" loading={sending} disabled={!sub || state !== 'connected' || uploading.length > 0}>
              {t('chat.send')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
