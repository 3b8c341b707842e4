import { propertyReads } from '../../graph/derive.js';
import { type Plan, project, type Table } from '../prefetch.js';

/**
 * A topic and every topic below it, at any depth: the hierarchy is two levels for curated
 * topics and arXiv categories, four for OpenAlex (domain → field → subfield → topic).
 * SUBTOPIC_OF is acyclic (src/ingest/cycles.ts), so the unbounded path ends.
 */
export const SUBTOPICS = 'SUBTOPIC_OF*0..';

/** A topic as the stores return it; properties left out of a narrowed projection are absent. */
export interface TopicRow {
  __type: 'Topic';
  id: string;
  name: string;
  description: string | null;
}

/** How each property of a topic row is read: as the graph model says (src/graph/model.ts). */
export const topicTable: Table = {
  type: 'Topic',
  properties: propertyReads.Topic,
};

export const topicMap = (v: string, plan?: Plan) => project(topicTable, v, plan);
