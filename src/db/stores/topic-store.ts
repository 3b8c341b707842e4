import { type Executor, int, type Query } from '../executor.js';
import {
  alignById,
  alignPages,
  groupByKey,
  type Page,
  type PaperRow,
  paperMap,
  type TechniqueRow,
  type TopicRow,
  techniqueMap,
  topicMap,
  type Window,
} from './rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

const byIds = q('topics-by-ids', `UNWIND $ids AS id MATCH (t:Topic {id: id}) RETURN ${topicMap('t')} AS row`);
const byName = q(
  'topic-by-name',
  `MATCH (t:Topic {nameLower: $name}) RETURN ${topicMap('t')} AS row ORDER BY t.id LIMIT 1`,
);
const list = q(
  'topics-list',
  `MATCH (t:Topic)
   WITH t ORDER BY t.nameLower, t.id
   WITH collect(t) AS rows
   RETURN size(rows) AS total, [t IN rows[$skip..$skip + $limit] | ${topicMap('t')}] AS items`,
);
const childrenOf = q(
  'topic-children',
  `UNWIND $ids AS id
   MATCH (:Topic {id: id})<-[:SUBTOPIC_OF]-(c:Topic)
   WITH id, c ORDER BY c.nameLower
   RETURN id AS key, ${topicMap('c')} AS value`,
);
const techniquesOf = q(
  'topic-techniques',
  `UNWIND $ids AS id
   MATCH (:Topic {id: id})<-[:SUBTOPIC_OF*0..1]-(:Topic)<-[:IN_TOPIC]-(x:Technique)
   WITH DISTINCT id, x ORDER BY x.nameLower
   RETURN id AS key, ${techniqueMap('x')} AS value`,
);
const papersOf = q(
  'topic-papers',
  `UNWIND $ids AS id
   MATCH (t:Topic {id: id})
   CALL (t) {
     MATCH (t)<-[:SUBTOPIC_OF*0..1]-(:Topic)<-[:ABOUT]-(p:Paper)
     WITH DISTINCT p ORDER BY p.published DESC, p.id
     WITH collect(p) AS rows
     RETURN size(rows) AS total, rows[$skip..$skip + $limit] AS page
   }
   RETURN id AS key, {total: total, items: [p IN page | ${paperMap('p')}]} AS value`,
);

/** Topics: lookups, the two-level hierarchy, and what hangs off a topic (including its subtopics). */
export class TopicStore {
  constructor(private readonly executor: Executor) {}

  async byIds(ids: readonly string[]): Promise<(TopicRow | null)[]> {
    const rows = await this.executor.read(byIds, { ids });
    return alignById(
      ids,
      rows.map((r) => r.row as TopicRow),
    );
  }

  async byName(name: string): Promise<TopicRow | null> {
    const [row] = await this.executor.read(byName, { name: name.toLowerCase() });
    return (row?.row as TopicRow | undefined) ?? null;
  }

  async list(window: Window): Promise<Page<TopicRow>> {
    const [row] = await this.executor.read(list, { skip: int(window.skip), limit: int(window.limit) });
    return { total: row.total as number, items: row.items as TopicRow[] };
  }

  async childrenOf(ids: readonly string[]): Promise<TopicRow[][]> {
    return groupByKey(ids, (await this.executor.read(childrenOf, { ids })) as { key: string; value: TopicRow }[]);
  }

  async techniquesOf(ids: readonly string[]): Promise<TechniqueRow[][]> {
    return groupByKey(ids, (await this.executor.read(techniquesOf, { ids })) as { key: string; value: TechniqueRow }[]);
  }

  async papersOf(ids: readonly string[], window: Window): Promise<Page<PaperRow>[]> {
    const rows = await this.executor.read(papersOf, { ids, skip: int(window.skip), limit: int(window.limit) });
    return alignPages<PaperRow>(ids, rows);
  }
}
