import { describe, expect, it, onTestFinished } from 'vitest';
import { ImportValidationError, type RecordError } from '../../src/ingest/errors.js';
import { importFiles } from '../../src/ingest/load.js';
import { useIngestDb } from '../fixtures/ingest-db.js';

// Every case: the import is rejected with exactly the listed problems (file, line, field path,
// message), and the graph is exactly as before. Files are written per test so each record's line
// number is visible here.
const db = useIngestDb('test-ingest-val');

const A = 'author:test-ingest-val-ada';
const T = 'topic:test-ingest-val-t';
const K = 'technique:test-ingest-val-k';
const P = 'test-ingest-val:p1';
const author = { type: 'author', id: A, name: 'Ada Val' };
const topic = { type: 'topic', id: T, name: 'Val topic' };
const technique = { type: 'technique', id: K, name: 'Val technique', description: 'A technique.' };
const paper = { type: 'paper', id: P, title: 'Val paper', published: '2024-01-02', authors: [A] };
const edge = (relation: string, from: string, to: string) => ({
  type: 'edge',
  relation,
  from,
  to,
  evidence: 'Fixture evidence.',
  confidence: 0.5,
});

async function expectRejected(files: string[], expected: RecordError[]) {
  const before = await db.counts();
  const error = await importFiles(db.executor, files).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ImportValidationError);
  expect((error as ImportValidationError).errors).toEqual(expected);
  expect((error as ImportValidationError).message).toMatch(/^Import rejected, nothing was written/);
  expect(await db.counts()).toEqual(before);
  expect(await db.marked()).toBe(0);
}

