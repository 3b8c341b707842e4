import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { AuthorRow } from '../db/stores/author-rows.js';
import {
  type CoauthorInput,
  type CoauthorRow,
  coauthorsOfAuthor,
  MAX_COLLABORATION_LENGTH,
  papersOfAuthor,
} from '../db/stores/author-store.js';
import type { PaperRow } from '../db/stores/paper-rows.js';
import { badInput, notFound } from '../errors.js';
import { between } from './arg-checks.js';
import { keyFrom } from './ids.js';
import { paperPageRelation, propertiesOf, relation } from './links.js';
import { rankedListArgs, validListSize } from './list-args.js';
import { CONNECTION_ROWS, planRows } from './lookahead.js';
import { toConnection, windowFor } from './pagination.js';
import { Paper, PaperConnection } from './paper.js';

export const AuthorKind = builder.enumType('AuthorKind', {
  description: 'A person, or an organization credited as author (e.g. OpenAI on its technical reports).',
  values: {
    PERSON: { value: 'person', description: 'A person.' },
    ORGANIZATION: { value: 'organization', description: 'An organization.' },
  } as const,
});

const loadAuthors = (ids: string[], ctx: Context) => ctx.stores.authors.byIds(ids);
const authorField = propertiesOf<AuthorRow>(loadAuthors);

export const Author = builder.loadableNode('Author', {
  description: 'An author: a person or an organization. `key` is the readable id such as `author:ilya-sutskever`.',
  id: { resolve: (a: AuthorRow) => a.id },
  load: loadAuthors,
  sort: (a) => a.id,
  isTypeOf: (a) => (a as AuthorRow).__type === 'Author',
  // Each scalar declares the property it reads: rows carry only the selected ones (lookahead.ts).
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `author:ilya-sutskever`.' }),
    name: t.string({ description: 'The name as usually written on papers.', ...authorField('name') }),
    kind: t.field({ type: AuthorKind, description: 'Person or organization.', ...authorField('kind') }),
    aliases: t.stringList({
      description: 'Other spellings seen on bylines (e.g. "Harri Edwards").',
      ...authorField('aliases'),
    }),
  }),
});

const Coauthor = builder.objectRef<CoauthorRow>('Coauthor').implement({
  description: 'Someone who wrote papers with an author, and those papers.',
  fields: (t) => ({
    author: t.field({ type: Author, description: 'The co-author.', resolve: (c) => c.author }),
    sharedPapers: t.exposeInt('sharedPapers', { description: 'How many papers they wrote together.' }),
    papers: t.field({
      type: [Paper],
      description: 'Those papers, newest first.',
      // Fetched whenever this field is selected (see coauthorsOf); absent only if that rule broke.
      resolve: (c) => {
        if (!c.papers) throw new Error('shared papers were not fetched for a selection that asks for them');
        return c.papers;
      },
    }),
  }),
});

// Relations fetched with the author when the query above selects them (lookahead.ts), else batched per path.
const papers = paperPageRelation<AuthorRow>('papers', papersOfAuthor, (ctx, ids, window, plan) =>
  ctx.stores.authors.papersOf(ids, window, plan),
);
const coauthors = relation<AuthorRow, CoauthorInput, CoauthorInput, CoauthorRow[]>({
  slot: 'coauthors',
  link: coauthorsOfAuthor,
  key: ({ first, includeOrganizations }) => (validListSize(first) ? { first, includeOrganizations } : undefined),
  rows: [],
  // The shared papers are fetched only when `papers` is selected under `coauthors`.
  flags: { papers: ['papers'] },
  fallback: (ids, ctx, args, plan) => ctx.stores.authors.coauthorsOf(ids, args, plan),
});

builder.objectFields(Author, (t) => ({
  papers: t.field({
    type: PaperConnection,
    description: 'Papers by this author, newest first.',
    args: t.arg.connectionArgs(),
    ...papers,
  }),
  coauthors: t.field({
    type: [Coauthor],
    description: 'Co-authors ranked by papers shared (then by name), each with the shared papers.',
    args: {
      ...rankedListArgs,
      includeOrganizations: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: 'Also list organizations credited as authors.',
      }),
    },
    extensions: coauthors.extensions,
    resolve: (a, args, ctx, info) => coauthors.resolve(a, args, ctx, info),
  }),
}));

