/**
 * The profile photo on /account/profile: the current photo (or the initials
 * when there is none), and choosing, previewing and uploading a new one.
 * The type and size are checked before sending; the server's answers for a
 * file too large (413), of another type (415) or unreadable (422) show on
 * the file field, and the chosen file stays chosen so the user can retry.
 */
import { useEffect, useState } from 'react';
import { Avatar, Button, Card, FileInput, Group, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useTranslation } from 'react-i18next';
import {
  type AccountUser,
  PHOTO_MAX_BYTES,
  PHOTO_TYPES,
  useUploadProfilePhoto,
  userPhotoUrl,
} from '../../api/account';
import { ApiError } from '../../api/client';
import { useErrorMessage } from '../../i18n/errors';
import { formatNumber } from '../../lib/format';

/** Up to two initials of a name, for the placeholder avatar. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((w) => [...w][0]?.toUpperCase() ?? '')
    .join('');
}

/** A local object URL for `file`, revoked when it changes or on unmount. */
function useObjectUrl(file: File | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!file || typeof URL.createObjectURL !== 'function') {
      setUrl(null);
      return;
    }
    const u = URL.createObjectURL(file);
    setUrl(u);
    return () => URL.revokeObjectURL(u);
  }, [file]);
  return url;
}

type LocalProblem = 'required' | 'wrongType' | 'tooLarge';

export function ProfilePhotoCard({ user }: { user: AccountUser }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const upload = useUploadProfilePhoto(user.id);
  const [file, setFile] = useState<File | null>(null);
  const [problem, setProblem] = useState<LocalProblem | null>(null);
  const preview = useObjectUrl(file);
  const size = `${formatNumber(PHOTO_MAX_BYTES / (1024 * 1024), i18n.language)} MB`;

  const check = (f: File | null): LocalProblem | null => {
    if (!f) return 'required';
    if (!(PHOTO_TYPES as readonly string[]).includes(f.type)) return 'wrongType';
    if (f.size > PHOTO_MAX_BYTES) return 'tooLarge';
    return null;
  };

  /** The server's refusals, said in the photo's own words (with the size limit). */
  const serverProblem = (error: unknown): string => {
    if (!(error instanceof ApiError)) return errorMessage(error);
    if (error.status === 413 || error.code === 'payload_too_large') return t('accountArea.photo.tooLarge', { size });
    if (error.status === 415 || error.code === 'unsupported_media_type') return t('accountArea.photo.wrongType');
    if (error.code === 'invalid_image') return t('accountArea.photo.unreadable');
    return errorMessage(error);
  };

  const choose = (f: File | null) => {
    upload.reset();
    setFile(f);
    setProblem(f ? check(f) : null);
  };

  const submit = () => {
    const found = check(file);
    setProblem(found);
    if (found || !file) return;
    upload.mutate(file, {
      onSuccess: () => {
        setFile(null);
        notifications.show({ color: 'green', message: t('accountArea.photo.uploaded') });
      },
    });
  };

  const fieldError = problem
    ? t(`accountArea.photo.${problem}`, { size })
    : upload.isError
      ? serverProblem(upload.error)
      : undefined;

  return (
    <Card withBorder padding="lg">
      <Stack>
        <Title order={2} size="h4">
          {t('accountArea.photo.title')}
        </Title>
        <Group align="center" gap="lg">
          <Avatar
            src={preview ?? (user.has_photo === false ? null : userPhotoUrl(user.id, user.updated_at))}
            alt={preview ? t('accountArea.photo.preview') : t('accountArea.photo.current')}
            size={96}
            radius={96}
            color="blue"
          >
            {initials(user.name)}
          </Avatar>
          <form
            style={{ flex: '1 1 220px', minWidth: 0 }}
            noValidate
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Stack gap="xs">
              <FileInput
                label={t('accountArea.photo.choose')}
                placeholder={t('accountArea.photo.placeholder')}
                description={t('accountArea.photo.hint', { size })}
                accept={PHOTO_TYPES.join(',')}
                value={file}
                onChange={choose}
                error={fieldError}
                clearable
              />
              <Group gap="xs">
                <Button type="submit" loading={upload.isPending} disabled={!file}>
                  {t('accountArea.photo.upload')}
                </Button>
                {file && (
                  <Button variant="default" onClick={() => choose(null)} disabled={upload.isPending}>
                    {t('accountArea.photo.discard')}
                  </Button>
                )}
              </Group>
              {file && (
                <Text size="xs" c="dimmed" truncate>
                  {file.name}
                </Text>
              )}
            </Stack>
          </form>
        </Group>
      </Stack>
    </Card>
  );
}
