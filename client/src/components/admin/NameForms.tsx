/**
 * Small one-field forms shared by the catalogs page: adding an entry to a
 * catalog and renaming one in place. Both check the name locally (required,
 * maximum length) before sending, keep what was typed when the server says
 * no, and show the server's refusal on the field itself.
 */
import { Button, Group, TextInput } from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

function checkName(value: string, max: number, t: TFunction): string | null {
  const trimmed = value.trim();
  if (trimmed === '') return t('adminArea.catalogs.nameRequired');
  if ([...trimmed].length > max) return t('adminArea.tooLong', { max });
  return null;
}

export interface AddNameFormProps {
  label: string;
  submitLabel: string;
  max: number;
  pending: boolean;
  /** The server's refusal, already translated. */
  serverError?: string;
  /** Sends the trimmed name; resolve `true` to clear the field. */
  onSubmit: (name: string) => Promise<boolean>;
}

export function AddNameForm({ label, submitLabel, max, pending, serverError, onSubmit }: AddNameFormProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = checkName(value, max, t);
    setError(found);
    if (found) return;
    if (await onSubmit(value.trim())) setValue('');
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <Group align="flex-start" gap="xs" wrap="wrap">
        <TextInput
          label={label}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          error={error ?? serverError}
          style={{ flex: '1 1 180px' }}
        />
        <Button type="submit" loading={pending} mt={{ base: 0, xs: 25 }}>
          {submitLabel}
        </Button>
      </Group>
    </form>
  );
}

export interface RenameFormProps {
  label: string;
  initial: string;
  max: number;
  pending: boolean;
  serverError?: string;
  onSubmit: (name: string) => void;
  onCancel: () => void;
}

export function RenameForm({ label, initial, max, pending, serverError, onSubmit, onCancel }: RenameFormProps) {
  const { t } = useTranslation();
  const [value, setValue] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const found = checkName(value, max, t);
    setError(found);
    if (!found) onSubmit(value.trim());
  };
  return (
    <form onSubmit={submit} noValidate style={{ flex: '1 1 240px' }}>
      <Group align="flex-start" gap="xs" wrap="wrap">
        <TextInput
          ref={input}
          label={label}
          value={value}
          onChange={(e) => setValue(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onCancel();
          }}
          error={error ?? serverError}
          style={{ flex: '1 1 160px' }}
        />
        <Group gap="xs" mt={{ base: 0, xs: 25 }}>
          <Button type="submit" size="sm" loading={pending}>
            {t('adminArea.save')}
          </Button>
          <Button size="sm" variant="default" onClick={onCancel}>
            {t('adminArea.cancel')}
          </Button>
        </Group>
      </Group>
    </form>
  );
}
