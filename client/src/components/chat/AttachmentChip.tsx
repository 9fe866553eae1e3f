/**
 * A chat attachment that is not shown inline (PDF, text): a chip with a
 * document icon, the full file name (wrapped, never cut, for 360 px phones),
 * its kind and size, that downloads the file. The server sends non-images as
 * `Content-Disposition: attachment`, so the link downloads rather than opens.
 * With `onRemove` it is a file waiting to be sent, with a button to drop it.
 */
import { Anchor, CloseButton, Group, Paper, Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AttachmentInfo } from '../../api/tickets';
import { formatNumber } from '../../lib/format';

export type AttachmentKind = 'image' | 'pdf' | 'text' | 'file';

export function attachmentKind(contentType: string): AttachmentKind {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type.startsWith('image/')) return 'image';
  if (type === 'application/pdf') return 'pdf';
  if (type.startsWith('text/')) return 'text';
  return 'file';
}

/** "850 B", "12,3 kB", "1,5 MB" in `lang` (decimal units, as phones show them). */
export function formatFileSize(bytes: number, lang: string): string {
  const units = [
    ['byte', 1],
    ['kilobyte', 1e3],
    ['megabyte', 1e6],
    ['gigabyte', 1e9],
  ] as const;
  const [unit, size] = [...units].reverse().find(([, s]) => bytes >= s) ?? units[0];
  const value = bytes / size;
  try {
    return new Intl.NumberFormat(lang, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: unit === 'byte' ? 0 : 1 }).format(value);
  } catch {
    return `${formatNumber(value, lang, 1)} ${unit === 'byte' ? 'B' : unit[0].toUpperCase() + 'B'}`;
  }
}

function FileIcon({ kind }: { kind: AttachmentKind }) {
  const color = kind === 'pdf' ? 'var(--mantine-color-red-7)' : 'var(--mantine-color-blue-7)';
  return (
    <svg width="24" height="28" viewBox="0 0 24 28" aria-hidden="true" focusable="false" style={{ flex: 'none' }}>
      <path d="M3 1h12l6 6v19a1 1 0 0 1-1 1H3a1 1 0 0 1-1-1V2a1 1 0 0 1 1-1z" fill="white" stroke={color} strokeWidth="1.5" />
      <path d="M15 1v6h6" fill="none" stroke={color} strokeWidth="1.5" />
      <path d="M6 13h11M6 17h11M6 21h7" stroke={color} strokeWidth="1.5" strokeLinecap="round" />
    </svg>
  );
}

export function AttachmentChip({
  attachment,
  lang,
  onRemove,
}: {
  attachment: Pick<AttachmentInfo, 'file_name' | 'content_type' | 'size_bytes' | 'url'>;
  lang: string;
  /** A pending file (not sent yet): no download, a remove button instead. */
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const kind = attachmentKind(attachment.content_type);
  const size = formatFileSize(attachment.size_bytes, lang);
  const body = (
    <Group gap="xs" wrap="nowrap" align="center">
      <FileIcon kind={kind} />
      <Stack gap={0} style={{ minWidth: 0 }}>
        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
          {attachment.file_name}
        </Text>
        <Text size="xs" c="dimmed">
          {t(`chatArea.attachments.kinds.${kind}`)} · {size}
        </Text>
      </Stack>
      {onRemove && (
        <CloseButton size="sm" onClick={onRemove} aria-label={t('chatArea.attachments.remove', { name: attachment.file_name })} />
      )}
    </Group>
  );
  return (
    <Paper withBorder radius="md" px="xs" py={4} maw="100%" bg="white" data-testid="attachment-chip">
      {onRemove ? (
        body
      ) : (
        <Anchor
          href={attachment.url}
          download={attachment.file_name}
          underline="never"
          c="inherit"
          aria-label={t('chatArea.attachments.download', { name: attachment.file_name, size })}
        >
          {body}
        </Anchor>
      )}
    </Paper>
  );
}
