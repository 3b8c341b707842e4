import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { TechniqueRow } from '../db/stores/technique-rows.js';
import type { TopicRow } from '../db/stores/topic-rows.js';
import { childrenOfTopic, papersOfTopic, parentOfTopic, techniquesOfTopic } from '../db/stores/topic-store.js';
import { badInput, notFound } from '../errors.js';
import { keyFrom } from './ids.js';
import { paperPageRelation, propertiesOf, relation } from './links.js';
import { CONNECTION_ROWS, planRows } from './lookahead.js';
import { toConnection, windowFor } from './pagination.js';
import { PaperConnection } from './paper.js';
import { Technique } from './technique.js';

const loadTopics = (ids: string[], ctx: Context) => ctx.stores.topics.byIds(ids);
const topicField = propertiesOf<TopicRow>(loadTopics);

export const Topic = builder.loadableNode('Topic', {
  description:
    'A research topic in a hierarchy of any depth: curated topics have two levels (e.g. Alignment under AI safety), arXiv categories two (cs.CL under cs), OpenAlex topics four (domain → field → subfield → topic).',
  id: { resolve: (t: TopicRow) => t.id },
  load: loadTopics,
  sort: (t) => t.id,
  isTypeOf: (t) => (t as TopicRow).__type === 'Topic',
  // Each scalar declares the property it reads: rows carry only the selected ones (lookahead.ts).
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `topic:alignment`.' }),
    name: t.string({ description: 'The topic’s name.', ...topicField('name') }),
    description: t.string({ nullable: true, description: 'What the topic covers.', ...topicField('description') }),
  }),
});

// Relations fetched with the topic when the query above selects them (lookahead.ts), else batched per path.
const parent = relation<TopicRow, object, object, TopicRow | null>({
  slot: 'parent',
  link: parentOfTopic,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.topics.parentOf(ids, plan),
});
const children = relation<TopicRow, object, object, TopicRow[]>({
  slot: 'children',
  link: childrenOfTopic,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.topics.childrenOf(ids, plan),
});
const techniques = relation<TopicRow, object, object, TechniqueRow[]>({
  slot: 'techniques',
  link: techniquesOfTopic,
  key: () => ({}),
  fallback: (ids, ctx, _args, plan) => ctx.stores.topics.techniquesOf(ids, plan),
});
const papers = paperPageRelation<TopicRow>('papers', papersOfTopic, (ctx, ids, window, plan) =>
  ctx.stores.topics.papersOf(ids, window, plan),
);

builder.objectFields(Topic, (t) => ({
  parent: t.field({
    type: Topic,
    nullable: true,
    description: 'The broader topic (SUBTOPIC_OF), or null for a root topic.',
    ...parent,
  }),
  children: t.field({
    type: [Topic],
    description: 'Its direct subtopics, by name (their own are under their `children`).',
    ...children,
  }),
  techniques: t.field({
    type: [Technique],
    description: 'Techniques in this topic or any topic below it, at every depth (IN_TOPIC), by name.',
    ...techniques,
  }),
  papers: t.field({
    type: PaperConnection,
    description: 'Papers about this topic or any topic below it, at every depth, newest first.',
    args: t.arg.connectionArgs(),
    ...papers,
  }),
}));

builder.queryFields((t) => ({
  topic: t.field({
    type: Topic,
    nullable: true,
    description: 'One topic by id (`topic:alignment` or a global id) or by name (case-insensitive).',
    args: {
      id: t.arg.id({ required: false, description: 'Readable or global id.' }),
      name: t.arg.string({ required: false, description: 'Name, e.g. "Alignment".' }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!args.id && !args.name) throw badInput('Give `id` or `name`.');
      const plan = planRows(ctx, info);
      const topic = args.id
        ? (await ctx.stores.topics.byIds([keyFrom(args.id, 'Topic')], plan))[0]
        : await ctx.stores.topics.byName(args.name as string, plan);
      if (!topic) throw notFound(`No topic with ${args.id ? `id "${args.id}"` : `name "${args.name}"`}.`);
      return topic;
    },
  }),
  topics: t.connection({
    type: Topic,
    description: 'All topics, by name.',
    resolve: async (_root, args, ctx, info) => {
      const window = windowFor(args);
      return toConnection(await ctx.stores.topics.list(window, planRows(ctx, info, CONNECTION_ROWS)), window);
    },
  }),
}));
