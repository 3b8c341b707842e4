import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateRecords } from '../../bench/generate/generator.js';
import { parseCypherStatements } from '../../src/db/schema-store.js';
import { findCycles } from '../../src/ingest/cycles.js';
import { formatRecordError, ImportValidationError, type RecordError } from '../../src/ingest/errors.js';
import type { ImportSummary } from '../../src/ingest/load.js';
import { eachLine, fileLines, readLines } from '../../src/ingest/read.js';
import { createProgressReporter, formatSummary } from '../../src/ingest/report.js';
import { parseLine, validateImport } from '../../src/ingest/validate.js';

const problems = (text: string) => parseLine('x.ndjson', 7, text) as RecordError[];
const fields = (text: string) => problems(text).map((e) => `${e.path}: ${e.message}`);

describe('import records', () => {
  it('parses a valid paper record with defaults', () => {
    const parsed = parseLine(
      'x.ndjson',
      3,
      '{"type":"paper","id":"arxiv:2303.08774","title":"GPT-4 Technical Report","published":"2023-03-15","authors":["author:openai"]}',
    );
    expect(parsed).toEqual({
      file: 'x.ndjson',
      line: 3,
      record: expect.objectContaining({ kind: 'paper', topics: [], authors: ['author:openai'] }),
    });
  });

  it('names the field path and line of each problem', () => {
    const errors = problems(
      '{"type":"edge","relation":"USES","from":"arxiv:1","to":"technique:x","evidence":"","confidence":1.5}',
    );
    expect(errors.map((e) => [e.line, e.path]).sort()).toEqual([
      [7, 'confidence'],
      [7, 'evidence'],
    ]);
  });

  it('says "required" for a missing field and names an unknown one', () => {
    expect(fields('{"type":"topic","name":"A"}')).toEqual(['id: required (string)']);
    expect(fields('{"type":"topic","id":"topic:a","name":"A","colour":"red"}')).toEqual(['colour: unknown field']);
  });

  it('reports bad JSON for the whole line', () => {
    expect(problems('{nope')).toEqual([
      { file: 'x.ndjson', line: 7, path: '', message: expect.stringMatching(/^not valid JSON \(/) },
    ]);
  });

  it('rejects ids listed twice, self-edges, and papers with another type’s id prefix', () => {
    expect(
      fields('{"type":"paper","id":"arxiv:1","title":"T","published":"2020-01-01","authors":["author:a","author:a"]}'),
    ).toEqual(['authors: lists an id more than once']);
    expect(
      fields('{"type":"edge","relation":"CITES","from":"arxiv:1","to":"arxiv:1","evidence":"e","confidence":1}'),
    ).toEqual(['to: an edge cannot point at its own start']);
    expect(
      fields('{"type":"paper","id":"topic:x","title":"T","published":"2020-01-01","authors":["author:a"]}'),
    ).toEqual(['id: paper ids must not start with author:, topic: or technique:']);
    expect(fields('{"type":"author","id":"topic:x","name":"N"}')).toEqual(['id: author ids start with "author:"']);
  });

  it('finds cycles, including self-loops', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c']],
      ['c', ['a']],
      ['d', ['a']],
      ['e', ['e']],
    ]);
    expect(findCycles(graph)).toEqual([
      ['a', 'b', 'c', 'a'],
      ['e', 'e'],
    ]);
    expect(
      findCycles(
        new Map([
          ['a', ['b', 'c']],
          ['b', ['c']],
        ]),
      ),
    ).toEqual([]);
  });

  it('prints errors as file:line path: message', () => {
    expect(formatRecordError({ file: 'a.ndjson', line: 4, path: 'authors[1]', message: 'unknown' })).toBe(
      'a.ndjson:4 authors[1]: unknown',
    );
    expect(formatRecordError({ file: 'a.ndjson', line: 2, path: '', message: 'not valid JSON' })).toBe(
      'a.ndjson:2 not valid JSON',
    );
    expect(formatRecordError({ file: path.resolve('x/b.ndjson'), line: 0, path: '', message: 'no such file' })).toBe(
      'x/b.ndjson: no such file',
    );
  });
});

