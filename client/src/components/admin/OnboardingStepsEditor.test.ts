/** The client's checks of the onboarding steps (the server's bounds: 1–20 steps, a one-line name up to 200, 0–365 days). */
import { describe, expect, it } from 'vitest';
import i18n from '../../i18n';
import { checkSteps, stepRowsOf, stepsOf } from './OnboardingStepsEditor';

const t = i18n.getFixedT('es');
const rows = (n: number) => stepRowsOf(Array.from({ length: n }, (_, i) => ({ title: `Paso ${i + 1}`, due_after_days: i })));

describe('checkSteps', () => {
  it('accepts 1 to 20 good steps', () => {
    expect(checkSteps(rows(1), t)).toBeNull();
    expect(checkSteps(rows(20), t)).toBeNull();
  });

  it('refuses no steps and more than 20', () => {
    expect(checkSteps([], t)?.count).toBe('La lista debe tener entre 1 y 20 pasos.');
    expect(checkSteps(rows(21), t)?.count).toBe('La lista debe tener entre 1 y 20 pasos.');
  });

  it('refuses an empty or too long name and days out of range, on their row', () => {
    const [a, b, c] = rows(3);
    const errors = checkSteps([{ ...a, title: '   ' }, { ...b, title: 'x'.repeat(201) }, { ...c, days: 366 }], t);
    expect(errors?.rows).toEqual([
      { title: 'Escribe el nombre del paso.' },
      { title: 'Escribe el paso en una sola línea de hasta 200 caracteres.' },
      { days: 'Entre 0 y 365 días.' },
    ]);
    expect(checkSteps([{ ...a, days: Number.NaN }], t)?.rows[0].days).toBe('Entre 0 y 365 días.');
  });

  it('sends trimmed names', () => {
    expect(stepsOf(stepRowsOf([{ title: '  Visita ', due_after_days: 2 }]))).toEqual([{ title: 'Visita', due_after_days: 2 }]);
  });
});