const CollaborationStep = builder
  .objectRef<{ from: AuthorRow; to: AuthorRow; paper: PaperRow }>('CollaborationStep')
  .implement({
    description: 'Two consecutive authors on a collaboration path and the paper they wrote together.',
    fields: (t) => ({
      from: t.field({ type: Author, description: 'The author before.', resolve: (s) => s.from }),
      to: t.field({ type: Author, description: 'The author after.', resolve: (s) => s.to }),
      paper: t.field({ type: Paper, description: 'A paper both wrote.', resolve: (s) => s.paper }),
    }),
  });

const CollaborationPath = builder
  .objectRef<{ authors: AuthorRow[]; steps: { from: AuthorRow; to: AuthorRow; paper: PaperRow }[] }>(
    'CollaborationPath',
  )
  .implement({
    description: 'The shortest chain of co-authorship between two authors (organizations are never intermediaries).',
    fields: (t) => ({
      length: t.int({
        description: 'Number of co-authorship steps (0 when from = to).',
        resolve: (p) => p.steps.length,
      }),
      authors: t.field({
        type: [Author],
        description: 'The authors in order, from first to last.',
        resolve: (p) => p.authors,
      }),
      steps: t.field({
        type: [CollaborationStep],
        description: 'Each consecutive pair and the paper linking them.',
        resolve: (p) => p.steps,
      }),
    }),
  });

builder.queryFields((t) => ({
  author: t.field({
    type: Author,
    nullable: true,
    description:
      'One author by id (`author:ilya-sutskever` or a global id) or by name (case-insensitive, aliases too).',
    args: {
      id: t.arg.id({ required: false, description: 'Readable or global id.' }),
      name: t.arg.string({ required: false, description: 'Name or alias, e.g. "Ilya Sutskever".' }),
    },
    resolve: async (_root, args, ctx, info) => {
      if (!args.id && !args.name) throw badInput('Give `id` or `name`.');
      const plan = planRows(ctx, info, [[]], true);
      const author = args.id
        ? (await ctx.stores.authors.byIds([keyFrom(args.id, 'Author')], plan))[0]
        : await ctx.stores.authors.byName(args.name as string, plan);
      if (!author) throw notFound(`No author with ${args.id ? `id "${args.id}"` : `name "${args.name}"`}.`);
      return author;
    },
  }),
  authors: t.connection({
    type: Author,
    description: 'All authors, by name.',
    resolve: async (_root, args, ctx, info) => {
      const window = windowFor(args);
      return toConnection(await ctx.stores.authors.list(window, planRows(ctx, info, CONNECTION_ROWS)), window);
    },
  }),
  collaborationPath: t.field({
    type: CollaborationPath,
    nullable: true,
    description:
      'Who connects two authors: the shortest chain of co-authorships, with the paper behind each link; null when none within `maxLength` steps.',
    args: {
      from: t.arg.id({ required: true, description: 'Author id to start from.' }),
      to: t.arg.id({ required: true, description: 'Author id to reach.' }),
      maxLength: t.arg.int({
        required: true,
        defaultValue: 6,
        description: `Most steps to consider (1..${MAX_COLLABORATION_LENGTH}).`,
        validate: between('maxLength', 1, MAX_COLLABORATION_LENGTH),
      }),
    },
    resolve: async (_root, args, ctx) => {
      const from = keyFrom(args.from, 'Author');
      const to = keyFrom(args.to, 'Author');
      const result = await ctx.stores.authors.collaborationPath(from, to, args.maxLength);
      if (!result.found) throw notFound(`No author with id "${result.missing === 'from' ? args.from : args.to}".`);
      const { path } = result;
      if (!path) return null;
      return {
        authors: path.authors,
        steps: path.papers.map((paper, i) => {
          const from = path.authors[i];
          const to = path.authors[i + 1];
          if (!from || !to)
            throw new Error(`a collaboration path of ${path.authors.length} authors has no step ${i + 1}`);
          return { from, to, paper };
        }),
      };
    },
  }),
}));
