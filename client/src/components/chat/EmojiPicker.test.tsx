/** Tests for the chat's emoji picker: keyboard-reachable named buttons that insert and close. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { AppProviders } from '../AppProviders';
import { createQueryClient } from '../../api/queryClient';
import { EMOJI, EmojiPicker } from './EmojiPicker';

describe('EmojiPicker', () => {
  it('opens a grid of named emoji and hands back the one chosen', async () => {
    const onPick = vi.fn();
    render(
      <AppProviders queryClient={createQueryClient()}>
        <EmojiPicker onPick={onPick} />
      </AppProviders>,
    );
    const toggle = screen.getByRole('button', { name: 'Insertar emoji' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(toggle);
    const thanks = await screen.findByRole('button', { name: 'Gracias' });
    for (const name of ['Pulgar arriba', 'Llave', 'Tractor', 'Advertencia']) expect(screen.getByRole('button', { name, hidden: true })).toBeTruthy();
    expect(EMOJI).toHaveLength(24);
    fireEvent.click(thanks);
    expect(onPick).toHaveBeenCalledWith('🙏');
  });
});
