/**
 * The Mantine theme for Faena. Primary shade 8 keeps white button text above
 * the WCAG AA contrast ratio; the focus ring shows for keyboard users.
 *
 * Buttons and badges wrap instead of cutting their text: Mantine's defaults
 * end a long label with an ellipsis ("Trabajar la orden OS-00…", "ACTI…"),
 * which on a 360 px phone hides the very word that matters. A label that does
 * not fit grows the button or badge to two lines; one that fits looks exactly
 * as before (the minimum height is Mantine's own).
 */
import { Badge, Button, createTheme } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  defaultRadius: 'md',
  focusRing: 'auto',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  components: {
    Button: Button.extend({
      styles: {
        root: { height: 'auto', minHeight: 'var(--button-height)', maxWidth: '100%' },
        inner: { height: 'auto', minHeight: 'var(--button-height)' },
        label: { whiteSpace: 'normal', overflow: 'visible', height: 'auto', textAlign: 'center', paddingBlock: 4 },
      },
    }),
    Badge: Badge.extend({
      styles: {
        root: { height: 'auto', minHeight: 'var(--badge-height)', maxWidth: '100%', flexShrink: 0 },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', overflowWrap: 'anywhere' },
      },
    }),
  },
});
