import { describe, expect, it } from 'vitest';
import { formatDay } from './day';

describe('formatDay', () => {
  it('shows the day itself, whatever the browser time zone', () => {
    // 1 Dec would read "30 nov" west of UTC if parsed as an instant.
    expect(formatDay('2026-12-01', 'es')).toMatch(/^1 dic 2026$/);
    expect(formatDay('2026-12-01', 'en')).toBe('Dec 1, 2026');
    expect(formatDay('not a day', 'es')).toBe('not a day');
  });
});
