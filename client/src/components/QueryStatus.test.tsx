/** QueryStatus: loader while pending, translated error alert, empty text, and the data via its render prop. */
import { render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import i18n from '../i18n';
import { AppProviders } from './AppProviders';
import { type QueryState, QueryStatus } from './QueryStatus';

function renderStatus(query: QueryState<string[]>, empty?: string) {
  return render(
    <AppProviders queryClient={new QueryClient()}>
      <QueryStatus query={query} empty={empty} isEmpty={(d) => d.length === 0}>
        {(data) => (
          <ul>
            {data.map((item) => (
              <li key={item}>{item}</li>
            ))}
          </ul>
        )}
      </QueryStatus>
    </AppProviders>,
  );
}

const idle = { isPending: false, isError: false, error: null, data: undefined };

describe('QueryStatus', () => {
  it('shows a labelled loader while pending', () => {
    renderStatus({ ...idle, isPending: true });
    expect(screen.getByLabelText(i18n.t('common.loading'))).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.queryByText(i18n.t('common.empty'))).toBeNull();
  });

  it('shows the translated error in an alert', () => {
    const error = new ApiError(404, 'not_found');
    renderStatus({ ...idle, isError: true, error });
    expect(screen.getByRole('alert').textContent).toBe(i18n.t('errors.not_found'));
    expect(screen.queryByLabelText(i18n.t('common.loading'))).toBeNull();
  });

  it('shows the empty text (common.empty by default, or the given one)', () => {
    const { unmount } = renderStatus({ ...idle, data: [] });
    expect(screen.getByText(i18n.t('common.empty'))).toBeTruthy();
    expect(screen.queryByRole('list')).toBeNull();
    unmount();
    renderStatus({ ...idle, data: [] }, 'Nada por aquí');
    expect(screen.getByText('Nada por aquí')).toBeTruthy();
  });

  it('renders the data through its child function', () => {
    renderStatus({ ...idle, data: ['uno', 'dos'] });
    expect(screen.getAllByRole('listitem').map((li) => li.textContent)).toEqual(['uno', 'dos']);
    expect(screen.queryByText(i18n.t('common.empty'))).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('keeps earlier data visible beside the alert of a failed refetch', () => {
    renderStatus({ ...idle, isError: true, error: new Error('offline'), data: ['uno'] });
    expect(screen.getByRole('alert').textContent).toBe(i18n.t('errors.generic'));
    expect(screen.getByRole('listitem').textContent).toBe('uno');
  });
});
