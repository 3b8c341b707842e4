import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { AuthorRow } from '../db/stores/author-rows.js';
import type { PaperRow } from '../db/stores/paper-rows.js';
import {
  authorsOfPaper,
  citedByOfPaper,
  citesOfPaper,
  externalIdProperties,
  type PaperOrderField,
  type RelatedRow,
  relatedOfPaper,
  TECHNIQUE_EDGE_PROPERTIES,
  techniquesOfPaper,
  topicsOfPaper,
} from '../db/stores/paper-store.js';
import type { EdgeFilter } from '../db/stores/provenance.js';
import type { TechniqueRole as Role, TechniqueUse } from '../db/stores/technique-rows.js';
import type { TopicRow } from '../db/stores/topic-rows.js';
import { badInput, notFound } from '../errors.js';
import { Author } from './author.js';
import { keyFrom } from './ids.js';
import { paperPageRelation, propertiesOf, relation } from './links.js';
import { rankedListArgs, validListSize } from './list-args.js';
import { CONNECTION_ROWS, planRows } from './lookahead.js';
import { toConnection, windowFor } from './pagination.js';
import { PaperFilter, PaperKind, PaperOrder, toPaperFilter } from './paper-inputs.js';
import { edgeFilter, MentionKind, type ProvenanceArgs, provenanceArgs } from './provenance.js';
import { Technique } from './technique.js';
import { Topic } from './topic.js';

export const TechniqueRole = builder.enumType('TechniqueRole', {
  description: 'How a paper relates to a technique.',
  values: {
    INTRODUCES: { description: 'The paper introduces the technique.' },
    USES: { description: 'The paper uses (applies, extends or evaluates) the technique.' },
  } as const,
});

const loadPapers = (ids: string[], ctx: Context) => ctx.stores.papers.byIds(ids);
const paperField = propertiesOf<PaperRow>(loadPapers);

export const Paper = builder.loadableNode('Paper', {
  description:
    'A paper, technical report or system card. `id` is a global Relay id; `key` is the readable id such as `arxiv:2303.08774`.',
  id: { resolve: (p: PaperRow) => p.id },
  load: loadPapers,
  sort: (p) => p.id,
  isTypeOf: (p) => (p as PaperRow).__type === 'Paper',
  // Each scalar declares the property it reads: rows carry only the selected ones (lookahead.ts).
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `arxiv:2303.08774`.' }),
    title: t.string({ description: 'The title as published.', ...paperField('title') }),
    abstract: t.string({
      nullable: true,
      description: 'The abstract as published, when known.',
      ...paperField('abstract'),
    }),
    published: t.string({
      nullable: true,
      description:
        'Date of first publication (arXiv v1), `YYYY-MM-DD`; `YYYY-MM` when the source gave only a month, null when only a year (see `year`, `datePrecision`).',
      ...paperField('published'),
    }),
    datePrecision: t.string({
      description: 'How much of `published` the source knew: `day`, `month` or `year`.',
      ...paperField('datePrecision'),
    }),
    year: t.int({ description: 'Year of first publication.', ...paperField('year') }),
    arxivId: t.string({
      nullable: true,
      description: 'The arXiv identifier, e.g. `2303.08774`.',
      ...paperField('arxivId'),
    }),
    url: t.string({ nullable: true, description: 'Where to read it.', ...paperField('url') }),
    doi: t.string({ nullable: true, description: 'The DOI, lower-cased, without resolver.', ...paperField('doi') }),
    openalexId: t.string({
      nullable: true,
      description: 'The OpenAlex work id, e.g. `W2741809807`.',
      ...paperField('openalexId'),
    }),
    s2Id: t.string({ nullable: true, description: 'The Semantic Scholar paperId.', ...paperField('s2Id') }),
    corpusId: t.int({ nullable: true, description: 'The Semantic Scholar CorpusId.', ...paperField('corpusId') }),
    source: t.string({
      description:
        'Provenance: `curated` (the seed), `papergraph:<file name>` (a papergraph-format import), or the import format that made it (`openalex`, `s2`, `arxiv`, `bibtex`).',
      ...paperField('source'),
    }),
    sourceType: t.string({
      nullable: true,
      description: "The source's own type name (e.g. OpenAlex `article`).",
      ...paperField('sourceType'),
    }),
    citedByCount: t.int({
      nullable: true,
      description:
        "The source's own citation count (OpenAlex cited_by_count, S2 citationCount), beside the in-graph `citationCount`.",
      ...paperField('citedByCount'),
    }),
    kind: t.field({
      type: PaperKind,
      description: 'Paper, technical report or system card.',
      ...paperField('kind'),
    }),
    citationCount: t.int({
      description: 'How many papers in this graph cite it.',
      ...paperField('citationCount'),
    }),
  }),
});

