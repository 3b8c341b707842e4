import type { Executor } from '../executor.js';
import { type Link, linkQuery, type Plan, planned, planParams } from '../prefetch.js';
import { type Page, pageOf, type Window } from './page.js';
import { type PaperRow, paperPageLink, paperPages } from './paper-rows.js';
import { Reader } from './reader.js';
import { type TechniqueRow, techniqueTable } from './technique-rows.js';
import { SUBTOPICS, type TopicRow, topicMap, topicTable } from './topic-rows.js';

/** The broader topic of topic `v` (SUBTOPIC_OF), or null for a root topic. */
export const parentOfTopic: Link = {
  target: topicTable,
  cypher: (v, n) => {
    const t = n.v('t');
    return `COLLECT { MATCH (${v})-[:SUBTOPIC_OF]->(${t}:Topic) WITH ${t} ORDER BY ${t}.id LIMIT 1 RETURN ${n.project(t)} }[0]`;
  },
};

/** The direct subtopics of topic `v`, by name. */
export const childrenOfTopic: Link = {
  target: topicTable,
  cypher: (v, n) => {
    const c = n.v('c');
    return `COLLECT { MATCH (${v})<-[:SUBTOPIC_OF]-(${c}:Topic) WITH ${c} ORDER BY ${c}.nameLower, ${c}.id RETURN ${n.project(c)} }`;
  },
};

/** The techniques in topic `v` or any topic below it (IN_TOPIC), by name. */
export const techniquesOfTopic: Link = {
  target: techniqueTable,
  cypher: (v, n) => {
    const x = n.v('x');
    return `COLLECT { MATCH (${v})<-[:${SUBTOPICS}]-(:Topic)<-[:IN_TOPIC]-(${x}:Technique)
   WITH DISTINCT ${x} ORDER BY ${x}.nameLower, ${x}.id RETURN ${n.project(x)} }`;
  },
};

/** One page of the papers about topic `v` or any topic below it, newest first (link and fallback share the pattern). */
const papersAbout = (v: string, p: string) => `(${v})<-[:${SUBTOPICS}]-(:Topic)<-[:ABOUT]-(${p}:Paper)`;
export const papersOfTopic = paperPageLink(papersAbout);

/** One query per plan (links and projected properties), built on first use. */
const byIds = planned(
  'topics-by-ids',
  (plan) => `UNWIND $ids AS id MATCH (t:Topic {id: id}) RETURN ${topicMap('t', plan)} AS row`,
);
const byName = planned(
  'topic-by-name',
  (plan) => `MATCH (t:Topic {nameLower: $name}) WITH t ORDER BY t.id LIMIT 1 RETURN ${topicMap('t', plan)} AS row`,
);
const list = planned(
  'topics-list',
  (plan) => `MATCH (t:Topic) WITH t ORDER BY t.nameLower, t.id ${pageOf('t', topicMap('t', plan))}`,
);

/** The links of a topic alone, for many topics: the batched fallback when the query above did not prefetch them. */
const topicLink = (name: string, link: Link) => linkQuery(name, '(t:Topic {id: id})', 't', link);
const parentOf = topicLink('topic-parent', parentOfTopic);
const childrenOf = topicLink('topic-children', childrenOfTopic);
const techniquesOf = topicLink('topic-techniques', techniquesOfTopic);
const papersOf = paperPages('topic-papers', '(o:Topic {id: id})', papersAbout('o', 'p'));

/** Topics: lookups, the hierarchy, and what hangs off a topic (including the topics below it). */
export class TopicStore {
  private readonly reader: Reader;

  constructor(executor: Executor) {
    this.reader = new Reader(executor);
  }

  byIds(ids: readonly string[], plan?: Plan): Promise<(TopicRow | null)[]> {
    return this.reader.byIds(byIds(plan), ids, planParams(plan));
  }

  byName(name: string, plan?: Plan): Promise<TopicRow | null> {
    return this.reader.one(byName(plan), { name: name.toLowerCase(), ...planParams(plan) });
  }

  list(window: Window, plan?: Plan): Promise<Page<TopicRow>> {
    return this.reader.page(list(plan), window, planParams(plan));
  }

  parentOf(ids: readonly string[], plan?: Plan): Promise<(TopicRow | null)[]> {
    return this.reader.values<TopicRow | null>(parentOf.query(plan), ids, parentOf.params(plan), () => null);
  }

  childrenOf(ids: readonly string[], plan?: Plan): Promise<TopicRow[][]> {
    return this.reader.linkLists(childrenOf, ids, plan);
  }

  techniquesOf(ids: readonly string[], plan?: Plan): Promise<TechniqueRow[][]> {
    return this.reader.linkLists(techniquesOf, ids, plan);
  }

  papersOf(ids: readonly string[], window: Window, plan?: Plan): Promise<Page<PaperRow>[]> {
    return this.reader.paperPages(papersOf, ids, window, plan);
  }
}
