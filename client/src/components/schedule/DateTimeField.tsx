/**
 * A labelled `<input type="datetime-local">` (the browser's own picker, which
 * is accessible and works on phones). Values are local `YYYY-MM-DDTHH:mm`
 * strings; convert with `fromLocalInput` before sending.
 */
import { TextInput } from '@mantine/core';

export function DateTimeField({
  label,
  value,
  onChange,
  error,
  required,
  name,
  min,
  max,
  description,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  required?: boolean;
  name?: string;
  min?: string;
  max?: string;
  description?: string;
}) {
  return (
    <TextInput
      type="datetime-local"
      label={label}
      name={name}
      value={value}
      min={min}
      max={max}
      description={description}
      required={required}
      error={error}
      onChange={(e) => onChange(e.currentTarget.value)}
    />
  );
}
