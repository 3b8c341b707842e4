import { z } from 'zod';
import { lineageRelations } from '../graph/derive.js';
import { authorKinds, paperKinds } from '../graph/model.js';

/**
 * The one import format: newline-delimited JSON, one record per line.
 * Node records (author, topic, technique, paper) and edge records (edge) may
 * appear in any order across the files of one import; references are checked
 * against the ids in the import plus the ids already in the graph.
 */

export const idPattern = /^[a-z][a-z0-9-]*:[A-Za-z0-9._\-/]+$/;
export const idSchema = z
  .string()
  .regex(idPattern, 'must look like "prefix:local-id", e.g. "technique:rlhf" or "arxiv:2303.08774"');

const text = (max: number) => z.string().trim().min(1).max(max);

/** A list of ids without repeats (a repeated author or topic would be one relationship). */
const idList = (max: number) =>
  z
    .array(idSchema)
    .max(max)
    .refine((ids) => new Set(ids).size === ids.length, 'lists an id more than once');

/** Prefixes that name the other node types; a paper id may use any other prefix (arxiv:, doi:, …). */
const reservedPrefixes = ['author:', 'topic:', 'technique:'];

export const authorRecord = z
  .object({
    type: z.literal('author'),
    id: idSchema.refine((v) => v.startsWith('author:'), 'author ids start with "author:"'),
    name: text(200),
    kind: z.enum(authorKinds).default('person'),
    aliases: z.array(text(200)).max(20).default([]),
  })
  .strict();

export const topicRecord = z
  .object({
    type: z.literal('topic'),
    id: idSchema.refine((v) => v.startsWith('topic:'), 'topic ids start with "topic:"'),
    name: text(200),
    description: text(2000).optional(),
    /** SUBTOPIC_OF: the id of the parent topic, if any. */
    parent: idSchema.optional(),
  })
  .strict();

export const techniqueRecord = z
  .object({
    type: z.literal('technique'),
    id: idSchema.refine((v) => v.startsWith('technique:'), 'technique ids start with "technique:"'),
    name: text(200),
    aliases: z.array(text(200)).max(20).default([]),
    description: text(2000),
    /** IN_TOPIC: topic ids. */
    topics: idList(20).default([]),
  })
  .strict();

export const paperRecord = z
  .object({
    type: z.literal('paper'),
    id: idSchema.refine(
      (v) => !reservedPrefixes.some((p) => v.startsWith(p)),
      'paper ids must not start with author:, topic: or technique:',
    ),
    title: text(500),
    abstract: text(10000).optional(),
    /** ISO date of first publication (arXiv v1 where there is one). */
    published: z.iso.date(),
    arxivId: z
      .string()
      .regex(/^(\d{4}\.\d{4,5}|[a-z-]+\/\d{7})$/, 'an arXiv id like 2303.08774')
      .optional(),
    url: z.url().optional(),
    kind: z.enum(paperKinds).default('paper'),
    /** AUTHORED: author ids in byline order. */
    authors: idList(5000).refine((ids) => ids.length > 0, 'needs at least one author'),
    /** ABOUT: topic ids. */
    topics: idList(50).default([]),
  })
  .strict();

export type { LineageRelation } from '../graph/model.js';

export const edgeRecord = z
  .object({
    type: z.literal('edge'),
    relation: z.enum(lineageRelations),
    from: idSchema,
    to: idSchema,
    /** One short sentence on why the edge holds. */
    evidence: text(1000),
    confidence: z.number().min(0).max(1),
    /** Defaults to "curated" for the seed and "import:<file>" for imports. */
    source: text(200).optional(),
    recordedAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((e) => e.from !== e.to, { path: ['to'], message: 'an edge cannot point at its own start' });

export const record = z.discriminatedUnion('type', [
  authorRecord,
  topicRecord,
  techniqueRecord,
  paperRecord,
  edgeRecord,
]);

export type AuthorRecord = z.infer<typeof authorRecord>;
export type TopicRecord = z.infer<typeof topicRecord>;
export type TechniqueRecord = z.infer<typeof techniqueRecord>;
export type PaperRecord = z.infer<typeof paperRecord>;
export type EdgeRecord = z.infer<typeof edgeRecord>;
export type ImportRecord = z.infer<typeof record>;
