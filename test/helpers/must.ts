/** `value`, or a failed test saying `what` was missing (an index or lookup the test expects to hit). */
export function must<T>(value: T | undefined, what = 'value'): T {
  if (value === undefined) throw new Error(`expected ${what} to be present`);
  return value;
}

/** The first of `rows`, failing the test when there is none. */
export function first<T>(rows: readonly T[]): T {
  return must(rows[0], 'a first row');
}