describe('reading NDJSON', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-unit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('streams non-blank lines with their 1-based line numbers, without a byte-order mark', async () => {
    const file = path.join(dir, 'a.ndjson');
    await writeFile(file, '\uFEFF{"a":1}\n\n   \r\n{"b":2}\r\n{"c":3}');
    const lines = [];
    for await (const l of readLines(file)) lines.push([l.line, l.text]);
    expect(lines).toEqual([
      [1, '{"a":1}'],
      [4, '{"b":2}'],
      [5, '{"c":3}'],
    ]);
  });

  it('numbers lines as node:readline does (\\n, \\r\\n, lone \\r), also across 1 MB chunks', async () => {
    const rest = '{"é":1}\r{"b":2}\n\n{"c":"ü"}\r\n\r{"d":4}';
    // A \r\n, then a two-byte character, straddling the first chunk boundary (1 MiB).
    for (const [name, text] of [
      ['crlf.ndjson', `{"x":"${'a'.repeat((1 << 20) - 9)}"}\r\n${rest}`],
      ['utf8.ndjson', `{"x":"${'a'.repeat((1 << 20) - 7)}é"}\n${rest}`],
    ] as const) {
      const file = path.join(dir, name);
      await writeFile(file, text);
      const expected = [];
      const input = createReadStream(file, { encoding: 'utf8' });
      let n = 0;
      for await (const line of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
        n += 1;
        if (line.trim()) expected.push([n, line]);
      }
      expect(expected.map(([line]) => line)).toEqual([1, 2, 3, 5, 7]);
      const lines = [];
      for await (const l of readLines(file)) lines.push([l.line, l.text]);
      expect(lines).toEqual(expected);
      const visited: unknown[] = [];
      await eachLine(file, (line, t) => {
        visited.push([line, t]);
      });
      expect(visited).toEqual(expected);
    }
  });

  it('gives the source readers every line (blank ones too) as node:readline does, gzipped or not', async () => {
    const text = `\uFEFF{"a":1}\n\n  \r\n{"b":"é"}\r{"c":3}\n\n${'x'.repeat(1 << 20)}\r\n{"d":4}\n`;
    const plain = path.join(dir, 'lines.jsonl');
    await writeFile(plain, text);
    const expected = [];
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(plain), crlfDelay: Number.POSITIVE_INFINITY }))
      expected.push([++n, n === 1 ? line.replace('\uFEFF', '') : line]);
    expect(expected.length).toBe(8);
    const zipped = path.join(dir, 'lines.jsonl.gz');
    await writeFile(zipped, gzipSync(text));
    for (const file of [plain, zipped]) {
      const lines = [];
      for await (const l of fileLines(file)) lines.push([l.line, l.text]);
      expect(lines).toEqual(expected);
    }
  });
});

describe('validation in one pass', () => {
  const emptyGraph = { typesOf: async () => new Map(), outEdges: async () => [] };
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-unit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('accepts references to records further on (a generated file reversed: every edge before its nodes)', async () => {
    const lines = [...generateRecords({ papers: 200, seed: 9 })].map((r) => JSON.stringify(r)).reverse();
    const file = path.join(dir, 'reversed.ndjson');
    await writeFile(file, `${lines.join('\n')}\n`);
    const seen: number[] = [];
    const { records } = await validateImport([file], emptyGraph, () => {}, {
      onRecord: ({ line }) => {
        seen.push(line);
      },
    });
    expect(records).toBe(lines.length);
    expect(seen).toEqual(lines.map((_, i) => i + 1));
  });

  it('reports forward references of the wrong type or to nothing, in line order, once each', async () => {
    const file = path.join(dir, 'forward.ndjson');
    const rows = [
      { type: 'edge', relation: 'USES', from: 'x:p', to: 'topic:t', evidence: 'E.', confidence: 1 },
      { type: 'paper', id: 'x:p', title: 'P', published: '2020-01-01', authors: ['author:a', 'author:ghost'] },
      { type: 'paper', id: 'x:p', title: 'P again', published: '2020-01-01', authors: ['topic:t'] },
      { type: 'topic', id: 'topic:t', name: 'T' },
      { type: 'author', id: 'author:a', name: 'A' },
    ];
    await writeFile(file, rows.map((r) => JSON.stringify(r)).join('\n'));
    const error = (await validateImport([file], emptyGraph).catch((e: unknown) => e)) as ImportValidationError;
    expect(error).toBeInstanceOf(ImportValidationError);
    expect(error.errors.map((e) => formatRecordError({ ...e, file: 'f' }))).toEqual([
      'f:1 to: "topic:t" is a topic, but a technique is needed here',
      'f:2 authors[1]: unknown author id "author:ghost" (not in this import or the graph)',
      'f:3 id: duplicate id "x:p" (first defined at f:2)'.replace('f:2', `${file}:2`),
      'f:3 authors[0]: "topic:t" is a topic, but an author is needed here',
    ]);
  });
});

