import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { Link, Plan } from '../db/prefetch.js';
import type { PaperRow } from '../db/stores/paper-rows.js';
import type { EdgeFilter } from '../db/stores/provenance.js';
import type { TechniqueRow } from '../db/stores/technique-rows.js';
import {
  ancestorsOfTechnique,
  buildsOnOfTechnique,
  builtUponByOfTechnique,
  type ChainRow,
  descendantsOfTechnique,
  introducedByOfTechnique,
  isLineageDepth,
  type LinkedTechnique,
  MAX_LINEAGE_DEPTH,
  type RelativeRow,
  relativeOf,
  type TechniqueRef,
  topicsOfTechnique,
} from '../db/stores/technique-store.js';
import type { TopicRow } from '../db/stores/topic-rows.js';
import { badInput, notFound } from '../errors.js';
import { between } from './arg-checks.js';
import { keyFrom, keyOrNull } from './ids.js';
import { LineageStep } from './lineage-step.js';
import { loadPaperPages, propertiesOf, relation } from './links.js';
import { CONNECTION_ROWS, planRows } from './lookahead.js';
import { type ConnectionArgs, toConnection, windowFor } from './pagination.js';
import { Paper, PaperConnection, TechniqueRole } from './paper.js';
import { edgeFilter, type ProvenanceArgs, provenanceArgs } from './provenance.js';
import { Topic } from './topic.js';

const loadTechniques = (ids: string[], ctx: Context) => ctx.stores.techniques.byIds(ids);
const techniqueField = propertiesOf<TechniqueRow>(loadTechniques);

export const Technique = builder.loadableNode('Technique', {
  description:
    'A technique or method (e.g. RLHF), with its aliases and lineage: what it builds on and what builds on it.',
  id: { resolve: (t: TechniqueRow) => t.id },
  load: loadTechniques,
  sort: (t) => t.id,
  isTypeOf: (t) => (t as TechniqueRow).__type === 'Technique',
  // Each scalar declares the property it reads: rows carry only the selected ones (lookahead.ts).
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `technique:rlhf`.' }),
    name: t.string({ description: 'The usual name.', ...techniqueField('name') }),
    aliases: t.stringList({ description: 'Other names it goes by (e.g. "RLHF").', ...techniqueField('aliases') }),
    description: t.string({
      nullable: true,
      description: 'What it is, in a sentence or two.',
      ...techniqueField('description'),
    }),
  }),
});

const LineageLink = builder.objectRef<LinkedTechnique>('LineageLink').implement({
  description: 'A BUILDS_ON link to another technique, with its provenance.',
  fields: (t) => ({
    technique: t.field({
      type: Technique,
      description: 'The technique at the other end.',
      resolve: (l) => l.technique,
    }),
    evidence: t.exposeString('evidence', { nullable: true, description: 'Why the link holds, in one sentence.' }),
    confidence: t.exposeFloat('confidence', { nullable: true, description: 'How sure the source is, 0..1.' }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'Where the link comes from (`curated`, `import:<file>`, `api`, …).',
    }),
  }),
});

const TechniqueRelative = builder.objectRef<RelativeRow>('TechniqueRelative').implement({
  description: 'A technique reached through BUILDS_ON, how far away it is, and the shortest chain that gets there.',
  fields: (t) => ({
    technique: t.field({ type: Technique, description: 'The technique reached.', resolve: (r) => r.technique }),
    depth: t.exposeInt('depth', { description: 'BUILDS_ON edges between the two (1 = direct).' }),
    path: t.field({
      type: [LineageStep],
      description: 'The chain, one step per edge, with evidence.',
      resolve: (r) => r.path,
    }),
  }),
});

export const depthDescription = `How many edges to follow (1..${MAX_LINEAGE_DEPTH}).`;

export const depthRange = between('maxDepth', 1, MAX_LINEAGE_DEPTH);

export const confidenceDescription = 'Ignore edges less confident than this (0..1).';

export const confidenceRange = between('minConfidence', 0, 1);

/**
 * How a caller's text names a technique: as an id when it can be one (`technique:rlhf` or a
 * global id; text with spaces is never an id), and always as a name or alias, case-insensitive.
 */
export function techniqueRef(text: string): TechniqueRef {
  const trimmed = text.trim();
  if (!trimmed) throw badInput('Name a technique: an id such as "technique:rlhf", a name or an alias such as "RLHF".');
  const id = trimmed.startsWith('technique:') || !trimmed.includes(' ') ? keyOrNull(trimmed, 'Technique') : null;
  return { id, key: trimmed.toLowerCase() };
}

/** NOT_FOUND for a technique reference, with where to look instead. */
export const techniqueNotFound = (text: string) =>
  notFound(
    `No technique with id, name or alias "${text}". Try \`techniques\` or \`search(query: "${text}", types: [TECHNIQUE])\`.`,
  );

/** A technique by readable id, global id, name or alias (one query); NOT_FOUND names what was asked. */
export async function findTechnique(text: string, ctx: Context, plan?: Plan): Promise<TechniqueRow> {
  const technique = await ctx.stores.techniques.byRef(techniqueRef(text), plan);
  if (!technique) throw techniqueNotFound(text);
  return technique;
}

