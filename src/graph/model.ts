/**
 * The graph model: every node label with its key and stored properties (and
 * how each is derived from an input record), every relationship type with its
 * ends and properties. The importer's Cypher, the upsertPaper mutation, the
 * bulk CSV files, the bulk post-pass and the graph counts are all derived from
 * these declarations (src/graph/derive.ts): adding a property here is the
 * whole change on the write side.
 *
 * Each property says how the write side derives it (`from`, in JavaScript,
 * from the input record; the same function for the transactional and the bulk
 * path, so both store the same value) and how the read side projects it
 * (`read`, a Cypher expression over the node; the stored property itself when left out).
 */

/** How a value is stored: decides the Cypher conversion of a parameter and the bulk CSV column type. */
export type PropertyType = 'string' | 'string[]' | 'int' | 'float' | 'date' | 'datetime';

/** A property set from the input record on every write of the node. */
export interface DerivedProperty<I> {
  type: PropertyType;
  /** The stored value, from the input (null or undefined: no property; string[] is never null, `[]` at least). */
  from: (input: I) => string | number | readonly string[] | null | undefined;
  /** The Cypher expression the read side projects for node variable `v` (default: the stored property). */
  read?: (v: string) => string;
  /** The values it may take, when it is an enum. */
  values?: readonly string[];
  /** Stored for lookups and search only (no API field reads it): the read side does not project it. */
  internal?: true;
}

/** A property the graph keeps current from its relationships, not from input (`initial` until first counted). */
export interface MaintainedProperty {
  type: 'int';
  /** Cypher for the current value on node `v`: what a write that changes it sets. */
  maintained: (v: string) => string;
  initial: number;
  read?: (v: string) => string;
}

/**
 * A property only the source-format importer writes (src/db/stores/source-store.ts: external
 * ids, provenance, the source's own counts): the model-driven writes (papergraph import,
 * upsertPaper) leave it as it is, the read side projects it.
 */
export interface KeptProperty {
  type: PropertyType;
  kept: true;
  read?: (v: string) => string;
}

export type Property<I> = DerivedProperty<I> | MaintainedProperty | KeptProperty;

const kept = (type: PropertyType, read?: (v: string) => string): KeptProperty =>
  read ? { type, kept: true, read } : { type, kept: true };

export const paperKinds = ['paper', 'technical_report', 'system_card'] as const;
export type PaperKind = (typeof paperKinds)[number];
export const authorKinds = ['person', 'organization'] as const;
export type AuthorKind = (typeof authorKinds)[number];

/** The input each node is stored from (an import record, or a mutation's input). Absent optionals may be null. */
export interface AuthorInput {
  id: string;
  name: string;
  kind: AuthorKind;
  aliases: readonly string[];
}
export interface TopicInput {
  id: string;
  name: string;
  description?: string | null;
  parent?: string | null;
}
export interface TechniqueInput {
  id: string;
  name: string;
  aliases: readonly string[];
  description: string;
  topics: readonly string[];
}
export interface PaperInput {
  id: string;
  title: string;
  abstract?: string | null;
  published: string;
  arxivId?: string | null;
  url?: string | null;
  kind: PaperKind;
  authors: readonly string[];
  topics: readonly string[];
}

const lower = (s: string) => s.toLowerCase();
/** Each alias followed by one space: what the full-text index reads. */
const aliasText = (aliases: readonly string[]) => aliases.map((a) => `${a} `).join('');
const orEmpty = (v: string) => `coalesce(${v}, [])`;

/** A node label: its import record type, key, and stored properties (besides the key). */
function node<I extends { id: string }>() {
  return <const R extends string, const P extends Record<string, Property<I>>>(spec: { record: R; properties: P }) => ({
    key: 'id' as const,
    ...spec,
  });
}

export const nodes = {
  Author: node<AuthorInput>()({
    record: 'author',
    properties: {
      name: { type: 'string', from: (a) => a.name },
      nameLower: { type: 'string', from: (a) => lower(a.name), internal: true },
      kind: { type: 'string', from: (a) => a.kind, values: authorKinds },
      aliases: { type: 'string[]', from: (a) => a.aliases, read: (v) => orEmpty(`${v}.aliases`) },
      aliasText: { type: 'string', from: (a) => aliasText(a.aliases), internal: true },
      openalexId: kept('string'),
      s2Id: kept('string'),
      orcid: kept('string'),
    },
  }),
  Topic: node<TopicInput>()({
    record: 'topic',
    properties: {
      name: { type: 'string', from: (t) => t.name },
      nameLower: { type: 'string', from: (t) => lower(t.name), internal: true },
      description: { type: 'string', from: (t) => t.description },
    },
  }),
  Technique: node<TechniqueInput>()({
    record: 'technique',
    properties: {
      name: { type: 'string', from: (t) => t.name },
      nameLower: { type: 'string', from: (t) => lower(t.name), internal: true },
      aliases: { type: 'string[]', from: (t) => t.aliases, read: (v) => orEmpty(`${v}.aliases`) },
      aliasText: { type: 'string', from: (t) => aliasText(t.aliases), internal: true },
      description: { type: 'string', from: (t) => t.description },
      lookupKeys: { type: 'string[]', from: (t) => [lower(t.name), ...t.aliases.map(lower)], internal: true },
    },
  }),
  Paper: node<PaperInput>()({
    record: 'paper',
    properties: {
      title: { type: 'string', from: (p) => p.title },
      titleLower: { type: 'string', from: (p) => lower(p.title), internal: true },
      abstract: { type: 'string', from: (p) => p.abstract },
      // A source that gives only a year (or month) stores its first day for sorting and says so in
      // datePrecision; the read side shows no day it does not know.
      published: {
        type: 'date',
        from: (p) => p.published,
        read: (v) =>
          `CASE ${v}.datePrecision WHEN 'year' THEN null WHEN 'month' THEN left(toString(${v}.published), 7) ELSE toString(${v}.published) END`,
      },
      datePrecision: kept('string', (v) => `coalesce(${v}.datePrecision, 'day')`),
      year: { type: 'int', from: (p) => Number(p.published.slice(0, 4)) },
      arxivId: { type: 'string', from: (p) => p.arxivId },
      url: { type: 'string', from: (p) => p.url },
      kind: { type: 'string', from: (p) => p.kind, values: paperKinds },
      doi: kept('string'),
      openalexId: kept('string'),
      s2Id: kept('string'),
      corpusId: kept('int'),
      /** Provenance: `openalex`, `s2`, `arxiv`, `bibtex` for source imports; `papergraph:<file>` for papergraph files; none (read `curated`) for the seed. */
      source: kept('string', (v) => `coalesce(${v}.source, 'curated')`),
      sourceType: kept('string'),
      /** The source's own citation count (OpenAlex cited_by_count, S2 citationCount). */
      citedByCount: kept('int'),
      citationCount: {
        type: 'int',
        maintained: (v) => `COUNT { (${v})<-[:CITES]-(:Paper) }`,
        initial: 0,
        read: (v) => `coalesce(${v}.citationCount, 0)`,
      },
    },
  }),
};

