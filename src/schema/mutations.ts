import { z } from 'zod';
import { builder } from '../builder.js';
import type { AddLineageResult, MissingNode } from '../db/stores/write-store.js';
import { badInput, notFound } from '../errors.js';
import { authorRecord, edgeRecord, paperRecord, techniqueRecord } from '../ingest/records.js';
import { AuthorKind } from './author.js';
import { keyFrom } from './ids.js';
import { LineageRelation, LineageStep } from './lineage-step.js';
import { Paper } from './paper.js';
import { PaperKind } from './paper-inputs.js';

/**
 * Writes through the API. Inputs are validated with the import format's zod
 * schemas (src/ingest/records.ts), so a paper or an edge is valid here exactly
 * when it would be valid in an import file.
 */

/** GraphQL sends null for an optional field given as null; zod's optional() wants it absent. */
const withoutNulls = (value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null))
    : value;

const distinct = (ids: string[]) => new Set(ids).size === ids.length;

const techniqueLink = z.object({
  technique: techniqueRecord.shape.id,
  evidence: edgeRecord.shape.evidence,
  confidence: edgeRecord.shape.confidence,
});
const techniqueLinks = z
  .array(techniqueLink)
  .max(100)
  .default([])
  .refine((links) => distinct(links.map((l) => l.technique)), 'lists a technique more than once');

const newAuthor = z.preprocess(withoutNulls, authorRecord.pick({ id: true, name: true, kind: true }));

const paperInput = z.preprocess(
  (value) => ({ type: 'paper', ...(withoutNulls(value) as object) }),
  paperRecord
    .extend({
      newAuthors: z
        .array(newAuthor)
        .max(100)
        .default([])
        .refine((authors) => distinct(authors.map((a) => a.id)), 'lists an author more than once'),
      introduces: techniqueLinks,
      uses: techniqueLinks,
    })
    .refine((p) => p.newAuthors.every((a) => p.authors.includes(a.id)), {
      path: ['newAuthors'],
      message: 'every new author must also be listed in `authors` (which gives the byline order)',
    }),
);

const TechniqueLinkInput = builder.inputType('TechniqueLinkInput', {
  description: 'A technique the paper introduces or uses, with the evidence for that link.',
  fields: (t) => ({
    technique: t.id({ required: true, description: 'Technique id, e.g. `technique:rlhf` (must exist).' }),
    evidence: t.string({ required: true, description: 'Why the link holds, in one sentence (1..1000 characters).' }),
    confidence: t.float({ required: true, description: 'How sure you are, 0..1.' }),
  }),
});

const NewAuthorInput = builder.inputType('NewAuthorInput', {
  description: 'An author to create along with the paper (left unchanged if the id already exists).',
  fields: (t) => ({
    id: t.id({ required: true, description: 'The new author’s id, e.g. `author:jane-doe`.' }),
    name: t.string({ required: true, description: 'The name as written on papers.' }),
    kind: t.field({ type: AuthorKind, required: false, description: 'Person (default) or organization.' }),
  }),
});

const PaperInput = builder
  .inputType('PaperInput', {
    description:
      'A paper to create or replace, with the same rules as a `paper` record in an import file. Ids are readable keys (`arxiv:…`, `author:…`). Authors, topics and technique links become exactly the ones given: links left out are removed.',
    fields: (t) => ({
      id: t.id({
        required: true,
        description: 'Readable id, e.g. `arxiv:2501.00001` (not author:/topic:/technique:).',
      }),
      title: t.string({ required: true, description: 'The title as published.' }),
      abstract: t.string({ required: false, description: 'The abstract.' }),
      published: t.string({ required: true, description: 'Date of first publication, `YYYY-MM-DD`.' }),
      arxivId: t.string({ required: false, description: 'arXiv identifier, e.g. `2501.00001`.' }),
      url: t.string({ required: false, description: 'Where to read it (an absolute URL).' }),
      kind: t.field({
        type: PaperKind,
        required: false,
        description: 'Paper (default), technical report or system card.',
      }),
      authors: t.idList({
        required: true,
        description: 'Author ids in byline order; each must exist or be listed in `newAuthors`.',
      }),
      newAuthors: t.field({
        type: [NewAuthorInput],
        required: false,
        description: 'Authors to create first (each must also appear in `authors`).',
      }),
      topics: t.idList({ required: false, description: 'Ids of existing topics the paper is about.' }),
      introduces: t.field({
        type: [TechniqueLinkInput],
        required: false,
        description: 'Techniques the paper introduces (INTRODUCES), with evidence.',
      }),
      uses: t.field({
        type: [TechniqueLinkInput],
        required: false,
        description: 'Techniques the paper uses (USES), with evidence.',
      }),
    }),
  })
  .validate(paperInput);

