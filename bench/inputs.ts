import type { Executor } from '../src/db/executor.js';
import * as cypher from './cypher.js';
import type { Inputs } from './operations.js';

/** The `value` column of a single-row query (read through the project's executor). */
async function one<T>(executor: Executor, query: string, params: Record<string, unknown> = {}): Promise<T> {
  const [row] = await executor.read({ name: 'bench-inputs', cypher: query }, params);
  if (!row) throw new Error(`no row for: ${query}`);
  return row.value as T;
}

/**
 * Inputs picked from the dataset itself: the hub technique (most BUILDS_ON
 * in-degree), the most prolific person, one of their papers with several
 * authors, the busiest leaf topic in the latest full year, and two
 * low-activity authors that a collaboration path connects.
 */
export async function pickInputs(executor: Executor): Promise<Inputs> {
  const hubTechniqueId = await one<string>(
    executor,
    `MATCH (t:Technique) RETURN t.id AS value ORDER BY COUNT { (t)<-[:BUILDS_ON]-() } DESC, t.id LIMIT 1`,
  );
  const prolificAuthorId = await one<string>(
    executor,
    `MATCH (a:Author {kind: 'person'}) RETURN a.id AS value ORDER BY COUNT { (a)-[:AUTHORED]->() } DESC, a.id LIMIT 1`,
  );
  const paperId = await one<string>(
    executor,
    `MATCH (:Author {id: $a})-[:AUTHORED]->(p:Paper) WHERE COUNT { (p)<-[:AUTHORED]-() } >= 4
     RETURN p.id AS value ORDER BY p.published DESC, p.id LIMIT 1`,
    { a: prolificAuthorId },
  );
  const year = Number(await one<unknown>(executor, `MATCH (p:Paper) RETURN max(p.year) - 1 AS value`));
  const topicId = await one<string>(
    executor,
    `MATCH (t:Topic) WHERE NOT (t)<-[:SUBTOPIC_OF]-()
     RETURN t.id AS value ORDER BY COUNT { (t)<-[:ABOUT]-(:Paper) } DESC, t.id LIMIT 1`,
  );
  // Two of the people with the fewest papers, connected within 6 steps (bounded tries).
  const quiet = (
    await executor.read({
      name: 'bench-inputs-quiet-authors',
      cypher: `MATCH (a:Author {kind: 'person'}) WITH a, COUNT { (a)-[:AUTHORED]->() } AS papers WHERE papers > 0
               RETURN a.id AS id ORDER BY papers, a.id DESC LIMIT 40`,
    })
  ).map((r) => r.id as string);
  let pair: [string, string] | undefined;
  for (let i = 0; !pair; i += 2) {
    const [from, to] = quiet.slice(i, i + 2);
    if (from === undefined || to === undefined) break;
    const [path] = await executor.read({ name: 'bench-inputs-path', cypher: cypher.collaborationPath }, { from, to });
    const length = (path?.result as { length?: number } | null)?.length;
    if (length !== undefined && Number(length) >= 2) pair = [from, to];
  }
  if (!pair) throw new Error('no connected pair of of the least active authors found within 6 steps');
  return {
    paperId,
    year,
    topicId,
    hubTechniqueId,
    prolificAuthorId,
    pathFrom: pair[0],
    pathTo: pair[1],
    searchText: 'sparse attention',
  };
}
