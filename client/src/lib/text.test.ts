import { describe, expect, it } from 'vitest';
import { endSentence } from './text';

describe('endSentence', () => {
  it('adds a period, but never a second one after an abbreviation', () => {
    expect(endSentence('Te damos la bienvenida a Faena')).toBe('Te damos la bienvenida a Faena.');
    expect(endSentence('Te damos la bienvenida a Grúas del Sur C.A.')).toBe('Te damos la bienvenida a Grúas del Sur C.A.');
    expect(endSentence('¡Hola!  ')).toBe('¡Hola!');
  });
});
