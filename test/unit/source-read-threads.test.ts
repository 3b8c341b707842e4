import { appendFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSourceFile } from '../../bench/generate/source-formats.js';
import type { SourceFormat, Work } from '../../src/ingest/formats/work.js';
import { ConvertPool } from '../../src/ingest/source/convert-pool.js';
import { readPass } from '../../src/ingest/source/read-pass.js';
import { CiteSpill, Spill } from '../../src/ingest/source/spill.js';
import { fixture } from '../fixtures/ingest-db.js';

// The read pass converting on worker threads (src/ingest/source/convert-pool.ts) gives what it
// gives on one thread: the same id table, merges, problems, rejects file and temp files, byte for
// byte, with records sent round-robin to two workers in many chunks.

const cases: [SourceFormat, string, string][] = [
  ['openalex', 'openalex-edge-cases.jsonl', '{"broken": \n{"id": 5}\n'],
  ['s2', 's2-edge-cases.jsonl', '{"broken": \n{"paperId": 5}\n'],
  ['arxiv', 'arxiv-edge-cases.jsonl', '{"broken": \n{"id": 5}\n'],
  ['bibtex', 'bibtex-edge-cases.bib', '@article{untitled, year = {2020}}\n'],
];

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'papergraph-read-threads-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function run(format: SourceFormat, files: string[], threads: number) {
  const out = path.join(dir, `${format}-${threads}`);
  const spills = { works: new Spill<Work>(`${out}.works`), cites: new CiteSpill(`${out}.cites`) };
  const rejects = `${out}.rejects`;
  await appendFile(rejects, '');
  const read = await readPass(files, format, rejects, spills, { threads });
  await Promise.all([spills.works.close(), spills.cites.close()]);
  const text = (suffix: string) => readFile(`${out}.${suffix}`, 'utf8');
  return {
    works: read.works,
    problems: read.problems,
    merges: read.merges,
    byKey: [...read.ids.byKey],
    rejects: await text('rejects'),
    worksSpill: await text('works'),
    citesSpill: await text('cites'),
  };
}

describe('read pass on worker threads', () => {
  it.each(cases)('%s: the same as on one thread', async (format, name, bad) => {
    const generated = path.join(dir, `generated-${format}`);
    await writeSourceFile(generated, format, { papers: format === 'bibtex' ? 600 : 1500, seed: 5 });
    await appendFile(generated, bad);
    const files = [generated, fixture(`sources/${name}`)];
    const one = await run(format, files, 0);
    const two = await run(format, files, 2);
    expect(one.works).toBeGreaterThan(600);
    expect(one.problems).toBeGreaterThan(0);
    expect(one.rejects).toContain(`${generated}:`);
    if (format === 'openalex' || format === 's2') expect(one.citesSpill).not.toBe('');
    expect(two).toEqual(one);
  });

  it('fails with the worker’s error, not a hang, when converting throws there', async () => {
    const pool = new ConvertPool(1);
    try {
      await expect(
        pool.convert({
          format: 'nope' as SourceFormat,
          file: 'x',
          raws: [{ line: 1, path: '', text: '{}' }],
          spill: true,
        }),
      ).rejects.toThrow(/converting records failed in a worker thread: TypeError/);
    } finally {
      await pool.close();
    }
  });
});
