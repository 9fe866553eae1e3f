/**
 * The SLA countdown (issue 16): every state of a target — "Incumplido"
 * (kept once met), "Vence en …" ticking every 30 s and turning orange under
 * an hour, "Vencido", "En pausa", "Cumplido", nothing — and the list's
 * single badge with the most urgent target. Fake timers move the clock.
 */
import { MantineProvider } from '@mantine/core';
import { act, render, screen } from '@testing-library/react';
import type { ReactElement } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ticket } from '../../api/tickets';
import i18n from '../../i18n';
import { theme } from '../../theme';
import { ticket } from '../operations/testFixtures';
import { hoursToMinutes, minutesToHours } from '../admin/SlaSettingsForm';
import { SlaBadges, SlaCompactBadge } from './SlaCountdown';
import { mostUrgentSla, slaStatus, splitDuration } from './slaStatus';

const NOW = new Date('2026-12-03T14:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

const show = (ui: ReactElement) => render(<MantineProvider theme={theme}>{ui}</MantineProvider>);
const badge = (target: 'first_response' | 'resolution') => screen.getByTestId(`sla-badge-${target}`);
const styleOf = (el: HTMLElement) => el.closest('.mantine-Badge-root')?.getAttribute('style') ?? '';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SlaBadges', () => {
  it('counts down live every 30 seconds, turns orange under an hour, then says "Vencido"', () => {
    show(<SlaBadges ticket={ticket({ sla_response_due_at: at(135), sla_resolution_due_at: at(3 * 24 * 60 + 90) })} />);
    expect(screen.getByTestId('sla-first_response').textContent).toBe('Primera respuesta:Vence en 2 h 15 min');
    expect(badge('first_response').getAttribute('data-sla-state')).toBe('due');
    expect(styleOf(badge('first_response'))).toContain('blue');
    // Past a day, minutes are left out.
    expect(screen.getByTestId('sla-resolution').textContent).toBe('Resolución:Vence en 3 d 1 h');

    act(() => vi.advanceTimersByTime(30_000));
    expect(badge('first_response').textContent).toBe('Vence en 2 h 15 min');
    act(() => vi.advanceTimersByTime(60_000));
    expect(badge('first_response').textContent).toBe('Vence en 2 h 14 min');

    act(() => vi.advanceTimersByTime(80 * 60_000));
    expect(badge('first_response').textContent).toBe('Vence en 54 min');
    expect(badge('first_response').getAttribute('data-sla-state')).toBe('due_soon');
    expect(styleOf(badge('first_response'))).toContain('orange');

    act(() => vi.advanceTimersByTime(54 * 60_000));
    expect(badge('first_response').textContent).toBe('Vencido');
    expect(badge('first_response').getAttribute('data-sla-state')).toBe('overdue');
    expect(styleOf(badge('first_response'))).toContain('red');
  });

  it('keeps "Incumplido" in red once breached, even after the target is met', () => {
    show(
      <SlaBadges
        ticket={ticket({
          state: 'closed',
          first_response_at: at(-10),
          sla_response_breached_at: at(-60),
          sla_resolution_breached_at: at(-5),
        })}
      />,
    );
    expect(badge('first_response').textContent).toBe('Incumplido');
    expect(badge('resolution').textContent).toBe('Incumplido');
    expect(styleOf(badge('first_response'))).toContain('red');
    expect(badge('first_response').getAttribute('title')).toBe('Incumplido el 3 dic 2026, 13:00');
  });

  it('says "En pausa" while pending, "Cumplido" once met, and nothing without a clock', () => {
    const { unmount } = show(<SlaBadges ticket={ticket({ state: 'pending', first_response_at: at(-30) })} />);
    expect(badge('first_response').textContent).toBe('Cumplido');
    expect(styleOf(badge('first_response'))).toContain('green');
    expect(badge('resolution').textContent).toBe('En pausa');
    expect(styleOf(badge('resolution'))).toContain('gray');
    unmount();

    const closed = show(<SlaBadges ticket={ticket({ state: 'closed', first_response_at: at(-30), resolved_at: at(-1) })} />);
    expect(badge('resolution').textContent).toBe('Cumplido');
    closed.unmount();

    show(<SlaBadges ticket={ticket()} />);
    expect(screen.queryByTestId('sla-badges')).toBeNull();
  });

  it('reads in English', async () => {
    await act(() => i18n.changeLanguage('en'));
    show(<SlaBadges ticket={ticket({ sla_response_due_at: at(45), state: 'open' })} />);
    expect(screen.getByTestId('sla-first_response').textContent).toBe('First response:Due in 45 min');
  });
});

