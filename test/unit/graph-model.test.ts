import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  lineageRelations,
  listedRelations,
  propertyReads,
  relationEnds,
  setProperties,
  setRelationship,
  storedRow,
} from '../../src/graph/derive.js';
import { nodes } from '../../src/graph/model.js';
import { BulkCsv } from '../../src/ingest/bulk/rows.js';
import { IdTable } from '../../src/ingest/edge-keys.js';

/** What the writers derive from the graph model (src/graph/model.ts); the integration tests store it. */
describe('the graph model', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'papergraph-model-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const paper = {
    id: 'arxiv:2203.02155',
    title: 'Training Language Models',
    published: '2022-03-04',
    kind: 'paper' as const,
    authors: ['author:a', 'author:b'],
    topics: ['topic:t'],
  };

  it('derives every stored property of a row from the input, absent optionals as null', () => {
    expect(storedRow.Paper(paper)).toEqual({
      id: paper.id,
      title: 'Training Language Models',
      titleLower: 'training language models',
      abstract: null,
      published: '2022-03-04',
      year: 2022,
      arxivId: null,
      url: null,
      kind: 'paper',
    });
    expect(
      storedRow.Technique({ id: 'technique:x', name: 'RLHF', aliases: ['PPO-RL'], description: 'd', topics: [] }),
    ).toEqual({
      id: 'technique:x',
      name: 'RLHF',
      nameLower: 'rlhf',
      aliases: ['PPO-RL'],
      aliasText: 'PPO-RL ',
      description: 'd',
      lookupKeys: ['rlhf', 'ppo-rl'],
    });
  });

  it('stores each property with its type and keeps maintained ones', () => {
    const set = setProperties('Paper', 'n', 'r');
    for (const [name, p] of Object.entries(nodes.Paper.properties)) {
      // Kept properties (external ids, provenance) are the source importer's alone: never set here.
      if ('kept' in p) expect(set).not.toContain(`n.${name} = `);
      else expect(set).toContain(`n.${name} = `);
    }
    expect(set).toContain('n.published = date(r.published)');
    expect(set).toContain('n.year = toInteger(r.year)');
    expect(set).toContain('n.citationCount = coalesce(n.citationCount, 0)');
    expect(setRelationship('CITES', 'e', 'r')).toEqual({
      always: 'e.evidence = r.evidence, e.confidence = toFloat(r.confidence), e.source = r.source',
      onCreate: 'e.recordedAt = datetime(coalesce(r.recordedAt, $now))',
    });
  });

  it('knows the ends and direction of every relation', () => {
    expect(lineageRelations).toEqual(['INTRODUCES', 'USES', 'BUILDS_ON', 'CITES']);
    expect(relationEnds.INTRODUCES).toEqual({ from: 'paper', to: 'technique' });
    expect(listedRelations.paper.map((l) => [l.type, l.inbound, l.position])).toEqual([
      ['AUTHORED', true, 'position'],
      ['ABOUT', false, undefined],
    ]);
    expect(
      listedRelations.topic.map((l) => [l.type, l.inbound, l.refs({ id: 'topic:a', name: 'A', parent: 'topic:b' })]),
    ).toEqual([['SUBTOPIC_OF', false, ['topic:b']]]);
  });

  it('gives the read side a projection for every property an API field reads', () => {
    const read = (r: string | ((v: string) => string), v: string) => (typeof r === 'function' ? r(v) : `${v}.${r}`);
    expect(Object.keys(propertyReads.Paper)).toEqual([
      'title',
      'abstract',
      'published',
      'datePrecision',
      'year',
      'arxivId',
      'url',
      'kind',
      'doi',
      'openalexId',
      's2Id',
      'corpusId',
      'source',
      'sourceType',
      'citedByCount',
      'citationCount',
    ]);
    expect(Object.keys(propertyReads.Author)).toEqual(['name', 'kind', 'aliases', 'openalexId', 's2Id', 'orcid']);
    expect(Object.keys(propertyReads.Topic)).toEqual(['name', 'description']);
    expect(Object.keys(propertyReads.Technique)).toEqual(['name', 'aliases', 'description']);
    expect(read(propertyReads.Author.aliases, 'a')).toBe('coalesce(a.aliases, [])');
    expect(read(propertyReads.Paper.published, 'p')).toBe(
      "CASE p.datePrecision WHEN 'year' THEN null WHEN 'month' THEN left(toString(p.published), 7) ELSE toString(p.published) END",
    );
    expect(read(propertyReads.Paper.citationCount, 'p')).toBe('coalesce(p.citationCount, 0)');
    expect(propertyReads.Paper.title).toBe('title');
  });

  it('writes bulk CSV headers and rows from the same declarations', async () => {
    const ids = new IdTable();
    const csv = new BulkCsv(
      dir,
      ids,
      () => 'import:x',
      () => 'papergraph:x',
      '2026-01-01T00:00:00Z',
    );
    const interned = { id: ids.intern(paper.id), from: 0, to: 0 };
    for (const a of paper.authors) ids.intern(a);
    await csv.add({ file: 'x', line: 1, record: { type: 'paper', ...paper } } as never, interned as never);
    await csv.close();
    expect(await readFile(csv.nodes.Paper.headerFile, 'utf8')).toBe(
      ':ID(Paper),id,title,titleLower,abstract,published:date,year:int,arxivId,url,kind,source,citationCount:int\n',
    );
    expect(await readFile(csv.nodes.Paper.dataFile, 'utf8')).toBe(
      `${interned.id},"arxiv:2203.02155","Training Language Models","training language models",,"2022-03-04",2022,,,"paper","papergraph:x",0000000000\n`,
    );
    expect(await readFile(csv.relationships.AUTHORED.headerFile, 'utf8')).toBe(
      ':START_ID(Author),:END_ID(Paper),position:int\n',
    );
    expect(await readFile(csv.relationships.AUTHORED.dataFile, 'utf8')).toBe(
      `${ids.intern('author:a')},${interned.id},1\n${ids.intern('author:b')},${interned.id},2\n`,
    );
  });
});
