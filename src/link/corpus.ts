import path from 'node:path';
import { z } from 'zod';
import { readLines } from '../ingest/read.js';
import { type EdgeRecord, type PaperRecord, record, type TechniqueRecord } from '../ingest/records.js';
import type { VocabularyEntry } from './types.js';

/** One gold-standard link (test/fixtures/linker-gold.ndjson), with where its technique is named and why it holds. */
export const goldEntry = z
  .object({
    paper: z.string(),
    technique: z.string(),
    relation: z.enum(['USES', 'INTRODUCES']),
    /** `curated`: a USES/INTRODUCES edge of the curated seed; `reviewed`: a true mention the seed lacks. */
    origin: z.enum(['curated', 'reviewed']),
    /** Where the title or abstract names the technique (by a human reading), or null when it is only described. */
    named: z.enum(['title', 'abstract']).nullable(),
    kind: z.enum(['MENTION', 'CONTRAST']).optional(),
    reason: z.string().min(1),
  })
  .strict();
export type GoldEntry = z.infer<typeof goldEntry>;

export interface SeedCorpus {
  techniques: TechniqueRecord[];
  papers: PaperRecord[];
  edges: EdgeRecord[];
}

/** The vocabulary the linker compiles: every technique's name and aliases. */
export const vocabularyOf = (
  techniques: readonly Pick<TechniqueRecord, 'id' | 'name' | 'aliases'>[],
): VocabularyEntry[] => techniques.map((t) => ({ techniqueId: t.id, name: t.name, aliases: t.aliases ?? [] }));

/** Reads an import-format directory (seed/*.ndjson) with the ingest reader; records are validated by the import schema. */
export async function readCorpus(files: string[]): Promise<SeedCorpus> {
  const corpus: SeedCorpus = { techniques: [], papers: [], edges: [] };
  for (const file of files) {
    for await (const line of readLines(file)) {
      const r = record.parse(JSON.parse(line.text));
      if (r.type === 'technique') corpus.techniques.push(r);
      else if (r.type === 'paper') corpus.papers.push(r);
      else if (r.type === 'edge') corpus.edges.push(r);
    }
  }
  return corpus;
}

export const seedCorpusFiles = (dir: string) =>
  ['techniques', 'papers', 'edges'].map((name) => path.join(dir, `${name}.ndjson`));

/** Reads the gold file. */
export async function readGold(file: string): Promise<GoldEntry[]> {
  const out: GoldEntry[] = [];
  for await (const line of readLines(file)) out.push(goldEntry.parse(JSON.parse(line.text)));
  return out;
}
