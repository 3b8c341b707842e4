import { int } from '../executor.js';
import { luceneQuery } from './search-store.js';
import { MAX_LINEAGE_DEPTH, matchTechniqueRef, type TechniqueRef } from './technique-store.js';
import { SUBTOPICS } from './topic-rows.js';

/** "Building on a technique", as papersBuildingOn reads it: the lineage of `ref` within `maxDepth` edges. */
export interface BuildingOn {
  ref: TechniqueRef;
  /** Edges on the explaining path, 1..MAX_LINEAGE_DEPTH (1 = introduces or uses the technique itself). */
  maxDepth: number;
  /** Every edge on the path at least this confident (0 = no filter). */
  minConfidence: number;
}

export interface PaperFilter {
  yearFrom?: number | null;
  yearTo?: number | null;
  /** Topic id or name; matches the topic and its subtopics. */
  topic?: string | null;
  /** Technique id, name or alias (case-insensitive). */
  technique?: string | null;
  /** Author id or name. */
  author?: string | null;
  kind?: string | null;
  /** Full-text over title and abstract. */
  text?: string | null;
  /** Papers building on a technique (the papersBuildingOn rule). */
  buildingOn?: BuildingOn | null;
}

const conditions = ['yearFrom', 'yearTo', 'topic', 'technique', 'author', 'kind', 'buildingOn'] as const;

/** The conditions a filter sets: with `text`, the shape of its query (one query text per shape). */
export function filterShape(filter: PaperFilter): { present: string[]; text: boolean; key: string } {
  const present: string[] = conditions.filter((k) => filter[k] !== undefined && filter[k] !== null);
  const text = Boolean(filter.text && luceneQuery(filter.text));
  const b = filter.buildingOn;
  const lineage = b ? `:${b.maxDepth}:${b.minConfidence > 0}` : '';
  return { present, text, key: `${present.join(',')}${lineage}|${text}` };
}

/** The parameters of a filter's clauses (every one, null where unset: unused ones are harmless). */
export function filterParams(filter: PaperFilter): Record<string, unknown> {
  return {
    yearFrom: filter.yearFrom ?? null,
    yearTo: filter.yearTo ?? null,
    topic: filter.topic ?? null,
    topicLower: filter.topic?.toLowerCase() ?? null,
    technique: filter.technique ?? null,
    techniqueLower: filter.technique?.toLowerCase() ?? null,
    author: filter.author ?? null,
    authorLower: filter.author?.toLowerCase() ?? null,
    kind: filter.kind ?? null,
    text: filter.text ? luceneQuery(filter.text) : '',
    ref: filter.buildingOn?.ref ?? null,
    minConfidence: filter.buildingOn?.minConfidence ?? 0,
    maxDepth: int(filter.buildingOn?.maxDepth ?? 1),
  };
}

/**
 * The techniques `bo` whose papers build on `$ref` within the depth (BUILDS_ON chains of up to
 * maxDepth − 1 edges, every edge at least $minConfidence when filtered): the papersBuildingOn rule,
 * computed once per query. The depth is a whitelisted literal (quantifiers cannot be parameters).
 */
function lineageTechniques(b: BuildingOn): string {
  const depth = Math.trunc(b.maxDepth);
  if (!(depth >= 1 && depth <= MAX_LINEAGE_DEPTH)) throw new RangeError(`maxDepth must be 1..${MAX_LINEAGE_DEPTH}`);
  const strong = b.minConfidence > 0 ? 'WHERE all(r IN relationships(chain) WHERE r.confidence >= $minConfidence)' : '';
  return `CALL () {
        ${matchTechniqueRef}
        MATCH chain = (x:Technique)-[:BUILDS_ON*0..${depth - 1}]->(t)
        ${strong}
        RETURN collect(DISTINCT x) AS bo
      }`;
}

/**
 * Cypher binding `p` to every paper the filter matches (plus `extra` conditions on `p`), from
 * fixed fragments: only present conditions add a clause. The source is the most selective
 * condition: full text, else the technique lineage, else the topic (a few thousand ABOUT edges
 * rather than a per-paper EXISTS over the year index: 28× fewer db hits on 100k papers), else
 * every paper. Parameters: `filterParams`.
 */
export function paperSource(filter: PaperFilter, extra: readonly string[] = []): string {
  const { present, text } = filterShape(filter);
  const has = (k: string) => present.includes(k);
  const strongUse =
    filter.buildingOn && filter.buildingOn.minConfidence > 0 ? 'AND u.confidence >= $minConfidence' : '';
  const fromLineage = has('buildingOn') && !text;
  const fromTopic = has('topic') && !text && !fromLineage;
  const where: string[] = [];
  if (has('yearFrom')) where.push('p.year >= $yearFrom');
  if (has('yearTo')) where.push('p.year <= $yearTo');
  if (has('kind')) where.push('p.kind = $kind');
  if (has('topic') && !fromTopic)
    where.push(
      `EXISTS { MATCH (p)-[:ABOUT]->(:Topic)-[:${SUBTOPICS}]->(t:Topic) WHERE t.id = $topic OR t.nameLower = $topicLower }`,
    );
  if (has('technique'))
    where.push(
      'EXISTS { MATCH (p)-[:USES|INTRODUCES]->(x:Technique) WHERE x.id = $technique OR $techniqueLower IN x.lookupKeys }',
    );
  if (has('author'))
    where.push('EXISTS { MATCH (p)<-[:AUTHORED]-(a:Author) WHERE a.id = $author OR a.nameLower = $authorLower }');
  if (has('buildingOn') && !fromLineage)
    where.push(`EXISTS { MATCH (p)-[u:USES|INTRODUCES]->(x:Technique) WHERE x IN bo ${strongUse} }`);
  where.push(...extra);
  const lineage = filter.buildingOn ? lineageTechniques(filter.buildingOn) : '';
  const source = text
    ? "CALL db.index.fulltext.queryNodes('paper_text', $text) YIELD node AS p, score"
    : fromLineage
      ? `UNWIND bo AS x
      MATCH (p:Paper)-[u:USES|INTRODUCES]->(x) ${strongUse ? `WHERE ${strongUse.slice(4)}` : ''}
      WITH DISTINCT p`
      : fromTopic
        ? `MATCH (t:Topic) WHERE t.id = $topic OR t.nameLower = $topicLower
      CALL (t) { MATCH (p:Paper)-[:ABOUT]->(:Topic)-[:${SUBTOPICS}]->(t) RETURN p }
      WITH DISTINCT p`
        : 'MATCH (p:Paper)';
  return `
      ${lineage}
      ${source}
      ${where.length ? `WHERE ${where.join('\n        AND ')}` : ''}`;
}
