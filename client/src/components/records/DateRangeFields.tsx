/**
 * "From" and "to" day pickers for the office's searches (parts used, cash
 * desk). Native date inputs: they are accessible, work on phones and send
 * plain YYYY-MM-DD days, which is what the API's `from`/`to` take (days in the
 * company's calendar). A range that ends before it starts is shown as an
 * error on "to" and not sent. `errors` shows what the server said about
 * either end (e.g. a 422 naming `to`).
 */
import { Group, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export interface DateRange {
  from: string;
  to: string;
}

/** Whether `range` can be sent: both ends optional, "to" not before "from". */
export function rangeIsValid(range: DateRange): boolean {
  return !range.from || !range.to || range.from <= range.to;
}

export function DateRangeFields({
  value,
  onChange,
  errors,
}: {
  value: DateRange;
  onChange: (range: DateRange) => void;
  errors?: Partial<Record<keyof DateRange, string | null>>;
}) {
  const { t } = useTranslation();
  return (
    <Group gap="sm" align="flex-start" wrap="wrap">
      <TextInput
        type="date"
        label={t('recordsArea.common.from')}
        value={value.from}
        onChange={(e) => onChange({ ...value, from: e.currentTarget.value })}
        error={errors?.from || undefined}
        w={{ base: '100%', xs: 170 }}
      />
      <TextInput
        type="date"
        label={t('recordsArea.common.to')}
        value={value.to}
        min={value.from || undefined}
        onChange={(e) => onChange({ ...value, to: e.currentTarget.value })}
        error={rangeIsValid(value) ? errors?.to || undefined : t('recordsArea.common.rangeInvalid')}
        w={{ base: '100%', xs: 170 }}
      />
    </Group>
  );
}