const summary: ImportSummary = {
  files: ['/data/a.ndjson', 'b.ndjson'],
  records: 12_345,
  dryRun: false,
  nodesCreated: 10,
  nodesUpdated: 2,
  nodesUnchanged: 0,
  relationshipsCreated: 1_000,
  relationshipsUpdated: 0,
  relationshipsDeleted: 3,
  batches: 13,
  ms: 2_500,
  recordsPerSecond: 4_938,
};

describe('import output', () => {
  it('prints an aligned summary table', () => {
    expect(formatSummary(summary).split('\n')).toEqual([
      'Import summary (a.ndjson, b.ndjson)',
      '  records                12,345',
      '  nodes created              10',
      '  nodes updated               2',
      '  nodes unchanged             0',
      '  relationships created   1,000',
      '  relationships updated       0',
      '  relationships deleted       3',
      '  transactions               13',
      '  time                   2.50 s',
      '  records/s               4,938',
    ]);
    expect(formatSummary({ ...summary, dryRun: true })).toBe(
      'Import dry run: 12,345 records in 2 file(s) are valid (a.ndjson, b.ndjson); nothing was written (2.50 s).',
    );
  });

  it('prints plain progress lines per phase when not on a TTY', () => {
    const stream = new PassThrough();
    const reporter = createProgressReporter(stream as unknown as NodeJS.WriteStream, 60_000);
    const total = 2048;
    reporter.onProgress({ phase: 'validate', bytes: 100, totalBytes: 2 * total, written: 0 });
    reporter.onProgress({ phase: 'validate', bytes: 2000, totalBytes: 2 * total, written: 0 }); // within the interval
    reporter.onProgress({ phase: 'nodes', bytes: 1024, totalBytes: total, written: 5 });
    reporter.onProgress({ phase: 'nodes', bytes: total, totalBytes: total, written: 9 }); // within the interval
    reporter.stop();
    const lines = String(stream.read()).trim().split('\n');
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatch(/^\[import\] validate 2% \(100 B of 4\.0 KB, .+\/s\)$/);
    expect(lines[1]).toMatch(/^\[import\] validate 100% \(4\.0 KB of 4\.0 KB, /);
    expect(lines[2]).toMatch(/^\[import\] nodes 50% \(1\.0 KB of 2\.0 KB, .+\/s \| 5 records, [\d,]+\/s\)$/);
    expect(lines[3]).toMatch(/^\[import\] nodes 100% .*\| 9 records/);
  });

  it('counts works and references, not bytes, in a source import’s later passes', () => {
    const stream = new PassThrough();
    const reporter = createProgressReporter(stream as unknown as NodeJS.WriteStream, 0);
    reporter.onProgress({ phase: 'works', unit: 'works', bytes: 1500, totalBytes: 3000, written: 1500 });
    reporter.onProgress({ phase: 'citations', unit: 'references', bytes: 0, totalBytes: 12000, written: 0 });
    reporter.stop();
    const lines = String(stream.read()).trim().split('\n');
    expect(lines[0]).toMatch(/^\[import\] works 50% \(1,500 of 3,000 works, [\d,]+ works\/s\)$/);
    expect(lines[1]).toMatch(/^\[import\] works 100% \(3,000 of 3,000 works, /);
    expect(lines[2]).toMatch(/^\[import\] citations 0% \(0 of 12,000 references, /);
  });

  it('does not repeat a phase’s last line when it stops', () => {
    const stream = new PassThrough();
    const reporter = createProgressReporter(stream as unknown as NodeJS.WriteStream, 0);
    reporter.onProgress({ phase: 'relationships', bytes: 10, totalBytes: 20, written: 1 });
    reporter.onProgress({ phase: 'relationships', bytes: 20, totalBytes: 20, written: 2 });
    reporter.stop();
    const lines = String(stream.read()).trim().split('\n');
    expect(lines.map((l) => l.slice(0, 30))).toEqual([
      '[import] relationships 50% (10',
      '[import] relationships 100% (2',
    ]);
  });
});

describe('schema file', () => {
  it('splits statements and drops comments', () => {
    expect(parseCypherStatements('// c\nCREATE A;\n\nCREATE B;\n// end\n')).toEqual(['CREATE A', 'CREATE B']);
  });
});