describe('SlaCompactBadge', () => {
  it('shows the most urgent target only, and follows the list clock it is given', () => {
    const tk = ticket({ sla_response_due_at: at(30), sla_resolution_due_at: at(300) });
    const view = show(<SlaCompactBadge ticket={tk} now={NOW.getTime()} />);
    expect(screen.getByTestId('sla-badge-first_response').textContent).toBe('1.ª respuesta: Vence en 30 min');
    expect(screen.queryByTestId('sla-badge-resolution')).toBeNull();
    view.rerender(
      <MantineProvider theme={theme}>
        <SlaCompactBadge ticket={tk} now={NOW.getTime() + 31 * 60_000} />
      </MantineProvider>,
    );
    expect(screen.getByTestId('sla-badge-first_response').textContent).toBe('1.ª respuesta: Vencido');
  });

  it('puts a breach before a running clock, and shows nothing when no target runs', () => {
    const breached = ticket({ first_response_at: at(-5), sla_response_breached_at: at(-20), sla_resolution_due_at: at(120) });
    const view = show(<SlaCompactBadge ticket={breached} />);
    expect(screen.getByTestId('sla-badge-first_response').textContent).toBe('1.ª respuesta: Incumplido');
    view.unmount();
    show(<SlaCompactBadge ticket={ticket()} />);
    expect(screen.queryByTestId(/^sla-badge-/)).toBeNull();
  });
});

describe('slaStatus', () => {
  const now = NOW.getTime();
  const base: Ticket = ticket();

  it('orders breached, met, due, overdue, paused and none', () => {
    expect(slaStatus({ ...base, sla_response_breached_at: at(-1), first_response_at: at(0) }, 'first_response', now).state).toBe('breached');
    expect(slaStatus({ ...base, first_response_at: at(0), sla_response_due_at: at(10) }, 'first_response', now).state).toBe('met');
    expect(slaStatus({ ...base, sla_resolution_due_at: at(10) }, 'resolution', now)).toMatchObject({ state: 'due', soon: true });
    expect(slaStatus({ ...base, sla_resolution_due_at: at(0) }, 'resolution', now).state).toBe('overdue');
    expect(slaStatus({ ...base, state: 'pending' }, 'resolution', now).state).toBe('paused');
    expect(slaStatus(base, 'resolution', now).state).toBe('none');
  });

  it('picks the sooner of two running clocks', () => {
    expect(mostUrgentSla({ ...base, sla_response_due_at: at(90), sla_resolution_due_at: at(60) }, now)?.target).toBe('resolution');
    expect(mostUrgentSla({ ...base, state: 'closed', first_response_at: at(-9) }, now)).toMatchObject({ target: 'resolution', state: 'met' });
  });

  it('splits durations rounding minutes up', () => {
    expect(splitDuration(135 * 60_000)).toEqual({ days: 0, hours: 2, minutes: 15 });
    expect(splitDuration(134 * 60_000 + 1)).toEqual({ days: 0, hours: 2, minutes: 15 });
    expect(splitDuration(25 * 60 * 60_000)).toEqual({ days: 1, hours: 1, minutes: 0 });
  });

  it('converts hours with decimals to whole minutes and back exactly', () => {
    expect(hoursToMinutes(1.5)).toBe(90);
    expect(hoursToMinutes('0,25')).toBe(15);
    expect(hoursToMinutes('')).toBeNull();
    for (let m = 1; m <= 600; m++) expect(hoursToMinutes(minutesToHours(m))).toBe(m);
  });
});
