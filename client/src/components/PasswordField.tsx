/**
 * Mantine's `PasswordInput` with an accessible reveal toggle: Mantine hides
 * the eye button from keyboards and screen readers by default, so here it is
 * focusable, labelled, exposes `aria-pressed`, and also reacts to Enter.
 */
import { type KeyboardEvent, useState } from 'react';
import { PasswordInput, type PasswordInputProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export function PasswordField(props: Omit<PasswordInputProps, 'visible' | 'onVisibilityChange'>) {
  const { t } = useTranslation();
  const [visible, setVisible] = useState(false);
  return (
    <PasswordInput
      {...props}
      visible={visible}
      onVisibilityChange={setVisible}
      visibilityToggleButtonProps={{
        'aria-label': t('password.toggle'),
        tabIndex: 0,
        onKeyDown: (event: KeyboardEvent<HTMLButtonElement>) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            setVisible((v) => !v);
          }
        },
      }}
    />
  );
}
