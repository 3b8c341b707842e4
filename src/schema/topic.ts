import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { TopicRow } from '../db/stores/topic-rows.js';
import { badInput, notFound } from '../errors.js';
import { keyFrom } from './ids.js';
import { loadPaperPages, propertiesOf } from './links.js';
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

builder.objectFields(Topic, (t) => ({
  parent: t.field({
    type: Topic,
    nullable: true,
    description: 'The broader topic (SUBTOPIC_OF), or null for a root topic.',
    ...topicField('parentId'),
  }),
  children: t.loadableList({
    type: Topic,
    description: 'Its direct subtopics, by name (their own are under their `children`).',
    load: (ids: string[], ctx) => ctx.stores.topics.childrenOf(ids),
    resolve: (topic) => topic.id,
  }),
  techniques: t.loadableList({
    type: Technique,
    description: 'Techniques in this topic or any topic below it, at every depth (IN_TOPIC).',
    load: (ids: string[], ctx) => ctx.stores.topics.techniquesOf(ids),
    resolve: (topic) => topic.id,
  }),
  papers: t.loadable({
    type: PaperConnection,
    byPath: true,
    description: 'Papers about this topic or any topic below it, at every depth, newest first.',
    args: t.arg.connectionArgs(),
    load: loadPaperPages((ctx, ids, window, plan) => ctx.stores.topics.papersOf(ids, window, plan)),
    resolve: (topic) => topic.id,
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
    resolve: async (_root, args, ctx) => {
      if (!args.id && !args.name) throw badInput('Give `id` or `name`.');
      const topic = args.id
        ? (await ctx.stores.topics.byIds([keyFrom(args.id, 'Topic')]))[0]
        : await ctx.stores.topics.byName(args.name as string);
      if (!topic) throw notFound(`No topic with ${args.id ? `id "${args.id}"` : `name "${args.name}"`}.`);
      return topic;
    },
  }),
  topics: t.connection({
    type: Topic,
    description: 'All topics, by name.',
    resolve: async (_root, args, ctx) => {
      const window = windowFor(args);
      return toConnection(await ctx.stores.topics.list(window), window);
    },
  }),
}));
