import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryGraph } from '../../src/ingest/bulk/memory-graph.js';
import { readers, recordsOf } from '../../src/ingest/formats/input.js';
import type { SourceFormat, SourceItem, Work } from '../../src/ingest/formats/work.js';
import type { ImportProgress } from '../../src/ingest/load.js';
import { convertRecord } from '../../src/ingest/source/convert.js';
import { importSourceInto } from '../../src/ingest/source/import.js';
import { type Cite, CiteSpill, Spill, withSpillDir } from '../../src/ingest/source/spill.js';
import { fixture } from '../fixtures/ingest-db.js';

const files: [SourceFormat, string][] = [
  ['openalex', 'openalex-edge-cases.jsonl'],
  ['s2', 's2-edge-cases.jsonl'],
  ['arxiv', 'arxiv-edge-cases.jsonl'],
  ['bibtex', 'bibtex-edge-cases.bib'],
];

/** Every item of a fixture, converted by its reader (records with problems left out). */
async function itemsOf(format: SourceFormat, name: string): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const raw of recordsOf(fixture(`sources/${name}`), format))
    for (const r of convertRecord(raw, format, name)) if ('items' in r) out.push(...r.items);
  return out;
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('source import temp files (one parse per record)', () => {
  it.each(files)('%s: works and references read back as the reader gave them', async (format, name) => {
    const items = await itemsOf(format, name);
    const works = items.filter((i): i is Work => i.type === 'work');
    expect(works.length).toBeGreaterThan(0);
    await withSpillDir(undefined, async (dir) => {
      const spill = new Spill<Work>(path.join(dir, 'works.jsonl'));
      const cites = new CiteSpill(path.join(dir, 'cites.jsonl'));
      const expected: Cite[][] = [];
      for (const item of items) {
        if (item.type === 'work') {
          await spill.push({ ...item, references: [] });
          if (item.references.length) {
            await cites.push(item.ids, item.references);
            expected.push(item.references.map((r) => ({ from: item.ids, to: r.ids, ...r })));
          }
        } else if (item.type === 'citation') {
          await cites.push(item.from, [{ ids: item.to, evidence: item.evidence, confidence: item.confidence }]);
          expected.push([{ from: item.from, to: item.to, evidence: item.evidence, confidence: item.confidence }]);
        }
      }
      await Promise.all([spill.close(), cites.close()]);
      expect(await collect(spill.read())).toEqual(works.map((w) => ({ ...w, references: [] })));
      const strip = (c: Cite & { ids?: unknown }) => {
        const { ids: _, ...rest } = c;
        return rest;
      };
      expect(await collect(cites.read())).toEqual(expected.map((r) => r.map(strip)));
    });
  });

  it('keeps each evidence sentence through runs of equal ones', async () => {
    await withSpillDir(undefined, async (dir) => {
      const cites = new CiteSpill(path.join(dir, 'c.jsonl'));
      const refs = ['a', 'a', 'b', 'b', 'a'].map((evidence, i) => ({
        ids: { s2: `p${i}` },
        evidence,
        confidence: 0.9,
      }));
      await cites.push({ s2: 'x' }, refs.slice(0, 3));
      await cites.push({ s2: 'y' }, refs.slice(3));
      await cites.close();
      const back = (await collect(cites.read())).flat();
      expect(back.map((c) => [c.from.s2, c.to.s2, c.evidence])).toEqual([
        ['x', 'p0', 'a'],
        ['x', 'p1', 'a'],
        ['x', 'p2', 'b'],
        ['y', 'p3', 'b'],
        ['y', 'p4', 'a'],
      ]);
    });
  });

  it('removes its directory when the work fails', async () => {
    const parent = path.join(tmpdir(), `papergraph-spill-test-${process.pid}`);
    await expect(
      withSpillDir(parent, async (dir) => {
        await new Spill(path.join(dir, 'x.jsonl')).close();
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(await readdir(parent)).toEqual([]);
  });

  it('removes directories a killed import left behind, and only those', async () => {
    const parent = path.join(tmpdir(), `papergraph-spill-orphans-${process.pid}`);
    const orphan = path.join(parent, `papergraph-import-${hostname()}-999999999-abc`);
    const live = path.join(parent, `papergraph-import-${hostname()}-${process.pid}-abc`);
    const otherHost = path.join(parent, `papergraph-import-not-${hostname()}-999999999-abc`);
    const other = path.join(parent, 'something-else');
    await Promise.all([orphan, live, otherHost, other].map((d) => mkdir(d, { recursive: true })));
    await withSpillDir(parent, async () => {});
    const left = [live, otherHost, other].map((d) => path.basename(d));
    expect((await readdir(parent)).sort()).toEqual(left.sort());
    await rm(parent, { recursive: true, force: true });
  });

  it('reports the progress of each pass: bytes read, works written, references handled', async () => {
    const file = fixture('sources/openalex-edge-cases.jsonl');
    const seen: ImportProgress[] = [];
    const summary = await importSourceInto(new MemoryGraph(new Date().toISOString()), [file], {
      format: 'openalex',
      batchSize: 1,
      onProgress: (p) => seen.push(p),
    });
    const phases = seen.map((p) => p.phase).filter((p, i, all) => p !== all[i - 1]);
    expect(phases).toEqual(['read', 'works', 'citations']);
    const last = (phase: string) => seen.filter((p) => p.phase === phase).at(-1);
    expect(last('read')).toMatchObject({ bytes: (await stat(file)).size, totalBytes: (await stat(file)).size });
    expect(last('read')?.written).toBe(summary.works);
    expect(last('works')).toMatchObject({ unit: 'works', bytes: summary.works, totalBytes: summary.works });
    // One update per batch of one work, after the one at 0.
    expect(seen.filter((p) => p.phase === 'works')).toHaveLength(summary.batches + 1);
    const cites = last('citations');
    expect(cites?.unit).toBe('references');
    expect(cites?.totalBytes).toBeGreaterThan(0);
    expect(cites?.bytes).toBe(cites?.totalBytes);
    expect(summary.citations + summary.referencesSkipped).toBe(cites?.totalBytes);
  });

  it.each(files)('%s: an import converts each record once, not once per pass', async (format, name) => {
    const records = (await collect(recordsOf(fixture(`sources/${name}`), format))).filter((r) => !('error' in r));
    const convert = vi.spyOn(readers[format], 'convert');
    const summary = await importSourceInto(new MemoryGraph(new Date().toISOString()), [fixture(`sources/${name}`)], {
      format,
    });
    expect(summary.papersCreated).toBeGreaterThan(0);
    expect(convert).toHaveBeenCalledTimes(records.length);
  });
});
