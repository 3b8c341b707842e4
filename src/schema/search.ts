import { z } from 'zod';
import { builder } from '../builder.js';
import { luceneQuery, type SearchHitRow, type SearchPlans, searchTypes } from '../db/stores/search-store.js';
import { badInput } from '../errors.js';
import { Author } from './author.js';
import { planRowsAs } from './lookahead.js';
import { Paper } from './paper.js';
import { Technique } from './technique.js';
import { Topic } from './topic.js';

const MAX_QUERY_LENGTH = 500;

const SearchType = builder.enumType('SearchType', {
  description: 'The kinds of node `search` can return.',
  values: {
    PAPER: { description: 'Papers, by title (weighted ×3) and abstract.' },
    AUTHOR: { description: 'Authors, by name and aliases.' },
    TOPIC: { description: 'Topics, by name (weighted ×3) and description.' },
    TECHNIQUE: { description: 'Techniques, by name and aliases (weighted ×3) and description.' },
  } as const,
});

/** The GraphQL type of each kind of hit. */
const typeOf = { PAPER: Paper, AUTHOR: Author, TOPIC: Topic, TECHNIQUE: Technique } as const;

const SearchResult = builder.unionType('SearchResult', {
  description: 'Anything `search` can find: a paper, author, topic or technique.',
  types: () => [Paper, Author, Topic, Technique],
  resolveType: (node) => (node as { __type: string }).__type,
});

const SearchHit = builder.objectRef<SearchHitRow>('SearchHit').implement({
  description: 'One search result and how well it matched.',
  fields: (t) => ({
    score: t.exposeFloat('score', {
      description:
        'Full-text relevance (Lucene BM25, with names, titles and aliases weighted ×3); higher is better. Only meaningful within one search.',
    }),
    node: t.field({
      type: SearchResult,
      nullable: true,
      description: 'The matching paper, author, topic or technique.',
      resolve: (hit) => hit.node,
    }),
  }),
});

builder.queryField('search', (t) =>
  t.field({
    type: [SearchHit],
    description:
      'Full-text search over papers, authors, topics and techniques (aliases included: "RLHF" finds the technique), best match first; ties by id. Words are matched literally (no query syntax).',
    args: {
      query: t.arg.string({
        required: true,
        description: `The words to look for, e.g. "RLHF" or "GPT-4 Technical Report" (at most ${MAX_QUERY_LENGTH} characters).`,
        validate: z
          .string()
          .trim()
          .min(1, 'give some words to search for, e.g. "RLHF"')
          .max(MAX_QUERY_LENGTH, `use at most ${MAX_QUERY_LENGTH} characters`),
      }),
      types: t.arg({
        type: [SearchType],
        required: false,
        description: 'Only these kinds of node (default: all four).',
        validate: z
          .array(z.enum(searchTypes))
          .min(1, 'list at least one type, or leave `types` out to search all')
          .nullish(),
      }),
      first: t.arg.int({
        required: true,
        defaultValue: 10,
        description: 'How many hits (1..100).',
        validate: z.number().int().min(1, 'must be between 1 and 100').max(100, 'must be between 1 and 100'),
      }),
    },
    resolve: (_root, args, ctx, info) => {
      if (!luceneQuery(args.query)) {
        throw badInput(`"${args.query}" has no words to search for (AND, OR and NOT alone are not searchable).`, {
          argument: 'query',
        });
      }
      const types = args.types ?? searchTypes;
      // Each kind of hit read as its fragments select it (lookahead.ts): only the selected properties and links.
      const plans: SearchPlans = Object.fromEntries(
        types.map((type) => [type, planRowsAs(ctx, info, ['node'], typeOf[type].name)]),
      );
      return ctx.stores.search.search(args.query, types, args.first, plans);
    },
  }),
);
