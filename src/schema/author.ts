import type { GraphQLResolveInfo } from 'graphql';
import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { type CoauthorRow, MAX_COLLABORATION_LENGTH } from '../db/stores/author-store.js';
import type { AuthorRow, Page, PaperRow } from '../db/stores/rows.js';
import { badInput, notFound } from '../errors.js';
import { between } from './arg-checks.js';
import { keyFrom } from './ids.js';
import { type LoadableRef, preloadedOr, rowFields } from './links.js';
import { connectionPaperLinks, selections } from './lookahead.js';
import { type ConnectionArgs, listSize, toConnection, windowFor } from './pagination.js';
import { Paper, PaperConnection } from './paper.js';

export const AuthorKind = builder.enumType('AuthorKind', {
  description: 'A person, or an organization credited as author (e.g. OpenAI on its technical reports).',
  values: {
    PERSON: { value: 'person', description: 'A person.' },
    ORGANIZATION: { value: 'organization', description: 'An organization.' },
  } as const,
});

export const Author = builder.loadableNode('Author', {
  description: 'An author: a person or an organization. `key` is the readable id such as `author:ilya-sutskever`.',
  id: { resolve: (a: AuthorRow) => a.id },
  load: (ids: string[], ctx) => ctx.stores.authors.byIds(ids),
  sort: (a) => a.id,
  isTypeOf: (a) => (a as AuthorRow).__type === 'Author',
  // Rows may carry only the selected properties (lookahead.ts); fromRow loads the rest by id.
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `author:ilya-sutskever`.' }),
    name: t.string({ description: 'The name as usually written on papers.', resolve: authorField('name') }),
    kind: t.field({ type: AuthorKind, description: 'Person or organization.', resolve: authorField('kind') }),
    aliases: t.stringList({
      description: 'Other spellings seen on bylines (e.g. "Harri Edwards").',
      resolve: authorField('aliases'),
    }),
  }),
});

const authorField = rowFields<AuthorRow>(authorNodeRef);
function authorNodeRef(): LoadableRef {
  return Author;
}

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

// Fetched with the author when the paper above asked for them (lookahead.ts), else batched per path.
const papersOf = preloadedOr<Page<PaperRow>, ConnectionArgs>(
  (ids, ctx, args, info) => ctx.stores.authors.papersOf(ids, windowFor(args), connectionPaperLinks(info)),
  true,
);
// The shared papers are fetched only when `papers` is selected under `coauthors`.
const coauthorsOf = preloadedOr<CoauthorRow[], { first: number; includeOrganizations: boolean }>(
  (ids, ctx, args, info) =>
    ctx.stores.authors.coauthorsOf(ids, { ...args, papers: selections(info, ['papers']).length > 0 }),
  true,
);
const coauthorArgsKey = (args: { first?: unknown; includeOrganizations?: unknown }, papers: boolean) =>
  `${args.first}:${args.includeOrganizations}:${papers}`;

/** An author row that may carry its co-authors, fetched with it by the root `author` field. */
type AuthorWithCoauthors = AuthorRow & { coauthors?: CoauthorRow[]; coauthorsKey?: string };

/** The root `author` lookup, with `coauthors` in the same query when selected once with valid arguments. */
async function authorById(id: string, ctx: Context, info: GraphQLResolveInfo): Promise<AuthorRow | null> {
  const wanted = selections(info, ['coauthors']);
  const args = wanted.length === 1 ? (wanted[0] as { first: number; includeOrganizations: boolean }) : null;
  if (!args || args.first < 1 || args.first > 100) return (await ctx.stores.authors.byIds([id]))[0];
  const papers = selections(info, ['coauthors', 'papers']).length > 0;
  const [row] = await ctx.stores.authors.byIdsWithCoauthors([id], { ...args, papers });
  if (!row) return null;
  const withCoauthors: AuthorWithCoauthors = { ...row, coauthorsKey: coauthorArgsKey(args, papers) };
  return withCoauthors;
}

builder.objectFields(Author, (t) => ({
  papers: t.field({
    type: PaperConnection,
    description: 'Papers by this author, newest first.',
    args: t.arg.connectionArgs(),
    resolve: async (a, args, ctx, info) => {
      const window = windowFor(args);
      const { papersPage } = a;
      const preloaded =
        papersPage && papersPage.skip === window.skip && papersPage.limit === window.limit ? papersPage : undefined;
      return toConnection(await papersOf(preloaded, a.id, args, ctx, info), window);
    },
  }),
  coauthors: t.field({
    type: [Coauthor],
    description: 'Co-authors ranked by papers shared (then by name), each with the shared papers.',
    args: {
      first: t.arg.int({
        required: true,
        defaultValue: 10,
        description: 'How many (1..100).',
        validate: listSize,
      }),
      includeOrganizations: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: 'Also list organizations credited as authors.',
      }),
    },
    resolve: (a, args, ctx, info) => {
      const { coauthors, coauthorsKey } = a as AuthorWithCoauthors;
      const papers = selections(info, ['papers']).length > 0;
      const preloaded = coauthorsKey === coauthorArgsKey(args, papers) ? coauthors : undefined;
      return coauthorsOf(preloaded, a.id, args, ctx, info);
    },
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
      const author = args.id
        ? await authorById(keyFrom(args.id, 'Author'), ctx, info)
        : await ctx.stores.authors.byName(args.name as string);
      if (!author) throw notFound(`No author with ${args.id ? `id "${args.id}"` : `name "${args.name}"`}.`);
      return author;
    },
  }),
  authors: t.connection({
    type: Author,
    description: 'All authors, by name.',
    resolve: async (_root, args, ctx) => {
      const window = windowFor(args);
      return toConnection(await ctx.stores.authors.list(window), window);
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
        steps: path.papers.map((paper, i) => ({ from: path.authors[i], to: path.authors[i + 1], paper })),
      };
    },
  }),
}));
