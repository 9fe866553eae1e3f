/**
 * Every time on screen is in the company's time zone, never the browser's.
 * The browser's zone here is Tokyo (UTC+9) and the company's Caracas
 * (UTC−4): a formatter that leaks the browser's zone shows 19:18 where the
 * company's clock says 6:18. A scan of the sources makes sure no screen
 * formats a date by itself (only `lib/format.ts` may, always with a zone).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, appointmentsOn, companyToday, dayKey, fromLocalInput, toLocalInput, weekWindow } from '../api/schedule';
import type { Appointment } from '../api/schedule';
import {
  formatCalendarDay,
  formatDate,
  formatDateTime,
  formatShortDateTime,
  formatTime,
  fromZonedInput,
  setCompanyTimeZone,
  toZonedInput,
  zonedDayKey,
} from './format';

const previousTz = process.env.TZ;
// 2026-12-03 10:18 UTC: 6:18 on Thursday in Caracas, 19:18 in Tokyo.
const AT = '2026-12-03T10:18:00Z';
// 2026-12-04 02:30 UTC: still Thursday 3 Dec (22:30) in Caracas, Friday in Tokyo.
const LATE = '2026-12-04T02:30:00Z';

beforeAll(() => {
  process.env.TZ = 'Asia/Tokyo';
});
afterAll(() => {
  process.env.TZ = previousTz;
});

describe('times in the company zone, not the browser zone', () => {
  it('runs with a browser zone different from the company one', () => {
    // Guards the test itself: the process really is on Tokyo time.
    expect(new Date(AT).getHours()).toBe(19);
  });

  it('formats instants on the company clock', () => {
    setCompanyTimeZone('America/Caracas');
    expect(formatTime(AT, 'es')).toBe('06:18');
    expect(formatDateTime(AT, 'es')).toMatch(/3 dic 2026, 6:18/);
    expect(formatDateTime(AT, 'en')).toMatch(/Dec 3, 2026, 6:18\sAM/);
    expect(formatShortDateTime(AT, 'es', undefined, new Date(AT))).toMatch(/3 dic, 06:18/);
    expect(formatDate(LATE, 'es')).toBe('3 dic 2026');
    expect(zonedDayKey(LATE)).toBe('2026-12-03');
    expect(formatCalendarDay('2026-12-03', 'es', { weekday: 'long', day: 'numeric', month: 'short' })).toBe('jueves, 3 dic');
  });

  it('reads and writes datetime inputs on the company clock', () => {
    setCompanyTimeZone('America/Caracas');
    expect(toZonedInput(AT)).toBe('2026-12-03T06:18');
    expect(fromZonedInput('2026-12-03T06:18')).toBe('2026-12-03T10:18:00.000Z');
    expect(toLocalInput(AT)).toBe('2026-12-03T06:18');
    expect(fromLocalInput('2026-12-03T22:30')).toBe(LATE.replace('Z', '.000Z'));
    // Across a daylight-saving change (Santiago moves to UTC−3 in September).
    setCompanyTimeZone('America/Santiago');
    expect(fromZonedInput('2026-12-03T07:18')).toBe('2026-12-03T10:18:00.000Z');
    expect(fromZonedInput('2026-07-01T08:00')).toBe('2026-07-01T12:00:00.000Z');
    expect(toZonedInput(fromZonedInput('2026-09-06T01:30') ?? '')).toMatch(/^2026-09-06T0[01]:30$/);
  });

  it('puts appointments on the company day in the calendar', () => {
    setCompanyTimeZone('America/Caracas');
    const monday = new Date(2026, 10, 30); // Mon 30 Nov 2026 (a calendar day)
    expect(weekWindow(monday)).toEqual({ from: '2026-11-30T04:00:00.000Z', to: '2026-12-07T04:00:00.000Z' });
    const late = { id: 'a', starts_at: LATE, ends_at: '2026-12-04T03:30:00Z' } as Appointment;
    const thursday = addDays(monday, 3);
    expect(appointmentsOn([late], thursday)).toHaveLength(1);
    expect(appointmentsOn([late], addDays(monday, 4))).toHaveLength(0);
    expect(dayKey(companyToday(new Date(LATE)))).toBe('2026-12-03');
  });
});

describe('no screen formats a date by itself', () => {
  const root = join(__dirname, '..');
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) return files(path);
      return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
    });

  it('calls toLocale*String and Intl.DateTimeFormat only with an explicit zone', () => {
    const leaks: string[] = [];
    for (const path of files(root)) {
      const lines = readFileSync(path, 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (!/\.toLocale(Date|Time)?String\(|Intl\.DateTimeFormat\(|\.get(Hours|Minutes|Date|Day)\(\)/.test(line)) return;
        // A call that names its zone (or reads a plain calendar day) is fine.
        const call = lines.slice(i, i + 4).join(' ');
        if (/timeZone/.test(call)) return;
        const file = relative(root, path);
        // The calendar helpers read days, not instants (`Date`s holding a company day).
        if (file === 'lib/format.ts' || file === 'api/schedule.ts') return;
        leaks.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(leaks).toEqual([]);
  });
});
