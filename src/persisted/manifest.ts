import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The persisted-operations manifest (`operations.json`): sha256 of a document's
 * exact text → the document. `npm run operations:extract` writes it; a
 * client's codegen may write one in the same shape.
 */
export type Manifest = Record<string, string>;

/** The document `manifest` holds under `id`: its own entries only (`constructor` or `__proto__` is no id). */
export const manifestDocument = (manifest: Manifest, id: string): string | undefined =>
  Object.hasOwn(manifest, id) ? manifest[id] : undefined;

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** The manifest of `documents` (duplicates collapse), keys sorted so the file diffs well. */
export function manifestOf(documents: Iterable<string>): Manifest {
  const entries = [...new Set(documents)].map((doc) => [sha256(doc), doc] as const);
  return Object.fromEntries(entries.sort(([a], [b]) => (a < b ? -1 : 1)));
}

const fileSchema = z.record(z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 in hex'), z.string().min(1));

/** Read a manifest; every key must be the sha256 of its document. A missing file is an empty manifest. */
export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  const manifest = fileSchema.parse(JSON.parse(text));
  for (const [id, doc] of Object.entries(manifest)) {
    if (sha256(doc) !== id) throw new Error(`${file}: ${id} is not the sha256 of its document`);
  }
  return manifest;
}
