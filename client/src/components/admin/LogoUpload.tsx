/**
 * The company logo on the settings page: a preview of the current logo
 * (served publicly at /api/v1/settings/logo, 404 while there is none), a file
 * picker for a PNG, JPEG, WebP or GIF image (Mantine's `FileInput`, so the
 * button speaks the UI's language instead of the browser's "Choose File"),
 * and the upload. The server
 * re-encodes the image as PNG and prints it on tickets and e-mails; it
 * refuses files that are too large (413), not images (415) or unreadable
 * (422), each explained here, and so does a local check before sending.
 */
import { Button, FileInput, Group, Image, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { problemCode } from '../../api/admin';
import { COMPANY_LOGO_URL, MAX_LOGO_BYTES, useUploadCompanyLogo } from '../../api/settings';
import { useErrorMessage } from '../../i18n/errors';
import { formatNumber } from '../../lib/format';

const ACCEPT = 'image/png,image/jpeg,image/webp,image/gif';

export function LogoUpload({ canEdit }: { canEdit: boolean }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const upload = useUploadCompanyLogo();
  const [version, setVersion] = useState(0);
  const [missing, setMissing] = useState(false);
  const [file, setFile] = useState<File | null>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const [inputKey, setInputKey] = useState(0);
  const maxMb = formatNumber(MAX_LOGO_BYTES / (1024 * 1024), i18n.language, 0);

  const uploadError = (error: unknown): string => {
    switch (problemCode(error)) {
      case 'payload_too_large':
        return t('adminArea.settings.logoTooLarge', { max: maxMb });
      case 'unsupported_media_type':
        return t('adminArea.settings.logoWrongType');
      case 'invalid_image':
        return t('errors.invalid_image');
      default:
        return errorMessage(error);
    }
  };

  const pick = (chosen: File | null) => {
    upload.reset();
    setFile(chosen);
    if (!chosen) return setLocalError(null);
    if (!chosen.type.startsWith('image/')) setLocalError(t('adminArea.settings.logoWrongType'));
    else if (chosen.size > MAX_LOGO_BYTES) setLocalError(t('adminArea.settings.logoTooLarge', { max: maxMb }));
    else setLocalError(null);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return setLocalError(t('adminArea.settings.logoChoose'));
    if (localError) return;
    upload.mutate(file, {
      onSuccess: () => {
        notifications.show({ color: 'green', message: t('adminArea.settings.logoSaved') });
        setFile(null);
        setInputKey((k) => k + 1);
        setMissing(false);
        setVersion(Date.now());
      },
    });
  };

  const error = localError ?? (upload.isError ? uploadError(upload.error) : null);
  return (
    <Stack gap="sm">
      {missing ? (
        <Text c="dimmed" size="sm">
          {t('adminArea.settings.noLogo')}
        </Text>
      ) : (
        <Image
          src={version ? `${COMPANY_LOGO_URL}?v=${version}` : COMPANY_LOGO_URL}
          alt={t('adminArea.settings.logoAlt')}
          maw={240}
          mah={120}
          fit="contain"
          onError={() => setMissing(true)}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      {canEdit && (
        <form onSubmit={submit} noValidate>
          <Stack gap="xs">
            <FileInput
              key={inputKey}
              id="company-logo-file"
              label={t('adminArea.settings.logoFile')}
              description={t('adminArea.settings.logoHint', { max: maxMb })}
              placeholder={t('adminArea.settings.logoPlaceholder')}
              accept={ACCEPT}
              value={file}
              onChange={pick}
              error={error}
              clearable
              maw={360}
            />
            <Group>
              <Button type="submit" variant="light" loading={upload.isPending}>
                {t('adminArea.settings.logoUpload')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
