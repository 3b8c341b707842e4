import { propertyReads } from '../../graph/derive.js';
import { type Plan, project, type Table } from '../prefetch.js';

/** A technique as the stores return it; properties left out of a narrowed projection are absent. */
export interface TechniqueRow {
  __type: 'Technique';
  id: string;
  name: string;
  aliases: string[];
  description: string | null;
}

export type TechniqueRole = 'INTRODUCES' | 'USES';

/** A technique a paper introduces or uses, with the evidence on that edge. */
export interface TechniqueUse extends TechniqueRow {
  role: TechniqueRole;
  evidence: string | null;
  confidence: number | null;
  source: string | null;
  mentionKind: string | null;
}

/** How each property of a technique row is read: as the graph model says (src/graph/model.ts). */
export const techniqueTable: Table = {
  type: 'Technique',
  properties: propertyReads.Technique,
};

/** Technique projection of `v`; `extra` adds more `key: expression` entries to the same map. */
export const techniqueMap = (v: string, extra = '', plan?: Plan) => project(techniqueTable, v, plan, extra);
