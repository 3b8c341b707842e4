import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { bulkSourceInputs } from '../../src/ingest/source/command.js';

const src = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'sources', name);
const pg = path.join(repoRoot, 'test', 'fixtures', 'ingest-cli.ndjson');
const fail = (message: string): never => {
  throw new Error(message);
};

describe('npm run import -- --bulk --format …: the source inputs', () => {
  it('takes a named format as one group, in the order given', async () => {
    const files = [src('openalex-edge-cases.jsonl'), src('openalex-edge-cases.jsonl')];
    expect(await bulkSourceInputs(files, { format: 'openalex', authorMerge: 'corroborated' }, fail)).toEqual([
      { format: 'openalex', files },
    ]);
  });

  it('auto: detects each file and groups consecutive files of one format', async () => {
    const files = [src('openalex-edge-cases.jsonl'), src('openalex-edge-cases.jsonl'), src('s2-edge-cases.jsonl')];
    const inputs = await bulkSourceInputs(files, { format: 'auto', authorMerge: 'name' }, fail);
    expect(inputs).toEqual([
      { format: 'openalex', files: files.slice(0, 2) },
      { format: 's2', files: files.slice(2) },
    ]);
  });

  it('auto: only papergraph files are the papergraph bulk load; a mix is refused, naming the file', async () => {
    expect(await bulkSourceInputs([pg], { format: 'auto', authorMerge: 'corroborated' }, fail)).toBeUndefined();
    await expect(
      bulkSourceInputs([src('s2-edge-cases.jsonl'), pg], { format: 'auto', authorMerge: 'corroborated' }, fail),
    ).rejects.toThrow(/ingest-cli\.ndjson holds papergraph.*not both/);
  });

  it('refuses an unknown format or author-merge mode', async () => {
    await expect(bulkSourceInputs([pg], { format: 'mods', authorMerge: 'corroborated' }, fail)).rejects.toThrow(
      /--format takes/,
    );
    await expect(bulkSourceInputs([pg], { format: 'openalex', authorMerge: 'loose' }, fail)).rejects.toThrow(
      /--author-merge takes strict, corroborated, name/,
    );
  });
});