// Relations fetched with the technique when the query above selects them (lookahead.ts), else batched per path.
const topics = relation<TechniqueRow, object, object, TopicRow[]>({
  slot: 'topics',
  link: topicsOfTechnique,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.techniques.topicsOf(ids, plan),
});
const introducedBy = relation<TechniqueRow, ProvenanceArgs, EdgeFilter, PaperRow[]>({
  slot: 'introducedBy',
  link: introducedByOfTechnique,
  key: (args) => edgeFilter(args),
  fallback: (ids, ctx, args, plan) => ctx.stores.techniques.introducedBy(ids, edgeFilter(args), plan),
});
const lineageLinks = (
  slot: 'buildsOn' | 'builtUponBy',
  link: Link,
  fetch: (ctx: Context, ids: string[], plan: Plan) => Promise<LinkedTechnique[][]>,
) =>
  relation<TechniqueRow, object, object, LinkedTechnique[]>({
    slot,
    link,
    key: () => ({}),
    rows: [['technique']],
    fallback: (ids, ctx, _args, plan) => fetch(ctx, ids, plan),
  });
const buildsOn = lineageLinks('buildsOn', buildsOnOfTechnique, (ctx, ids, plan) =>
  ctx.stores.techniques.buildsOn(ids, plan),
);
const builtUponBy = lineageLinks('builtUponBy', builtUponByOfTechnique, (ctx, ids, plan) =>
  ctx.stores.techniques.builtUponBy(ids, plan),
);

/**
 * Ancestors or descendants, fetched with a technique named at the top of a query (a CALL link:
 * they aggregate), else batched per path and depth. A depth out of range is not prefetched: the
 * argument's validation answers it.
 */
const relatives = (direction: 'ancestors' | 'descendants') =>
  relation<TechniqueRow, { maxDepth: number }, { maxDepth: number }, ChainRow[], RelativeRow[]>({
    slot: direction,
    link: direction === 'ancestors' ? ancestorsOfTechnique : descendantsOfTechnique,
    key: ({ maxDepth }) => (isLineageDepth(maxDepth) ? { maxDepth } : undefined),
    rows: [['technique']],
    flags: { path: ['path'] },
    fallback: (ids, ctx, args, plan) => ctx.stores.techniques.relatives(ids, direction, args.maxDepth, plan),
    result: (rows) => rows.map(relativeOf),
  });
const ancestors = relatives('ancestors');
const descendants = relatives('descendants');

builder.objectFields(Technique, (t) => ({
  topics: t.field({ type: [Topic], description: 'Topics the technique belongs to (IN_TOPIC).', ...topics }),
  introducedBy: t.field({
    type: [Paper],
    description:
      'Papers that introduce it, oldest first. Mined INTRODUCES links ("we propose X", confidence ≤ 0.5) are left out unless `sources` asks for LINKER.',
    args: provenanceArgs(['CURATED', 'IMPORT', 'API']),
    ...introducedBy,
  }),
  buildsOn: t.field({
    type: [LineageLink],
    description: 'Techniques it directly builds on, with evidence.',
    ...buildsOn,
  }),
  builtUponBy: t.field({
    type: [LineageLink],
    description: 'Techniques that directly build on it, with evidence.',
    ...builtUponBy,
  }),
  ancestors: t.field({
    type: [TechniqueRelative],
    description: 'Everything it builds on, transitively, nearest first — each with its shortest chain.',
    args: {
      maxDepth: t.arg.int({ required: true, defaultValue: 4, description: depthDescription, validate: depthRange }),
    },
    ...ancestors,
  }),
  descendants: t.field({
    type: [TechniqueRelative],
    description: 'Everything that builds on it, transitively, nearest first — each with its shortest chain.',
    args: {
      maxDepth: t.arg.int({ required: true, defaultValue: 4, description: depthDescription, validate: depthRange }),
    },
    ...descendants,
  }),
  papers: t.loadable({
    type: PaperConnection,
    byPath: true,
    description:
      'Papers that introduce or use it directly (filter with `role` and `sources`), newest first. Includes mined links (a mined USES means the paper mentions it); `sources: [CURATED]` for the curated ones alone.',
    args: {
      ...t.arg.connectionArgs(),
      role: t.arg({ type: TechniqueRole, required: false, description: 'Only this role.' }),
      ...provenanceArgs(),
    },
    load: loadPaperPages<ConnectionArgs & { role?: 'INTRODUCES' | 'USES' | null } & ProvenanceArgs>(
      (ctx, ids, window, plan, args) =>
        ctx.stores.techniques.papersOf(ids, args.role ?? 'ANY', window, plan, edgeFilter(args)),
    ),
    resolve: (x) => x.id,
  }),
}));

builder.queryFields((t) => ({
  technique: t.field({
    type: Technique,
    nullable: true,
    description:
      'One technique by id (`technique:rlhf` or a global id) or by name — any alias, case-insensitive ("rlhf" works).',
    args: {
      id: t.arg.id({ required: false, description: 'Readable or global id.' }),
      name: t.arg.string({ required: false, description: 'Name or alias, e.g. "RLHF".' }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!args.id && !args.name) throw badInput('Give `id` or `name`.');
      const plan = planRows(ctx, info, [[]], true);
      if (args.id) {
        const [technique] = await ctx.stores.techniques.byIds([keyFrom(args.id, 'Technique')], plan);
        if (!technique) throw notFound(`No technique with id "${args.id}".`);
        return technique;
      }
      return findTechnique(args.name as string, ctx, plan);
    },
  }),
  techniques: t.connection({
    type: Technique,
    description: 'All techniques, by name.',
    resolve: async (_root, args, ctx, info) => {
      const window = windowFor(args);
      return toConnection(await ctx.stores.techniques.list(window, planRows(ctx, info, CONNECTION_ROWS)), window);
    },
  }),
}));
