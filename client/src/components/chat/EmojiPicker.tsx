/**
 * A small emoji picker for the chat composer: a button that opens a grid of
 * the emoji people in a service workshop actually use (agreement, thanks,
 * tools, machines, time, money, warnings). No emoji library: the set is
 * short and fixed, and every phone and desktop already draws these glyphs.
 * Each emoji is a real button with a spoken name, so the grid works with
 * the keyboard and a screen reader.
 */
import { ActionIcon, Popover, SimpleGrid, UnstyledButton } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** The emoji offered, with their (translated) names under `chat.emoji.*`. */
export const EMOJI = [
  ['👍', 'thumbsUp'],
  ['🙏', 'thanks'],
  ['✅', 'done'],
  ['❌', 'no'],
  ['😊', 'smile'],
  ['😂', 'laugh'],
  ['😟', 'worried'],
  ['🎉', 'celebrate'],
  ['👋', 'wave'],
  ['🤝', 'deal'],
  ['⏰', 'time'],
  ['📅', 'date'],
  ['📍', 'place'],
  ['📷', 'photo'],
  ['🔧', 'wrench'],
  ['🛠️', 'tools'],
  ['🔩', 'bolt'],
  ['🚜', 'tractor'],
  ['🚚', 'truck'],
  ['⛽', 'fuel'],
  ['💰', 'money'],
  ['🧾', 'receipt'],
  ['⚠️', 'warning'],
  ['❓', 'question'],
] as const;

export function EmojiPicker({ onPick }: { onPick: (emoji: string) => void }) {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  return (
    <Popover opened={opened} onChange={setOpened} position="top-start" withArrow trapFocus returnFocus>
      <Popover.Target>
        <ActionIcon
          variant="default"
          size="lg"
          onClick={() => setOpened((o) => !o)}
          aria-label={t('chat.emojiPicker')}
          aria-expanded={opened}
        >
          <span aria-hidden>😊</span>
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown>
        <SimpleGrid cols={6} spacing={4} role="group" aria-label={t('chat.emojiPicker')}>
          {EMOJI.map(([emoji, name]) => (
            <UnstyledButton
              key={name}
              onClick={() => {
                onPick(emoji);
                setOpened(false);
              }}
              aria-label={t(`chat.emoji.${name}`)}
              title={t(`chat.emoji.${name}`)}
              style={{ fontSize: 22, lineHeight: 1, padding: 6, borderRadius: 6, textAlign: 'center' }}
            >
              {emoji}
            </UnstyledButton>
          ))}
        </SimpleGrid>
      </Popover.Dropdown>
    </Popover>
  );
}