/**
 * Per label, the datetime property every write path (import, seed, bulk, the API's mutations) sets
 * to the write's time when the write changes the node — left as it was when nothing changed, so a
 * second import of the same records changes nothing. `npm run link -- --since <date>` reads it.
 * Kept apart from `properties`: no input record carries it and the read side does not project it.
 */
export const touchedAt = { Paper: 'updatedAt' } as const satisfies Partial<Record<keyof typeof nodes, string>>;

export type Label = keyof typeof nodes;
export type NodeType = (typeof nodes)[Label]['record'];
export type InputOf<L extends Label> = {
  Author: AuthorInput;
  Topic: TopicInput;
  Technique: TechniqueInput;
  Paper: PaperInput;
}[L];
export type PropertyName<L extends Label> = keyof (typeof nodes)[L]['properties'] & string;

/** A relationship property, from the write row of the relationship. */
export interface RelationshipProperty {
  type: PropertyType;
  /** Set only when the relationship is created; the write row's value, else `$now`. */
  onCreate?: boolean;
}

/** Evidence and provenance on every lineage edge. */
const lineageProperties = {
  evidence: { type: 'string' },
  confidence: { type: 'float' },
  /** Provenance: "curated" (seed), "import:<file>", "api". */
  source: { type: 'string' },
  recordedAt: { type: 'datetime', onCreate: true },
} as const satisfies Record<string, RelationshipProperty>;

/**
 * A relationship listed inside a node record (`owner` is that record's label,
 * `refs` the ids it lists): re-storing the owner replaces its set of them.
 * The owner is the start node unless `inbound` (then the end node: a paper
 * lists its authors, who are AUTHORED's start). `position` numbers them in
 * list order (1-based).
 */
interface Listed<L extends Label> {
  owner: L;
  refs: (input: InputOf<L>) => readonly string[];
  inbound?: true;
  position?: string;
}

interface RelationshipSpec {
  from: Label;
  to: Label;
  properties: Record<string, RelationshipProperty>;
  /** Stored from the lists of a node record (structural links). */
  listed?: Listed<'Paper'> | Listed<'Topic'> | Listed<'Technique'>;
  /** A lineage edge: its own import record (`edge`), with evidence and provenance. */
  lineage?: true;
  /** Writes must never close a cycle of this type. */
  acyclic?: true;
}

const lineage = <const F extends Label, const T extends Label>(from: F, to: T) =>
  ({ from, to, properties: lineageProperties, lineage: true }) as const;

export const relationships = {
  AUTHORED: {
    from: 'Author',
    to: 'Paper',
    properties: { position: { type: 'int' } },
    listed: { owner: 'Paper', refs: (p: PaperInput) => p.authors, inbound: true, position: 'position' },
  },
  ABOUT: { from: 'Paper', to: 'Topic', properties: {}, listed: { owner: 'Paper', refs: (p: PaperInput) => p.topics } },
  SUBTOPIC_OF: {
    from: 'Topic',
    to: 'Topic',
    properties: {},
    listed: { owner: 'Topic', refs: (t: TopicInput) => (t.parent ? [t.parent] : []) },
    acyclic: true,
  },
  IN_TOPIC: {
    from: 'Technique',
    to: 'Topic',
    properties: {},
    listed: { owner: 'Technique', refs: (t: TechniqueInput) => t.topics },
  },
  INTRODUCES: lineage('Paper', 'Technique'),
  USES: lineage('Paper', 'Technique'),
  BUILDS_ON: { ...lineage('Technique', 'Technique'), acyclic: true },
  CITES: lineage('Paper', 'Paper'),
} as const satisfies Record<string, RelationshipSpec>;

export type RelationshipType = keyof typeof relationships;
export type LineageRelation = {
  [K in RelationshipType]: (typeof relationships)[K] extends { lineage: true } ? K : never;
}[RelationshipType];
export type StructuralRelation = Exclude<RelationshipType, LineageRelation>;
export type AcyclicRelation = {
  [K in RelationshipType]: (typeof relationships)[K] extends { acyclic: true } ? K : never;
}[RelationshipType];
