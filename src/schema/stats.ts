import { z } from 'zod';
import { builder } from '../builder.js';
import type { AuthorCountRow, TechniqueCountRow, TopicCountRow, YearCountRow } from '../db/stores/stats-store.js';
import { badInput } from '../errors.js';
import { Author } from './author.js';
import { edgeFilter, provenanceArgs } from './provenance.js';
import { Technique, techniqueNotFound, techniqueRef } from './technique.js';
import { Topic } from './topic.js';

const firstArg = z.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100');
const yearArg = z
  .number()
  .int()
  .min(1000, 'must be a four-digit year')
  .max(9999, 'must be a four-digit year')
  .nullish();

const YearCount = builder.objectRef<YearCountRow>('YearCount').implement({
  description: 'How many papers one year has.',
  fields: (t) => ({
    year: t.exposeInt('year', { description: 'The year.' }),
    count: t.exposeInt('count', { description: 'Papers in that year (0 for a year without any).' }),
  }),
});

const TechniqueCount = builder.objectRef<TechniqueCountRow>('TechniqueCount').implement({
  description: 'A technique and how many papers introduce or use it.',
  fields: (t) => ({
    technique: t.field({ type: Technique, description: 'The technique.', resolve: (r) => r.technique }),
    paperCount: t.exposeInt('paperCount', {
      description: 'Distinct papers that introduce or use it directly.',
    }),
  }),
});

const AuthorCount = builder.objectRef<AuthorCountRow>('AuthorCount').implement({
  description: 'An author and how many papers they wrote.',
  fields: (t) => ({
    author: t.field({ type: Author, description: 'The author.', resolve: (r) => r.author }),
    paperCount: t.exposeInt('paperCount', { description: 'Papers in this graph that list them as author.' }),
  }),
});

const TopicCount = builder.objectRef<TopicCountRow>('TopicCount');
TopicCount.implement({
  description: 'A topic, how many papers are about it, and the same for its subtopics, down to the leaves.',
  fields: (t) => ({
    topic: t.field({ type: Topic, description: 'The topic.', resolve: (r) => r.topic }),
    paperCount: t.exposeInt('paperCount', {
      description:
        'Distinct papers about the topic or any topic below it, at every depth (a paper about two subtopics counts once).',
    }),
    children: t.field({
      type: [TopicCount],
      description:
        'Its direct subtopics with their counts and their own `children`, most papers first, then by name (empty for a leaf).',
      resolve: (r) => r.children,
    }),
  }),
});

const Stats = builder.objectRef<Record<string, never>>('Stats').implement({
  description: 'Aggregates over the whole graph, for dashboards. Every field is one query.',
  fields: (t) => ({
    papersPerYear: t.field({
      type: [YearCount],
      description:
        'Papers per publication year, ascending: every year from the first to the last paper, years without papers as 0.',
      resolve: (_s, _args, ctx) => ctx.stores.stats.papersPerYear(),
    }),
    topTechniques: t.field({
      type: [TechniqueCount],
      description:
        'Techniques by the number of distinct papers that introduce or use them directly, most first; ties by name. Techniques no paper mentions are left out.',
      args: {
        first: t.arg.int({ required: true, defaultValue: 10, description: 'How many (1..100).', validate: firstArg }),
      },
      resolve: (_s, args, ctx) => ctx.stores.stats.topTechniques(args.first),
    }),
    topAuthors: t.field({
      type: [AuthorCount],
      description:
        'Authors by number of papers, most first; ties by name. People only by default (as in `coauthors`): an organization credited on its reports (e.g. OpenAI) is not a researcher; `includeOrganizations` ranks them too.',
      args: {
        first: t.arg.int({ required: true, defaultValue: 10, description: 'How many (1..100).', validate: firstArg }),
        includeOrganizations: t.arg.boolean({
          required: true,
          defaultValue: false,
          description: 'Also rank organizations credited as authors.',
        }),
      },
      resolve: (_s, args, ctx) => ctx.stores.stats.topAuthors(args.first, args.includeOrganizations),
    }),
    topicBreakdown: t.field({
      type: [TopicCount],
      description:
        'Every root topic with its paper count and its subtopics (`children`, nested to any depth: four levels for OpenAlex topics) with theirs, most papers first, then by name; topics without papers included (count 0).',
      resolve: (_s, _args, ctx) => ctx.stores.stats.topicBreakdown(),
    }),
    techniqueAdoption: t.field({
      type: [YearCount],
      description:
        'Adoption of a technique over time: per year, the distinct papers that introduce or use it or any technique building on it (BUILDS_ON, transitively). Every year of the range is listed, 0 where none. Counts mined links (papers that mention it) unless `sources` leaves LINKER out; mined CONTRAST links only with `includeContrast: true`.',
      args: {
        technique: t.arg.string({
          required: true,
          description: 'Technique id, name or alias, e.g. "RLHF" or "technique:rlhf".',
        }),
        fromYear: t.arg.int({
          required: false,
          description: 'First year to list (default: the year of the earliest such paper).',
          validate: yearArg,
        }),
        toYear: t.arg.int({
          required: false,
          description: 'Last year to list (default: the year of the latest such paper).',
          validate: yearArg,
        }),
        ...provenanceArgs(),
      },
      resolve: async (_s, args, ctx) => {
        const fromYear = args.fromYear ?? null;
        const toYear = args.toYear ?? null;
        if (fromYear !== null && toYear !== null && fromYear > toYear) {
          throw badInput(`fromYear (${fromYear}) is after toYear (${toYear}); swap them.`, { argument: 'fromYear' });
        }
        const found = await ctx.stores.stats.techniqueAdoption(
          techniqueRef(args.technique),
          fromYear,
          toYear,
          edgeFilter(args),
        );
        if (!found) throw techniqueNotFound(args.technique);
        return found.series;
      },
    }),
  }),
});

builder.queryField('stats', (t) =>
  t.field({
    type: Stats,
    description: 'Counts and rankings over the whole graph, for dashboards.',
    resolve: () => ({}),
  }),
);