describe('import validation (nothing is written)', () => {
  it('reports wrong types with the field path (and not again as unknown references)', async () => {
    const file = await db.ndjson('types.ndjson', [
      author,
      { ...paper, published: 20240102, authors: A },
      { ...edge('USES', P, K), confidence: 'high' },
      technique,
      edge('INTRODUCES', P, K), // valid, but points at the paper on line 2: that is reported once, there
    ]);
    await expectRejected(
      [file],
      [
        { file, line: 2, path: 'published', message: 'Invalid input: expected string, received number' },
        { file, line: 2, path: 'authors', message: 'Invalid input: expected array, received string' },
        { file, line: 3, path: 'confidence', message: 'Invalid input: expected number, received string' },
      ],
    );
  });

  it('reports a missing id, an unknown field and an unknown record type', async () => {
    const { id: _, ...noId } = topic;
    const file = await db.ndjson('missing.ndjson', [author, noId, { ...technique, colour: 'red' }, { type: 'venue' }]);
    await expectRejected(
      [file],
      [
        { file, line: 2, path: 'id', message: 'required (string)' },
        { file, line: 3, path: 'colour', message: 'unknown field' },
        {
          file,
          line: 4,
          path: 'type',
          message: `Invalid discriminator value. Expected 'author' | 'topic' | 'technique' | 'paper' | 'edge'`,
        },
      ],
    );
  });

  it('reports duplicate ids and duplicate edges, within a file and across files', async () => {
    const first = await db.ndjson('dup-a.ndjson', [author, technique, { ...author, name: 'Ada Again' }, paper]);
    const second = await db.ndjson('dup-b.ndjson', [author, edge('USES', P, K), edge('USES', P, K)]);
    await expectRejected(
      [first, second],
      [
        { file: first, line: 3, path: 'id', message: `duplicate id "${A}" (first defined at ${first}:1)` },
        { file: second, line: 1, path: 'id', message: `duplicate id "${A}" (first defined at ${first}:1)` },
        { file: second, line: 3, path: '', message: `duplicate edge USES ${P} → ${K} (first defined at ${second}:2)` },
      ],
    );
  });

  it('reports unknown references, including an edge to an unknown id, instead of creating nodes', async () => {
    const file = await db.ndjson('unknown.ndjson', [
      { ...paper, authors: [A, 'author:test-ingest-val-ghost'], topics: ['topic:test-ingest-val-nowhere'] },
      author,
      edge('CITES', P, 'test-ingest-val:ghost-paper'),
      edge('USES', 'test-ingest-val:ghost-paper', 'technique:transformer'),
    ]);
    const unknown = (type: string, id: string) => `unknown ${type} id "${id}" (not in this import or the graph)`;
    await expectRejected(
      [file],
      [
        { file, line: 1, path: 'authors[1]', message: unknown('author', 'author:test-ingest-val-ghost') },
        { file, line: 1, path: 'topics[0]', message: unknown('topic', 'topic:test-ingest-val-nowhere') },
        { file, line: 3, path: 'to', message: unknown('paper', 'test-ingest-val:ghost-paper') },
        { file, line: 4, path: 'from', message: unknown('paper', 'test-ingest-val:ghost-paper') },
      ],
    );
  });

  it('reports references to a node of the wrong type, in the import or in the graph', async () => {
    const file = await db.ndjson('wrong-type.ndjson', [
      topic,
      { ...paper, topics: [T] },
      author,
      edge('USES', P, T),
      edge('INTRODUCES', P, 'topic:alignment'),
      { ...paper, id: 'test-ingest-val:p2', authors: ['technique:transformer'] },
    ]);
    await expectRejected(
      [file],
      [
        { file, line: 4, path: 'to', message: `"${T}" is a topic, but a technique is needed here` },
        { file, line: 5, path: 'to', message: '"topic:alignment" is a topic, but a technique is needed here' },
        {
          file,
          line: 6,
          path: 'authors[0]',
          message: '"technique:transformer" is a technique, but an author is needed here',
        },
      ],
    );
  });

  it('reports a SUBTOPIC_OF cycle (and a topic that is its own parent) at the record that closes it', async () => {
    const t = (id: string, parent: string) => ({ type: 'topic', id: `topic:test-ingest-val-${id}`, name: id, parent });
    const file = await db.ndjson('cycle.ndjson', [
      t('a', 'topic:test-ingest-val-b'),
      t('b', 'topic:test-ingest-val-c'),
      t('c', 'topic:test-ingest-val-a'),
      t('d', 'topic:test-ingest-val-d'),
      t('e', 'topic:ai-safety'),
    ]);
    await expectRejected(
      [file],
      [
        {
          file,
          line: 1,
          path: 'parent',
          message:
            'SUBTOPIC_OF cycle: topic:test-ingest-val-a → topic:test-ingest-val-b → topic:test-ingest-val-c → topic:test-ingest-val-a',
        },
        {
          file,
          line: 4,
          path: 'parent',
          message: 'SUBTOPIC_OF cycle: topic:test-ingest-val-d → topic:test-ingest-val-d',
        },
      ],
    );
  });

  it('reports cycles that an import would close with SUBTOPIC_OF and BUILDS_ON edges already in the graph', async () => {
    onTestFinished(db.cleanup);
    const parent = { type: 'topic', id: 'topic:test-ingest-val-parent', name: 'Parent' };
    const child = { type: 'topic', id: 'topic:test-ingest-val-child', name: 'Child', parent: parent.id };
    const k2 = { ...technique, id: 'technique:test-ingest-val-k2' };
    const valid = await db.ndjson('cycle-base.ndjson', [parent, child, technique, k2, edge('BUILDS_ON', K, k2.id)]);
    const base = await importFiles(db.executor, [valid]);
    expect(base).toMatchObject({ nodesCreated: 4, relationshipsCreated: 2 });

    const file = await db.ndjson('cycle-graph.ndjson', [{ ...parent, parent: child.id }, edge('BUILDS_ON', k2.id, K)]);
    const before = await db.counts();
    const error = (await importFiles(db.executor, [file]).catch((e: unknown) => e)) as ImportValidationError;
    expect(error).toBeInstanceOf(ImportValidationError);
    expect(error.errors).toEqual([
      { file, line: 1, path: 'parent', message: `SUBTOPIC_OF cycle: ${parent.id} → ${child.id} → ${parent.id}` },
      { file, line: 2, path: 'to', message: `BUILDS_ON cycle: ${k2.id} → ${K} → ${k2.id}` },
    ]);
    expect(await db.counts()).toEqual(before);
  });

  it('reports bad JSON, a non-object line and an edge to itself', async () => {
    const file = await db.ndjson('json.ndjson', [
      author,
      '{"type": "author", "id":',
      '[1, 2]',
      edge('CITES', P, P),
      paper,
    ]);
    const error = (await importFiles(db.executor, [file]).catch((e: unknown) => e)) as ImportValidationError;
    expect(error.errors).toEqual([
      { file, line: 2, path: '', message: expect.stringMatching(/^not valid JSON \(/) },
      { file, line: 3, path: '', message: 'Invalid input: expected object, received array' },
      { file, line: 4, path: 'to', message: 'an edge cannot point at its own start' },
    ]);
    await expectRejected([file], error.errors);
  });

  it('reports a missing file before reading anything', async () => {
    const missing = `${await db.ndjson('exists.ndjson', [author])}.missing`;
    await expectRejected([missing], [{ file: missing, line: 0, path: '', message: 'no such file' }]);
  });

  it('lists the first hundred problems and counts the rest', async () => {
    const lines = Array.from({ length: 150 }, (_, i) => ({ ...author, id: `author:test-ingest-val-${i}`, name: '' }));
    const file = await db.ndjson('many.ndjson', lines);
    const error = (await importFiles(db.executor, [file]).catch((e: unknown) => e)) as ImportValidationError;
    expect(error.total).toBe(150);
    expect(error.errors).toHaveLength(100);
    expect(error.errors[99]).toMatchObject({ line: 100, path: 'name' });
    expect(error.message).toMatch(/150 problem\(s\)[\s\S]*… and 50 more$/);
  });
});