export const PaperConnection = builder.connectionObject(
  { type: Paper, name: 'PaperConnection', description: 'A page of papers.' },
  { name: 'PaperEdge', description: 'A paper in a page of papers.' },
);

const TechniqueUsage = builder.objectRef<TechniqueUse>('TechniqueUsage').implement({
  description: 'A technique a paper introduces or uses, with the evidence for that link.',
  fields: (t) => ({
    technique: t.field({ type: Technique, description: 'The technique.', resolve: (u) => u }),
    role: t.expose('role', { type: TechniqueRole, description: 'INTRODUCES or USES.' }),
    evidence: t.exposeString('evidence', { nullable: true, description: 'Why the link holds, in one sentence.' }),
    confidence: t.exposeFloat('confidence', { nullable: true, description: 'How sure the source is, 0..1.' }),
    source: t.exposeString('source', {
      nullable: true,
      description:
        'Where the link comes from: `curated`, `linker` (mined: the paper *mentions* the technique in `evidence` — weaker than a curated "uses"), `import:<file>` or a source format, `api`.',
    }),
    mentionKind: t.field({
      type: MentionKind,
      nullable: true,
      description: 'For a mined (`linker`) link: MENTION or CONTRAST. Null on every other link.',
      resolve: (u) => (u.source === 'linker' ? ((u.mentionKind as 'MENTION' | 'CONTRAST' | null) ?? null) : null),
    }),
  }),
});

const RelatedReason = builder
  .objectRef<{ kind: string; key: string; name: string; weight: number }>('RelatedReason')
  .implement({
    description: 'One thing two papers share, and what it adds to their relatedness score.',
    fields: (t) => ({
      kind: t.exposeString('kind', {
        description:
          'TECHNIQUE (3), AUTHOR (2), TOPIC (1), CITES (4: this paper cites it) or CITED_BY (4: it cites this paper).',
      }),
      key: t.exposeString('key', { description: 'Readable id of the shared technique, author, topic or paper.' }),
      name: t.exposeString('name', { description: 'Its name or title.' }),
      weight: t.exposeFloat('weight', { description: 'What it adds to the score.' }),
    }),
  });

const RelatedPaper = builder
  .objectRef<{
    paper: PaperRow;
    score: number;
    reasons: { kind: string; key: string; name: string; weight: number }[];
  }>('RelatedPaper')
  .implement({
    description: 'A paper related to another one, with the score and every reason behind it.',
    fields: (t) => ({
      paper: t.field({ type: Paper, description: 'The related paper.', resolve: (r) => r.paper }),
      score: t.exposeFloat('score', { description: 'Sum of the reasons’ weights.' }),
      reasons: t.field({ type: [RelatedReason], description: 'Why they are related.', resolve: (r) => r.reasons }),
    }),
  });

// Relations fetched with the paper when the query above selects them (lookahead.ts), else batched per path.
const authors = relation<PaperRow, object, object, AuthorRow[]>({
  slot: 'authors',
  link: authorsOfPaper,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.papers.authorsOf(ids, plan),
});
const topics = relation<PaperRow, object, object, TopicRow[]>({
  slot: 'topics',
  link: topicsOfPaper,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.papers.topicsOf(ids, plan),
});
const techniques = relation<PaperRow, { role?: Role | null } & ProvenanceArgs, EdgeFilter, TechniqueUse[]>({
  slot: 'techniques',
  link: techniquesOfPaper('ANY'),
  // Both roles are prefetched (with the provenance filter as the link's parameters); a `role` filter loads its own.
  key: (args) => (args.role == null ? edgeFilter(args) : undefined),
  rows: [['technique']],
  // Evidence and provenance are read from the edges only when selected.
  flags: Object.fromEntries(TECHNIQUE_EDGE_PROPERTIES.map((p) => [p, [p]])),
  fallback: (ids, ctx, args, plan) => ctx.stores.papers.techniquesOf(ids, args.role ?? 'ANY', plan, edgeFilter(args)),
});

