import { type Plan, project, type Table } from '../prefetch.js';

/** A topic as the stores return it; properties left out of a narrowed projection are absent. */
export interface TopicRow {
  __type: 'Topic';
  id: string;
  name: string;
  description: string | null;
  parentId: string | null;
}

/** How each property of a topic row is read. */
export const topicTable: Table = {
  type: 'Topic',
  properties: {
    name: 'name',
    description: 'description',
    parentId: (v) => `COLLECT { MATCH (${v})-[:SUBTOPIC_OF]->(pt:Topic) RETURN pt.id }[0]`,
  },
};

export const topicMap = (v: string, plan?: Plan) => project(topicTable, v, plan);
