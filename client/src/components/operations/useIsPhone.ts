/** True below Mantine's `xs` breakpoint (36em, about 576 px): phones, where buttons go full width. */
import { useMediaQuery } from '@mantine/hooks';

export function useIsPhone(): boolean {
  return useMediaQuery('(max-width: 36em)') ?? false;
}