const cites = paperPageRelation<PaperRow>('cites', citesOfPaper, (ctx, ids, window, plan) =>
  ctx.stores.papers.citesOf(ids, window, plan),
);
const citedBy = paperPageRelation<PaperRow>('citedBy', citedByOfPaper, (ctx, ids, window, plan) =>
  ctx.stores.papers.citedByOf(ids, window, plan),
);
const related = relation<PaperRow, { first: number }, { first: number }, RelatedRow[]>({
  slot: 'related',
  link: relatedOfPaper,
  key: ({ first }) => (validListSize(first) ? { first } : undefined),
  rows: [['paper']],
  fallback: (ids, ctx, args, plan) => ctx.stores.papers.related(ids, args.first, plan),
});

builder.objectFields(Paper, (t) => ({
  authors: t.field({ type: [Author], description: 'The authors in byline order.', ...authors }),
  topics: t.field({ type: [Topic], description: 'Topics the paper is about.', ...topics }),
  techniques: t.field({
    type: [TechniqueUsage],
    description:
      'Techniques the paper introduces or uses, with evidence and provenance; filter with `role` and `sources`. Mined (`linker`) links mean the paper mentions the technique — weaker than curated ones.',
    args: {
      role: t.arg({ type: TechniqueRole, required: false, description: 'Only this role.' }),
      ...provenanceArgs(),
    },
    ...techniques,
  }),
  cites: t.field({
    type: PaperConnection,
    description: 'Papers this paper cites (newest first).',
    args: t.arg.connectionArgs(),
    ...cites,
  }),
  citedBy: t.field({
    type: PaperConnection,
    description: 'Papers that cite this paper (newest first).',
    args: t.arg.connectionArgs(),
    ...citedBy,
  }),
  related: t.field({
    type: [RelatedPaper],
    description:
      'Papers related to this one, ranked by shared techniques (3 each), authors (2), topics (1) and citations either way (4), with the reasons.',
    args: rankedListArgs,
    ...related,
  }),
}));

builder.queryFields((t) => ({
  paper: t.field({
    type: Paper,
    nullable: true,
    description:
      'One paper, by id (`arxiv:2303.08774` or a global id) or by arXiv id. Unknown ids answer null with NOT_FOUND.',
    args: {
      id: t.arg.id({ required: false, description: 'Readable id such as `arxiv:2303.08774`, or a global id.' }),
      arxivId: t.arg.string({ required: false, description: 'arXiv identifier such as `2303.08774`.' }),
      doi: t.arg.string({ required: false, description: 'DOI such as `10.1145/3442188.3445922` (any case).' }),
      openalexId: t.arg.string({
        required: false,
        description: 'OpenAlex work id such as `W2741809807` (merged ids too).',
      }),
      s2Id: t.arg.string({ required: false, description: 'Semantic Scholar paperId.' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const external = externalIdProperties.filter((p) => args[p]);
      if (!args.id && !external.length) throw badInput('Give `id`, `arxivId`, `doi`, `openalexId` or `s2Id`.');
      const plan = planRows(ctx, info, [[]], true);
      const by = external[0];
      const paper =
        args.id || !by
          ? (await ctx.stores.papers.byIds([keyFrom(args.id as string, 'Paper')], plan))[0]
          : await ctx.stores.papers.byExternalId(by, args[by] as string, plan);
      if (!paper) throw notFound(`No paper with ${args.id || !by ? `id "${args.id}"` : `${by} "${args[by]}"`}.`);
      return paper;
    },
  }),
  papers: t.field({
    type: PaperConnection,
    description: 'Papers, filtered and sorted inside Neo4j; newest first by default.',
    args: {
      ...t.arg.connectionArgs(),
      where: t.arg({ type: PaperFilter, required: false, description: 'Conditions; all must hold.' }),
      orderBy: t.arg({ type: PaperOrder, required: false, description: 'Sort order (default YEAR DESC).' }),
    },
    resolve: async (_root, args, ctx, info) => {
      const window = windowFor(args);
      const where = toPaperFilter(args.where);
      const order = {
        field: (args.orderBy?.field ?? 'YEAR') as PaperOrderField,
        direction: args.orderBy?.direction ?? 'DESC',
      };
      return toConnection(
        await ctx.stores.papers.list(where, order, window, planRows(ctx, info, CONNECTION_ROWS)),
        window,
      );
    },
  }),
}));
