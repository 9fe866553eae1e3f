/**
 * Tests for the report filters kept in local state and mirrored to the URL
 * (`useReportFilters` + `ReportFilters`).
 *
 * The first block runs against a stand-in for the router's search params
 * whose URL writes land only when the test says so — what React Router's
 * transition does on a loaded machine (the real flake: the URL replace
 * landed after the read). The fields must show what was typed at once,
 * back-to-back changes must all reach the URL, a write landing late must
 * not put an older value back in a field, and the report must be asked with
 * the filters the URL holds. The second block uses the real router: the
 * URL follows, other parameters are kept, the segment goes after a pause
 * and a link to the page with other filters fills the fields.
 */
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { Link, MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createQueryClient } from '../../api/queryClient';
import { AppProviders } from '../../components/AppProviders';
import { ReportFilters } from './ReportFilters';
import { filtersKey, readReportFilters, useReportFilters, writeReportFilters } from './useReportFilters';

/** The stand-in router: `search` is the URL; writes wait in `queue` until `land()`. */
const slow = vi.hoisted(() => ({
  on: false,
  search: '',
  queue: [] as string[],
  listeners: new Set<() => void>(),
}));

vi.mock('react-router-dom', async (importOriginal) => {
  const real = await importOriginal<typeof import('react-router-dom')>();
  const React = await import('react');
  const subscribe = (l: () => void) => {
    slow.listeners.add(l);
    return () => slow.listeners.delete(l);
  };
  function useSlowSearchParams() {
    const search = React.useSyncExternalStore(subscribe, () => slow.search);
    const params = React.useMemo(() => new URLSearchParams(search), [search]);
    // Like React Router: a function gets the params of the render, not the latest URL.
    const set = (next: URLSearchParams | ((cur: URLSearchParams) => URLSearchParams)) => {
      slow.queue.push((typeof next === 'function' ? next(new URLSearchParams(params)) : next).toString());
    };
    return [params, set] as const;
  }
  return {
    ...real,
    // The switch is fixed for a whole test, so the hook order never changes within one.
    useSearchParams: (...args: Parameters<typeof real.useSearchParams>) => (slow.on ? useSlowSearchParams() : real.useSearchParams(...args)),
  };
});

afterEach(() => {
  slow.on = false;
  slow.search = '';
  slow.queue = [];
  slow.listeners.clear();
});

/** Applies the oldest URL write that is waiting (or a URL of someone else's). */
function land(search?: string) {
  act(() => {
    slow.search = search ?? slow.queue.shift() ?? slow.search;
    slow.listeners.forEach((l) => l());
  });
}

function LocationProbe() {
  const location = useLocation();
  return <output data-testid="location">{location.search}</output>;
}

/** The filters on a page: the fields, what the report would be asked with, and a button making three changes at once. */
function FiltersPage() {
  const { filters, applied, setFilters } = useReportFilters();
  return (
    <>
      <ReportFilters filters={filters} onChange={setFilters} fields={{ category: true }} />
      <output data-testid="applied">{filtersKey(applied)}</output>
      <button
        type="button"
        onClick={() => {
          setFilters({ from: '2026-02-01' });
          setFilters({ to: '2026-02-28' });
          setFilters({ granularity: 'day' });
        }}
      >
        tres cambios
      </button>
      <Link to="/r?from=2025-01-01&to=2025-01-31&category=Minería&other=2">enlace</Link>
      <LocationProbe />
    </>
  );
}

function renderFilters(url: string) {
  render(
    <AppProviders queryClient={createQueryClient()}>
      <MemoryRouter initialEntries={[url]}>
        <Routes>
          <Route path="/r" element={<FiltersPage />} />
        </Routes>
      </MemoryRouter>
    </AppProviders>,
  );
  const search = screen.getByRole('search', { name: 'Filtros del informe' });
  return {
    from: () => within(search).getByLabelText('Desde') as HTMLInputElement,
    to: () => within(search).getByLabelText('Hasta') as HTMLInputElement,
    grouping: () => within(search).getByRole('textbox', { name: 'Agrupar por' }) as HTMLInputElement,
    category: () => within(search).getByLabelText('Segmento (categoría)') as HTMLInputElement,
  };
}

const applied = () => Object.fromEntries(new URLSearchParams(screen.getByTestId('applied').textContent ?? '').entries());
const urlFilters = (search: string) => readReportFilters(new URLSearchParams(search));

describe('the URL helpers', () => {
  it('read only valid values and write every filter, keeping other parameters', () => {
    const read = urlFilters('from=2026-01-01&to=soon&granularity=year&customer_id=%20c1%20&category=&other=1');
    expect(read).toEqual({ from: '2026-01-01', to: undefined, granularity: undefined, customer_id: 'c1', seller_id: undefined, technician_id: undefined, category: undefined });
    const written = writeReportFilters(new URLSearchParams('granularity=year&other=1&to=soon'), { ...read, technician_id: 't1' });
    expect(written.toString()).toBe('other=1&from=2026-01-01&customer_id=c1&technician_id=t1');
  });
});

