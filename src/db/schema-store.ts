import { readFile } from 'node:fs/promises';
import { labels, relationshipTypes } from '../graph/derive.js';
import type { Label, RelationshipType } from '../graph/model.js';
import type { Executor } from './executor.js';

/** Split a .cypher file into statements: `//` comments dropped, one statement per `;`. */
export function parseCypherStatements(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => !line.trim().startsWith('//'))
    .join('\n')
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * Apply the constraints and indexes of `file` (idempotent: every statement uses
 * IF NOT EXISTS), then wait for the indexes to be online unless `awaitIndexes`
 * is false (the bulk importer polls indexProgress instead, to show progress).
 */
export async function applySchema(
  executor: Executor,
  file: string,
  options: { awaitIndexes?: boolean; onStatement?: (cypher: string, ms: number) => void } = {},
): Promise<number> {
  const statements = parseCypherStatements(await readFile(file, 'utf8'));
  for (const [i, cypher] of statements.entries()) {
    const started = performance.now();
    await executor.write({ name: `schema-${i + 1}`, cypher });
    options.onStatement?.(cypher, Math.round(performance.now() - started));
  }
  if (options.awaitIndexes ?? true)
    await executor.write({ name: 'await-indexes', cypher: 'CALL db.awaitIndexes(300)' });
  return statements.length;
}

export interface IndexState {
  name: string;
  state: string;
  /** 0–100. */
  populationPercent: number;
}

/** Every index with its state and population progress. */
export async function indexProgress(executor: Executor): Promise<IndexState[]> {
  const rows = await executor.read({
    name: 'index-progress',
    cypher: 'SHOW INDEXES YIELD name, state, populationPercent RETURN name, state, populationPercent ORDER BY name',
  });
  return rows.map((r) => ({
    name: r.name as string,
    state: r.state as string,
    populationPercent: Number(r.populationPercent ?? 0),
  }));
}

export interface GraphCounts {
  nodes: Record<Label, number>;
  relationships: Record<RelationshipType, number>;
}

// Labels and types come from the graph model, never from input; each
// subquery is answered from Neo4j's count store without touching the graph.
const countsQuery = {
  name: 'graph-counts',
  cypher: [
    ...labels.map((l) => `CALL () { MATCH (n:${l}) RETURN count(n) AS n_${l} }`),
    ...relationshipTypes.map((t) => `CALL () { MATCH ()-[r:${t}]->() RETURN count(r) AS r_${t} }`),
    'RETURN *',
  ].join('\n'),
};

/** Node counts per label and relationship counts per type of the graph model (src/graph/model.ts), for seeding decisions, stats and tests. */
export async function graphCounts(executor: Executor): Promise<GraphCounts> {
  const [row] = await executor.read(countsQuery);
  return {
    nodes: Object.fromEntries(labels.map((l) => [l, row[`n_${l}`] as number])) as GraphCounts['nodes'],
    relationships: Object.fromEntries(
      relationshipTypes.map((t) => [t, row[`r_${t}`] as number]),
    ) as GraphCounts['relationships'],
  };
}
