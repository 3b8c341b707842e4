import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { generateRecords } from '../../bench/generate/generator.js';
import { seedDir } from '../../src/bootstrap.js';
import { fastRecord } from '../../src/ingest/fast-record.js';
import { edgeRecord, paperRecord, record } from '../../src/ingest/records.js';
import { seedFiles } from '../../src/ingest/seed.js';

/** The quick check either leaves a record to zod or gives exactly zod's answer, keys in the same order. */
function agrees(json: unknown): 'fast' | 'zod' {
  const fast = fastRecord(json);
  if (fast === undefined) return 'zod';
  const result = record.safeParse(json);
  expect(result.success, JSON.stringify(json)).toBe(true);
  expect(JSON.stringify(fast)).toBe(JSON.stringify(result.data));
  return 'fast';
}

const valid = {
  author: { type: 'author', id: 'author:a', name: 'Ada', kind: 'organization', aliases: ['A'] },
  topic: { type: 'topic', id: 'topic:t', name: 'T', description: 'D.', parent: 'topic:p' },
  technique: { type: 'technique', id: 'technique:k', name: 'K', description: 'D.', aliases: [], topics: ['topic:t'] },
  paper: {
    type: 'paper',
    id: 'arxiv:2303.08774',
    title: 'GPT-4',
    abstract: 'A.',
    published: '2023-03-15',
    arxivId: '2303.08774',
    kind: 'technical_report',
    authors: ['author:a'],
    topics: ['topic:t'],
  },
  edge: {
    type: 'edge',
    relation: 'CITES',
    from: 'arxiv:1',
    to: 'arxiv:2',
    evidence: 'E.',
    confidence: 0.5,
    source: 'curated',
    recordedAt: '2024-01-02T03:04:05.123+01:00',
  },
} as const;

/** Values that are wrong, odd or need zod's transform, for any field. */
const oddities: unknown[] = [
  undefined,
  null,
  '',
  ' padded ',
  '\u00a0nbsp',
  'x\n',
  'é',
  'x'.repeat(201),
  'x'.repeat(10_001),
  0,
  -0.5,
  1.5,
  1,
  true,
  [],
  ['author:a', 'author:a'],
  ['author:a', 'bad id'],
  ['topic:t'],
  Array.from({ length: 21 }, (_, i) => `topic:t${i}`),
  { nested: 1 },
  'author:a',
  'topic:t',
  'technique:k',
  'arxiv:2',
  'not an id',
  '2023-02-29',
  '2024-02-29',
  '2023-13-01',
  '2024-01-02T03:04:05Z',
  '2024-01-02T03:04Z',
  '2024-01-02 03:04:05Z',
  'hep-th/9901001',
  'https://example.org/x',
  'person',
  'organization',
  'paper',
  'system_card',
  'USES',
  'BUILDS_ON',
];

describe('quick record check', () => {
  it('agrees with zod on every generated and seed record, and takes the quick path for them', async () => {
    const paths = { fast: 0, zod: 0 };
    for (const r of generateRecords({ papers: 300, seed: 5 })) paths[agrees(r)] += 1;
    for (const file of await seedFiles(seedDir)) {
      for (const line of (await readFile(file, 'utf8')).split('\n')) if (line.trim()) agrees(JSON.parse(line));
    }
    expect(paths.zod).toBe(0);
    expect(paths.fast).toBeGreaterThan(3_000);
  });

  it('agrees with zod when any field of any record type is missing, odd, wrong or unknown', () => {
    for (const r of Object.values(valid)) expect(agrees(r)).toBe('fast');
    let fast = 0;
    for (const r of Object.values(valid) as Record<string, unknown>[]) {
      for (const key of [...Object.keys(r), 'colour', '__proto__', 'url', 'abstract', 'description', 'parent']) {
        for (const value of oddities) {
          const json = JSON.parse(JSON.stringify({ ...r, [key]: value }));
          if (agrees(json) === 'fast') fast += 1;
        }
        const { [key]: _, ...without } = r;
        agrees(without);
      }
    }
    expect(fast).toBeGreaterThan(50);
    for (const json of [null, [], 'x', 1, { type: 'venue' }, { ...valid.edge, from: 'arxiv:2' }]) agrees(json);
  });

  it('uses the same date and datetime patterns as the schema', () => {
    const pattern = (s: unknown) => String((s as { _zod: { def: { pattern: RegExp } } })._zod.def.pattern);
    expect(pattern(paperRecord.shape.published)).toBe(String(z.regexes.date));
    expect(pattern(edgeRecord.shape.recordedAt.unwrap())).toBe(String(z.regexes.datetime({ offset: true })));
  });
});
