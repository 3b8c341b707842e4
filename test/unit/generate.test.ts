import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords, shapeOf } from '../../bench/generate/generator.js';
import { mulberry32, powerIndex } from '../../bench/generate/prng.js';
import { writeDatasetFile, writeRecords } from '../../bench/generate/write.js';
import type { ImportStore } from '../../src/db/stores/import-store.js';
import { type EdgeRecord, type PaperRecord, record } from '../../src/ingest/records.js';
import { validateImport } from '../../src/ingest/validate.js';
import { must } from '../helpers/must.js';

async function text(papers: number, seed: number): Promise<string> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (b: Buffer) => parts.push(b));
  await writeRecords(out, { papers, seed });
  out.end();
  return Buffer.concat(parts).toString('utf8');
}

/** A graph with nothing in it, for the validator's look-ups. */
const emptyGraph = { typesOf: async () => new Map(), outEdges: async () => [] } as unknown as ImportStore;

describe('synthetic data generator', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-generate-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is deterministic: same papers and seed give identical bytes, another seed differs', async () => {
    const a = await text(300, 42);
    expect(await text(300, 42)).toBe(a);
    expect(await text(300, 43)).not.toBe(a);
  });

  it('writes only lines that the import format accepts, and the whole file passes the import validator', async () => {
    const file = path.join(dir, 'g.ndjson');
    const summary = await writeDatasetFile(file, { papers: 500, seed: 1 });
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(summary.records);
    for (const line of lines) expect(record.safeParse(JSON.parse(line)).success, line).toBe(true);
    const { records } = await validateImport([file], emptyGraph);
    expect(records).toBe(summary.records);
  });

  it('puts every node before the first edge, and edges only point at ids written before them', () => {
    const seen = new Set<string>();
    let edges = false;
    for (const r of generateRecords({ papers: 400, seed: 3 }) as Iterable<{
      type: string;
      id: string;
      from: string;
      to: string;
    }>) {
      if (r.type === 'edge') {
        edges = true;
        expect(seen.has(r.from) && seen.has(r.to)).toBe(true);
      } else {
        expect(edges).toBe(false);
        seen.add(r.id);
      }
    }
  });

  it('has the intended shape: ~N/5 authors, 1–15 authors per paper, ~10 citations, power-law authors and citations', () => {
    const n = 4000;
    const shape = shapeOf(n);
    const papersPerAuthor = new Map<string, number>();
    const citedCount = new Map<string, number>();
    const buildsOnIn = new Map<string, number>();
    let papers = 0;
    let cites = 0;
    let authorships = 0;
    for (const r of generateRecords({ papers: n, seed: 9 })) {
      const rec = r as PaperRecord | EdgeRecord | { type: string };
      if (rec.type === 'paper') {
        const p = rec as PaperRecord;
        papers += 1;
        expect(p.authors.length).toBeGreaterThanOrEqual(1);
        expect(p.authors.length).toBeLessThanOrEqual(15);
        authorships += p.authors.length;
        for (const a of p.authors) papersPerAuthor.set(a, (papersPerAuthor.get(a) ?? 0) + 1);
      } else if (rec.type === 'edge') {
        const e = rec as EdgeRecord;
        if (e.relation === 'CITES') {
          cites += 1;
          citedCount.set(e.to, (citedCount.get(e.to) ?? 0) + 1);
        }
        if (e.relation === 'BUILDS_ON') buildsOnIn.set(e.to, (buildsOnIn.get(e.to) ?? 0) + 1);
      }
    }
    expect(papers).toBe(n);
    expect(shape.authors).toBe(800);
    expect(authorships / n).toBeGreaterThan(3);
    expect(authorships / n).toBeLessThan(6);
    expect(cites / n).toBeGreaterThan(8);
    expect(cites / n).toBeLessThan(12);
    // Heavy tails: the most prolific author and the most cited paper sit far above the median.
    const median = (m: Map<string, number>) =>
      must([...m.values()].sort((a, b) => a - b)[Math.floor(m.size / 2)], 'a median');
    expect(Math.max(...papersPerAuthor.values())).toBeGreaterThan(10 * median(papersPerAuthor));
    expect(Math.max(...citedCount.values())).toBeGreaterThan(20 * median(citedCount));
    // A few hubs: the top BUILDS_ON target has several times the mean in-degree.
    const meanIn = [...buildsOnIn.values()].reduce((s, v) => s + v, 0) / buildsOnIn.size;
    expect(Math.max(...buildsOnIn.values())).toBeGreaterThan(5 * meanIn);
  });

  it('samples power-law indices in range with the inverse CDF', () => {
    const rng = mulberry32(1);
    let low = 0;
    for (let i = 0; i < 10_000; i++) {
      const x = powerIndex(rng, 100, 2);
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(100);
      if (x < 25) low += 1;
    }
    // P(x < 25) = (25/100)^(1/2) = 0.5
    expect(low / 10_000).toBeGreaterThan(0.47);
    expect(low / 10_000).toBeLessThan(0.53);
  });
});
