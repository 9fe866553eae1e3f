/** Keeps a channel's messages ordered by offset, each offset once. */
export interface Offsetted {
  offset: number;
}

export function mergeByOffset<T extends Offsetted>(current: readonly T[], incoming: readonly T[]): T[] {
  const byOffset = new Map<number, T>();
  for (const m of current) byOffset.set(m.offset, m);
  for (const m of incoming) byOffset.set(m.offset, m);
  return [...byOffset.values()].sort((a, b) => a.offset - b.offset);
}
