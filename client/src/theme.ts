/**
 * The Mantine theme for Faena. Primary shade 8 keeps white button text above
 * the WCAG AA contrast ratio; the focus ring shows for keyboard users.
 */
import { createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  focusRing: 'auto',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
});
