/** Merging chat history and live publications by offset. */
import { describe, expect, it } from 'vitest';
import { mergeByOffset } from './messages';

describe('mergeByOffset', () => {
  it('orders by offset and keeps each offset once', () => {
    const live = [{ offset: 3, t: 'c' }, { offset: 5, t: 'e' }];
    const history = [{ offset: 1, t: 'a' }, { offset: 2, t: 'b' }, { offset: 3, t: 'c' }, { offset: 4, t: 'd' }];
    const merged = mergeByOffset(live, history);
    expect(merged.map((m) => m.offset)).toEqual([1, 2, 3, 4, 5]);
  });

  it('is idempotent when the same publication arrives twice (recovery + live)', () => {
    let list = mergeByOffset([], [{ offset: 1, t: 'a' }]);
    list = mergeByOffset(list, [{ offset: 2, t: 'b' }]);
    list = mergeByOffset(list, [{ offset: 2, t: 'b' }, { offset: 1, t: 'a' }]);
    expect(list).toEqual([{ offset: 1, t: 'a' }, { offset: 2, t: 'b' }]);
  });

  it('does not mutate its inputs', () => {
    const a = [{ offset: 2 }];
    mergeByOffset(a, [{ offset: 1 }]);
    expect(a).toEqual([{ offset: 2 }]);
  });
});
