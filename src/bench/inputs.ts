import neo4j, { type Driver } from 'neo4j-driver';
import * as cypher from './cypher.js';
import type { Inputs } from './operations.js';

/** One value from a single-row, single-column query. */
async function one<T>(driver: Driver, query: string, params: Record<string, unknown> = {}): Promise<T> {
  const { records } = await driver.executeQuery(query, params, { database: 'neo4j', routing: neo4j.routing.READ });
  if (!records.length) throw new Error(`no row for: ${query}`);
  return records[0].get(0) as T;
}

/**
 * Inputs picked from the dataset itself: the hub technique (most BUILDS_ON
 * in-degree), the most prolific person, one of their papers with several
 * authors, the busiest leaf topic in the latest full year, and two
 * low-activity authors that a collaboration path connects.
 */
export async function pickInputs(driver: Driver): Promise<Inputs> {
  const hubTechniqueId = await one<string>(
    driver,
    `MATCH (t:Technique) RETURN t.id ORDER BY COUNT { (t)<-[:BUILDS_ON]-() } DESC, t.id LIMIT 1`,
  );
  const prolificAuthorId = await one<string>(
    driver,
    `MATCH (a:Author {kind: 'person'}) RETURN a.id ORDER BY COUNT { (a)-[:AUTHORED]->() } DESC, a.id LIMIT 1`,
  );
  const paperId = await one<string>(
    driver,
    `MATCH (:Author {id: $a})-[:AUTHORED]->(p:Paper) WHERE COUNT { (p)<-[:AUTHORED]-() } >= 4
     RETURN p.id ORDER BY p.published DESC, p.id LIMIT 1`,
    { a: prolificAuthorId },
  );
  const year = Number(await one<unknown>(driver, `MATCH (p:Paper) RETURN max(p.year) - 1`));
  const topicId = await one<string>(
    driver,
    `MATCH (t:Topic) WHERE NOT (t)<-[:SUBTOPIC_OF]-()
     RETURN t.id ORDER BY COUNT { (t)<-[:ABOUT]-(:Paper) } DESC, t.id LIMIT 1`,
  );
  // Two of the people with the fewest papers, connected within 6 steps (bounded tries).
  const { records } = await driver.executeQuery(
    `MATCH (a:Author {kind: 'person'}) WITH a, COUNT { (a)-[:AUTHORED]->() } AS papers WHERE papers > 0
     RETURN a.id AS id ORDER BY papers, a.id DESC LIMIT 40`,
    {},
    { database: 'neo4j', routing: neo4j.routing.READ },
  );
  const quiet = records.map((r) => r.get('id') as string);
  let pair: [string, string] | undefined;
  for (let i = 0; i + 1 < quiet.length && !pair; i += 2) {
    const { records: path } = await driver.executeQuery(
      cypher.collaborationPath,
      { from: quiet[i], to: quiet[i + 1] },
      { database: 'neo4j', routing: neo4j.routing.READ },
    );
    const length = path[0]?.get('result')?.length;
    if (length !== undefined && Number(length) >= 2) pair = [quiet[i], quiet[i + 1]];
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