describe('useReportFilters while the router lands URL writes late', () => {
  it('shows a typed day at once and asks the report once the URL holds it', () => {
    slow.on = true;
    slow.search = '?from=2026-01-01&to=2026-01-31&other=1';
    const f = renderFilters('/r');
    expect(f.from().value).toBe('2026-01-01');

    fireEvent.change(f.to(), { target: { value: '2026-03-31' } });
    // The field has it at once, though the URL has not changed yet…
    expect(f.to().value).toBe('2026-03-31');
    expect(slow.search).toBe('?from=2026-01-01&to=2026-01-31&other=1');
    // …and the report is still asked with what the URL says.
    expect(applied().to).toBe('2026-01-31');
    expect(slow.queue).toEqual(['from=2026-01-01&to=2026-03-31&other=1']);

    land();
    expect(f.to().value).toBe('2026-03-31');
    expect(applied()).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
  });

  it('keeps back-to-back changes made before the URL lands, and a late write does not put an older value back', () => {
    slow.on = true;
    slow.search = '?other=1';
    const f = renderFilters('/r');

    fireEvent.change(f.from(), { target: { value: '2026-05-01' } });
    fireEvent.change(f.to(), { target: { value: '2026-05-31' } });
    expect([f.from().value, f.to().value]).toEqual(['2026-05-01', '2026-05-31']);
    // Each write carries every filter so far: the second does not drop the first.
    expect(slow.queue).toEqual(['other=1&from=2026-05-01', 'other=1&from=2026-05-01&to=2026-05-31']);

    // The first write lands late: the field keeps the newer day.
    land();
    expect(f.to().value).toBe('2026-05-31');
    expect(applied().to).toBe('');
    land();
    expect(f.to().value).toBe('2026-05-31');
    expect(applied()).toMatchObject({ from: '2026-05-01', to: '2026-05-31' });
  });

  it('three changes in one event all reach the URL', () => {
    slow.on = true;
    slow.search = '?category=VIP';
    const f = renderFilters('/r');
    fireEvent.click(screen.getByRole('button', { name: 'tres cambios' }));
    expect(f.grouping().value).toBe('Día');
    expect(slow.queue).toHaveLength(3);
    expect(Object.fromEntries(new URLSearchParams(slow.queue.at(-1)))).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
      granularity: 'day',
      category: 'VIP',
    });
    land();
    land();
    land();
    expect(applied()).toMatchObject({ from: '2026-02-01', to: '2026-02-28', granularity: 'day', category: 'VIP' });
    expect(f.from().value).toBe('2026-02-01');
  });

  it('takes a URL that is not its own (a link, back or forward)', () => {
    slow.on = true;
    slow.search = '?from=2026-01-01';
    const f = renderFilters('/r');
    fireEvent.change(f.from(), { target: { value: '2026-02-01' } });
    land();
    land('?from=2024-06-01&category=Agro');
    expect(f.from().value).toBe('2024-06-01');
    expect(f.category().value).toBe('Agro');
    expect(applied()).toMatchObject({ from: '2024-06-01', category: 'Agro' });
  });
});

describe('useReportFilters with the real router', () => {
  it('mirrors the fields to the URL, keeps other parameters, sends the segment after a pause and follows a link', async () => {
    const f = renderFilters('/r?from=2026-01-01&granularity=bogus&other=1');
    const location = () => new URLSearchParams(screen.getByTestId('location').textContent ?? '');
    expect(f.grouping().value).toBe('Automático');

    fireEvent.change(f.to(), { target: { value: '2026-06-30' } });
    expect(f.to().value).toBe('2026-06-30');
    await waitFor(() => expect(location().get('to')).toBe('2026-06-30'));
    // The bad grouping is dropped from the URL; what is not a filter stays.
    expect(Object.fromEntries(location())).toEqual({ from: '2026-01-01', to: '2026-06-30', other: '1' });

    fireEvent.change(f.category(), { target: { value: 'Construcción' } });
    expect(f.category().value).toBe('Construcción');
    expect(location().get('category')).toBeNull();
    await waitFor(() => expect(location().get('category')).toBe('Construcción'));
    expect(applied().category).toBe('Construcción');

    fireEvent.click(screen.getByRole('link', { name: 'enlace' }));
    await waitFor(() => expect(f.from().value).toBe('2025-01-01'));
    expect(f.to().value).toBe('2025-01-31');
    expect(f.category().value).toBe('Minería');
    expect(applied()).toMatchObject({ from: '2025-01-01', to: '2025-01-31', category: 'Minería' });
  });
});
