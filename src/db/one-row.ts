import type { Query, Row } from './executor.js';

/** The row a query always returns (an aggregate, a write that reports what it did): none is a bug, named here. */
export function oneRow(rows: readonly Row[], query: Query): Row {
  const [row] = rows;
  if (row === undefined) throw new Error(`query ${query.name} returned no row`);
  return row;
}
