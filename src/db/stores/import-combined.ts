import type { Query } from '../executor.js';

/** `changed` counts entities that existed before (more than the key set by MERGE) and whose properties differ now. */
export const changed = (v: string) =>
  `count(CASE WHEN size(keys(before)) > 1 AND before <> properties(${v}) THEN 1 END)`;

/**
 * Several of the importer's per-kind statements (each `UNWIND $rows AS r … RETURN count(*) AS
 * written[, … AS updated]`, static text from src/graph/model.ts) as ONE statement: each runs in a
 * `CALL () { … }` of its own, in order, reading its rows from the parameter named by its key and
 * returning `written_<key>` (and `updated_<key>`). A kind with no rows gets an empty list and
 * returns 0. Why: on a new database each distinct statement's first planning in a cold JVM costs
 * a few hundred milliseconds, most of a small import's time (issue #16 section 4, `npm run
 * bench:seed`); one statement per phase is planned once.
 */
export function combined(name: string, parts: readonly (readonly [key: string, query: Query])[]): Query {
  const columns: string[] = [];
  const calls = parts.map(([key, query]) => {
    if (!/^[A-Za-z_]+$/.test(key)) throw new Error(`combined(): key ${key} is not a plain name`);
    if (!query.cypher.includes('$rows')) throw new Error(`combined(): ${query.name} does not read $rows`);
    const cypher = query.cypher
      .replaceAll('$rows', `$${key}`)
      .replace(/\bAS (written|updated)\b/g, (_, column: string) => {
        columns.push(`${column}_${key}`);
        return `AS ${column}_${key}`;
      });
    return `CALL () {${cypher}\n}`;
  });
  return { name, cypher: `${calls.join('\n')}\nRETURN ${columns.join(', ')}` };
}
