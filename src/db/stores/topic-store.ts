import type { Executor, Query } from '../executor.js';
import type { Plan } from '../prefetch.js';
import { type Page, pageOf, type Window } from './page.js';
import { type PaperRow, paperPages } from './paper-rows.js';
import { Reader } from './reader.js';
import { type TechniqueRow, techniqueMap } from './technique-rows.js';
import { SUBTOPICS, type TopicRow, topicMap } from './topic-rows.js';

const q = (name: string, cypher: string): Query => ({ name, cypher });

const byIds = q('topics-by-ids', `UNWIND $ids AS id MATCH (t:Topic {id: id}) RETURN ${topicMap('t')} AS row`);
const byName = q(
  'topic-by-name',
  `MATCH (t:Topic {nameLower: $name}) RETURN ${topicMap('t')} AS row ORDER BY t.id LIMIT 1`,
);
const list = q('topics-list', `MATCH (t:Topic) WITH t ORDER BY t.nameLower, t.id ${pageOf('t', topicMap('t'))}`);
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
   MATCH (:Topic {id: id})<-[:${SUBTOPICS}]-(:Topic)<-[:IN_TOPIC]-(x:Technique)
   WITH DISTINCT id, x ORDER BY x.nameLower
   RETURN id AS key, ${techniqueMap('x')} AS value`,
);
const papersOf = paperPages('topic-papers', '(o:Topic {id: id})', `(o)<-[:${SUBTOPICS}]-(:Topic)<-[:ABOUT]-(p:Paper)`);

/** Topics: lookups, the hierarchy, and what hangs off a topic (including the topics below it). */
export class TopicStore {
  private readonly reader: Reader;

  constructor(executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[]): Promise<(TopicRow | null)[]> {
    return this.reader.byIds(byIds, ids);
  }

  byName(name: string): Promise<TopicRow | null> {
    return this.reader.one(byName, { name: name.toLowerCase() });
  }

  list(window: Window): Promise<Page<TopicRow>> {
    return this.reader.page(list, window);
  }

  childrenOf(ids: readonly string[]): Promise<TopicRow[][]> {
    return this.reader.groups(childrenOf, ids);
  }

  techniquesOf(ids: readonly string[]): Promise<TechniqueRow[][]> {
    return this.reader.groups(techniquesOf, ids);
  }

  papersOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(papersOf, ids, window, plan);
  }
}
