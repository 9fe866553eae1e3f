/** The "reconectando…" badge shows only while the connection is not up. */
import { render, screen } from '@testing-library/react';
import { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { AppProviders } from '../components/AppProviders';
import { ReconnectingBadge } from './ReconnectingBadge';

function renderBadge(state: 'connected' | 'connecting' | 'disconnected') {
  return render(
    <AppProviders queryClient={new QueryClient()}>
      <ReconnectingBadge state={state} />
    </AppProviders>,
  );
}

describe('ReconnectingBadge', () => {
  it.each(['connecting', 'disconnected'] as const)('is shown while %s', (state) => {
    renderBadge(state);
    expect(screen.getByRole('status').textContent).toMatch(/reconectando/);
  });

  it('is hidden when connected', () => {
    renderBadge('connected');
    expect(screen.queryByRole('status')).toBeNull();
  });
});
