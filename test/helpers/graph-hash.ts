import { createHash } from 'node:crypto';
import type { Executor } from '../../src/db/executor.js';

/**
 * The whole graph as canonical lines, sorted: every node but the migration records and the graph version (labels, each property with its
 * Cypher type) and every relationship (type, ends' ids, each property with its type).
 * With `since`, a relationship's `recordedAt` set at or after that instant reads
 * "import time" (so two imports of the same files compare equal), and so does a node's `updatedAt`.
 */
export async function graphDump(executor: Executor, options: { since?: string } = {}): Promise<string[]> {
  const typed = (v: string) => `[k IN keys(${v}) | [k, valueType(${v}[k])]]`;
  const nodes = await executor.read(
    {
      name: 'test-dump-nodes',
      cypher: `MATCH (n) WHERE NOT n:PapergraphMigration AND NOT n:PapergraphVersion RETURN labels(n) AS l, properties(n) AS p, ${typed('n')} AS t,
             $since IS NOT NULL AND n.updatedAt >= datetime($since) AS fresh`,
    },
    { since: options.since ?? null },
  );
  const rels = await executor.read(
    {
      name: 'test-dump-rels',
      cypher: `MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS a, b.id AS b, properties(r) AS p, ${typed('r')} AS t,
               $since IS NOT NULL AND r.recordedAt >= datetime($since) AS fresh`,
    },
    { since: options.since ?? null },
  );
  const canon = (o: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));
  const sortTypes = (t: unknown) => JSON.stringify((t as string[][]).sort());
  return [
    ...nodes.map((n) => {
      const p = { ...(n.p as Record<string, unknown>) };
      if (n.fresh) p.updatedAt = 'import time';
      return `N ${JSON.stringify((n.l as string[]).sort())} ${canon(p)} ${sortTypes(n.t)}`;
    }),
    ...rels.map((r) => {
      const p = { ...(r.p as Record<string, unknown>) };
      if (r.fresh) p.recordedAt = 'import time';
      return `R ${r.type} ${r.a} ${r.b} ${canon(p)} ${sortTypes(r.t)}`;
    }),
  ].sort();
}

export const hashLines = (lines: string[]) => createHash('sha256').update(lines.join('\n')).digest('hex');

/** A hash of graphDump: equal exactly when every node, relationship, property and value type is. */
export async function graphHash(executor: Executor): Promise<string> {
  return hashLines(await graphDump(executor));
}
