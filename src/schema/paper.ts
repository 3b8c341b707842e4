import { builder } from '../builder.js';
import type { PaperRow } from '../db/stores/paper-store.js';
import { notFound } from '../errors.js';

export const PaperKind = builder.enumType('PaperKind', {
  description: 'What sort of publication a paper is.',
  values: {
    PAPER: { value: 'paper', description: 'A research paper.' },
    TECHNICAL_REPORT: {
      value: 'technical_report',
      description: 'A technical report, e.g. the GPT-4 Technical Report.',
    },
    SYSTEM_CARD: {
      value: 'system_card',
      description: 'A system card describing a deployed model and its safety work.',
    },
  } as const,
});

export const Paper = builder.loadableNode('Paper', {
  description:
    'A paper, technical report or system card. Its `id` is a global Relay id; `key` is the readable id such as `arxiv:2303.08774`.',
  id: { resolve: (p: PaperRow) => p.id },
  load: (ids: string[], ctx) => ctx.stores.papers.byIds(ids),
  sort: (p) => p.id,
  fields: (t) => ({
    key: t.exposeString('id', { description: 'The readable, stable id, e.g. `arxiv:2303.08774`.' }),
    title: t.exposeString('title', { description: 'The title as published.' }),
    abstract: t.exposeString('abstract', { nullable: true, description: 'The abstract as published, when known.' }),
    published: t.exposeString('published', { description: 'Date of first publication (arXiv v1), ISO `YYYY-MM-DD`.' }),
    year: t.exposeInt('year', { description: 'Year of first publication.' }),
    arxivId: t.exposeString('arxivId', { nullable: true, description: 'The arXiv identifier, e.g. `2303.08774`.' }),
    url: t.exposeString('url', { nullable: true, description: 'Where to read it.' }),
    kind: t.expose('kind', { type: PaperKind, description: 'Paper, technical report or system card.' }),
    citationCount: t.exposeInt('citationCount', { description: 'How many papers in this graph cite it.' }),
  }),
});

builder.queryField('paper', (t) =>
  t.field({
    type: Paper,
    nullable: true,
    description:
      'One paper, by readable id (`arxiv:2303.08774`) or by arXiv id (`2303.08774`). Unknown ids answer null with a NOT_FOUND error.',
    args: {
      id: t.arg.id({ required: false, description: 'Readable id such as `arxiv:2303.08774`, or a global Relay id.' }),
      arxivId: t.arg.string({ required: false, description: 'arXiv identifier such as `2303.08774`.' }),
    },
    resolve: async (_root, args, ctx) => {
      if (!args.id && !args.arxivId) throw notFound('Give `id` or `arxivId`.');
      const paper = args.id
        ? (await ctx.stores.papers.byIds([args.id]))[0]
        : await ctx.stores.papers.byArxivId(args.arxivId as string);
      if (!paper) throw notFound(`No paper with ${args.id ? `id "${args.id}"` : `arXiv id "${args.arxivId}"`}.`);
      return paper;
    },
  }),
);
