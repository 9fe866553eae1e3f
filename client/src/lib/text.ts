/**
 * Small text helpers for sentences built around names people typed: a
 * company called "Grúas del Sur C.A." must not end a sentence as "C.A..".
 */

/** `text` with a final period, unless it already ends with sentence punctuation. */
export function endSentence(text: string): string {
  const trimmed = text.trimEnd();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