const DeletePaperPayload = builder
  .objectRef<{ deletedId: string; relationshipsDeleted: number }>('DeletePaperPayload')
  .implement({
    description: 'What `deletePaper` removed.',
    fields: (t) => ({
      deletedId: t.exposeID('deletedId', { description: 'The readable id of the deleted paper.' }),
      relationshipsDeleted: t.exposeInt('relationshipsDeleted', {
        description: 'Relationships removed with it (authorship, topics, technique links, citations both ways).',
      }),
    }),
  });

const listMissing = (missing: MissingNode[]) => missing.map((m) => `${m.label.toLowerCase()} "${m.id}"`).join(', ');

function lineageProblem(
  result: Exclude<AddLineageResult, { ok: true }>,
  args: { relation: string; from: string; to: string },
) {
  const { relation, from, to } = args;
  if (result.problem === 'cycle') {
    return badInput(
      `BUILDS_ON ${from} → ${to} would close a cycle: ${result.cycle.join(' → ')}. Lineage must stay acyclic.`,
      { cycle: result.cycle },
    );
  }
  const describe = (id: string, labels: string[]) =>
    labels.length ? `"${id}" is a ${labels.join('/')}` : `"${id}" is not in the graph`;
  return badInput(
    `${relation} links a ${result.expected.from} to a ${result.expected.to}, but ${describe(from, result.found.from)} and ${describe(to, result.found.to)}.`,
  );
}

builder.mutationFields((t) => ({
  upsertPaper: t.field({
    type: Paper,
    authScopes: { writer: true },
    description:
      'Create a paper or replace one (by id): its properties, authors in order, topics and INTRODUCES/USES links (provenance "api"). Unknown ids are a BAD_USER_INPUT listing them, and nothing is written.',
    args: { input: t.arg({ type: PaperInput, required: true, description: 'The paper.' }) },
    resolve: async (_root, { input }, ctx) => {
      const result = await ctx.stores.writes.upsertPaper({
        paper: input,
        newAuthors: input.newAuthors,
        introduces: input.introduces,
        uses: input.uses,
      });
      if (!result.ok) {
        throw badInput(`Not in the graph: ${listMissing(result.missing)}. Create them first; nothing was written.`, {
          missing: result.missing,
        });
      }
      return result.paper;
    },
  }),
  addLineage: t.field({
    type: LineageStep,
    authScopes: { writer: true },
    description:
      'Record a lineage edge (MERGE: adding it again updates evidence and confidence), provenance "api". INTRODUCES/USES link a paper to a technique, BUILDS_ON two techniques (never into a cycle), CITES two papers (keeping `citationCount` current). Ids are readable keys.',
    args: t.validate(
      {
        from: t.arg.id({ required: true, description: 'Where the edge starts, e.g. `arxiv:2203.02155`.' }),
        to: t.arg.id({ required: true, description: 'Where it ends, e.g. `technique:rlhf`.' }),
        relation: t.arg({ type: LineageRelation, required: true, description: 'What kind of edge.' }),
        evidence: t.arg.string({ required: true, description: 'Why it holds, in one sentence (1..1000 characters).' }),
        confidence: t.arg.float({ required: true, description: 'How sure you are, 0..1.' }),
      },
      z.preprocess((args) => ({ type: 'edge', ...(args as object) }), edgeRecord),
    ),
    resolve: async (_root, args, ctx) => {
      const result = await ctx.stores.writes.addLineage(args);
      if (!result.ok) throw lineageProblem(result, args);
      return result.step;
    },
  }),
  deletePaper: t.field({
    type: DeletePaperPayload,
    authScopes: { writer: true },
    description:
      'Delete a paper and all its relationships (authors and topics stay). Papers it cited get their `citationCount` lowered.',
    args: { id: t.arg.id({ required: true, description: 'Readable id (`arxiv:…`) or global id of the paper.' }) },
    resolve: async (_root, args, ctx) => {
      const deleted = await ctx.stores.writes.deletePaper(keyFrom(args.id, 'Paper'));
      if (!deleted) throw notFound(`No paper with id "${args.id}"; nothing was deleted.`);
      return deleted;
    },
  }),
}));
