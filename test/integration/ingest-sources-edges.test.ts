import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { ImportValidationError } from '../../src/ingest/errors.js';
import { importSource } from '../../src/ingest/source/import.js';
import { fixture } from '../fixtures/ingest-db.js';
import { useSourcesDb } from '../fixtures/sources-db.js';
import { useTestApp } from '../helpers/app.js';
import { writeSeedAs } from '../helpers/source-writers.js';

const db = useSourcesDb();
const { gql } = useTestApp();
const src = (name: string) => fixture(`sources/${name}`);

describe('edge-case fixtures', () => {
  it('import, and the API finds papers by DOI (with ()<>;:), merged OpenAlex id and S2 id', async () => {
    const oa = await importSource(db.executor, [src('openalex-edge-cases.jsonl')], { format: 'openalex' });
    // W1234567890 is in no graph: skipped and counted; W…01 → W…02 is written.
    expect(oa).toMatchObject({ works: 3, papersCreated: 3, citations: 1, referencesSkipped: 1 });
    // The snapshot's merged_ids rows: W…09 was merged into W…01 (in the graph now); W…08 into a work that is not.
    const mergedIds = await importSource(db.executor, [src('openalex-merged-ids.csv')], { format: 'openalex' });
    expect(mergedIds).toMatchObject({ works: 0, mergedIds: 2, mergedIdsLinked: 1 });
    const s2 = await importSource(db.executor, [src('s2-edge-cases.jsonl')], { format: 's2' });
    expect(s2).toMatchObject({ works: 2, citations: 2, referencesSkipped: 1 });
    await importSource(db.executor, [src('arxiv-edge-cases.jsonl')], { format: 'arxiv' });
    await importSource(db.executor, [src('bibtex-edge-cases.bib')], { format: 'bibtex' });

    const fields = 'key title published year datePrecision kind doi openalexId source citedByCount';
    const byDoi = await gql(`query($d: String!) { paper(doi: $d) { ${fields} } }`, {
      d: 'https://doi.org/10.9999/SYN(2002)12;3<45:TEST>2.0.CO;2',
    });
    expect(byDoi.body.data?.paper).toEqual({
      key: 'arxiv:9902.00002',
      title: 'Synthetic work with a DOI full of brackets',
      published: null,
      year: 2002,
      datePrecision: 'year',
      kind: 'TECHNICAL_REPORT',
      doi: '10.9999/syn(2002)12;3<45:test>2.0.co;2',
      openalexId: 'W9000000002',
      source: 'openalex',
      citedByCount: 0,
    });
    const merged = await gql(`{ paper(openalexId: "W9000000009") { key } }`);
    expect(merged.body.data?.paper).toEqual({ key: 'arxiv:9901.00001' });
    const bibDoi = await gql(`{ paper(doi: "10.9999/bib(5);x") { key title } }`);
    expect(bibDoi.body.data?.paper).toEqual({
      key: 'arxiv:9905.00005',
      title: 'A Synthetic Entry with LaTeX Accents: Été',
    });
    const s2One = await gql(`{ paper(s2Id: "0000000000000000000000000000000000000001") { key citationCount } }`);
    // Cited by the bulk-shape paper's citation row.
    expect(s2One.body.data?.paper).toEqual({ key: 'arxiv:9903.00003', citationCount: 1 });

    // The S2 context is the CITES evidence; isInfluential raised the confidence.
    const [cite] = await db.read(
      `MATCH (:Paper {id: 'arxiv:9903.00003'})-[e:CITES]->(b:Paper) RETURN b.id AS to, e.evidence AS evidence, e.confidence AS confidence`,
    );
    expect(cite).toEqual({
      to: 's2:corpus-900000002',
      evidence: '“as shown by [3], synthetic results hold”',
      confidence: 0.95,
    });
    // OpenAlex's four levels: topic → subfield → field → domain.
    const [chain] = await db.read(
      `MATCH path = (:Topic {id: 'topic:openalex-T90001'})-[:SUBTOPIC_OF*]->(root:Topic) WHERE NOT (root)-[:SUBTOPIC_OF]->()
       RETURN [t IN nodes(path) | t.name] AS names`,
    );
    expect(chain?.names).toEqual(['Synthetic Topic', 'Synthetic Subfield', 'Synthetic Field', 'Synthetic Domain']);
    // An authorship without author.id: a new author by name; with one: by its OpenAlex id.
    const authors = await db.read(
      `MATCH (a:Author)-[w:AUTHORED]->(:Paper {id: 'arxiv:9901.00001'}) RETURN a.id AS id ORDER BY w.position`,
    );
    expect(authors.map((a) => a.id)).toEqual(['author:openalex-A9000000001', 'author:openalex-test-author-beta']);
  }, 300_000);
});

describe('bad input', () => {
  it('names file:line field and writes nothing; --skip-invalid writes the rest and the rejects', async () => {
    const file = path.join(db.dir(), 'bad-openalex.jsonl');
    const good = {
      id: 'https://openalex.org/W9400000001',
      title: 'Synthetic good',
      publication_year: 2001,
      authorships: [],
    };
    await writeFile(
      file,
      `${JSON.stringify(good)}\n{"id":"https://openalex.org/W9400000002","authorships":[]}\nnot json\n`,
    );
    const before = await db.counts();
    const error = await importSource(db.executor, [file], { format: 'openalex' }).catch((e) => e);
    expect(error).toBeInstanceOf(ImportValidationError);
    expect((error as Error).message).toContain(`${file}:2 title: required`);
    expect((error as Error).message).toContain(`${file}:3 not valid JSON`);
    expect(await db.counts()).toEqual(before);

    const rejects = path.join(db.dir(), 'rejects.txt');
    const summary = await importSource(db.executor, [file], { format: 'openalex', rejectsFile: rejects });
    expect(summary).toMatchObject({ works: 1, rejected: 2, papersCreated: 1 });
    const lines = (await readFile(rejects, 'utf8')).trim().split('\n');
    expect(lines.map((l) => l.split('\t')[0])).toEqual([
      `${file}:2 title: required (title or display_name)`,
      `${file}:2 publication_date: required (publication_date or publication_year)`,
      expect.stringContaining(`${file}:3 not valid JSON`),
    ]);
    // A second run starts the file again: its rejects, not the first run's as well.
    await importSource(db.executor, [file], { format: 'openalex', rejectsFile: rejects });
    expect((await readFile(rejects, 'utf8')).trim().split('\n')).toHaveLength(3);
  });

  it('a file in another format says so on its first line and stops', async () => {
    const error = await importSource(db.executor, [src('openalex-edge-cases.jsonl')], { format: 's2' }).catch((e) => e);
    expect((error as ImportValidationError).errors).toEqual([
      {
        file: src('openalex-edge-cases.jsonl'),
        line: 1,
        path: '',
        message: expect.stringMatching(/holds openalex records, not s2/),
      },
    ]);
  });
});

describe('citations of papers the import creates', () => {
  it('are created once: a second record of the same paper in a later batch merges, never duplicates', async () => {
    const w = (n: number) => `https://openalex.org/W96000000${String(n).padStart(2, '0')}`;
    const work = (n: number, extra: Record<string, unknown> = {}) => ({
      id: w(n),
      title: `Synthetic cited work ${n}`,
      publication_year: 2006,
      authorships: [],
      ...extra,
    });
    const targets = Array.from({ length: 10 }, (_, i) => work(i + 3));
    // The preprint (arXiv id in its DOI) cites ten works; its published version (arXiv id in the
    // landing page) is the same paper and cites one of them again, in a later batch.
    const preprint = work(1, {
      doi: 'https://doi.org/10.48550/arXiv.9606.00001',
      referenced_works: targets.map((t) => t.id),
    });
    const published = work(2, {
      doi: 'https://doi.org/10.9999/published-9606',
      primary_location: { landing_page_url: 'https://arxiv.org/abs/9606.00001' },
      referenced_works: [w(3)],
    });
    const file = path.join(db.dir(), 'created-citations.jsonl');
    await writeFile(file, `${[...targets, preprint, published].map((r) => JSON.stringify(r)).join('\n')}\n`);
    const summary = await importSource(db.executor, [file], { format: 'openalex', batchSize: 1 });
    expect(summary).toMatchObject({ works: 12, papersCreated: 11 });
    const edges = await db.read(
      `MATCH (:Paper {id: 'arxiv:9606.00001'})-[e:CITES]->(b:Paper) RETURN b.openalexId AS to, count(e) AS n ORDER BY to`,
    );
    expect(edges).toEqual(targets.map((t) => ({ to: t.id.slice(t.id.lastIndexOf('/') + 1), n: 1 })));
    const [cited] = await db.read(`MATCH (b:Paper {openalexId: 'W9600000003'}) RETURN b.citationCount AS n`);
    expect(cited?.n).toBe(1);
  }, 300_000);
});

describe('a killed import', () => {
  it('SIGKILLed after batch 2 leaves a graph that a re-run completes with the same counts', async () => {
    const file = await writeSeedAs('openalex', db.dir(), { base: 9_500_000, keepArxiv: false });
    const run = (env: Record<string, string>) =>
      new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', 'src/cli/import.ts', '--format', 'openalex', '--batch-size', '5', file],
          {
            cwd: repoRoot,
            env: {
              ...process.env,
              NEO4J_URI: db.neo4j.uri,
              NEO4J_USER: db.neo4j.user,
              NEO4J_PASSWORD: db.neo4j.password,
              NEO4J_DATABASE: db.neo4j.database,
              LOG_LEVEL: 'silent',
              ...env,
            },
          },
        );
        let out = '';
        child.stdout.on('data', (d) => {
          out += d;
        });
        child.stderr.on('data', (d) => {
          out += d;
        });
        child.on('exit', (code, signal) => resolve({ code, signal, out }));
      });
    const killed = await run({ PAPERGRAPH_IMPORT_KILL_AFTER_BATCH: '2' });
    expect(killed.signal).toBe('SIGKILL');
    const [partial] = await db.read(`MATCH (p:Paper) WHERE p.openalexId STARTS WITH 'W95' RETURN count(p) AS n`);
    expect(partial?.n).toBe(10);
    const done = await run({});
    expect(done.code, done.out).toBe(0);
    // Each pass's progress, as plain lines on a pipe.
    expect(done.out).toMatch(/^\[import\] read 100% \(.+ \| 25 records, /m);
    expect(done.out).toMatch(/^\[import\] works 100% \(25 of 25 works, [\d,]+ works\/s\)$/m);
    expect(done.out).toMatch(/^\[import\] citations 100% \(([\d,]+) of \1 references, /m);
    const full = await db.counts();
    const again = await run({});
    expect(again.code, again.out).toBe(0);
    expect(await db.counts()).toEqual(full);
    const [all] = await db.read(`MATCH (p:Paper) WHERE p.openalexId STARTS WITH 'W95' RETURN count(p) AS n`);
    expect(all?.n).toBe(25);
  }, 300_000);
});

describe('authors across batches', () => {
  it('one author per OpenAlex id, ids learnt in a later batch kept, a conflicting ORCID never replacing one', async () => {
    const authorship = (author: Record<string, unknown>) => ({ author_position: 'first', author });
    const work = (n: number, author: Record<string, unknown>) => ({
      id: `https://openalex.org/W97000000${n}`,
      title: `Synthetic work ${n} of one recurring author`,
      publication_year: 2007,
      authorships: [authorship({ display_name: 'Recurring Author', ...author })],
    });
    const a = { id: 'https://openalex.org/A9700000001' };
    const orcid = (n: number) => `https://orcid.org/0000-0000-0097-000${n}`;
    const records = [
      work(1, a), // creates the author
      work(2, { ...a, orcid: orcid(1) }), // it learns an ORCID
      work(3, { orcid: orcid(1) }), // found by that ORCID alone
      work(4, { ...a, orcid: orcid(2) }), // another ORCID: the first one stays
      work(5, { orcid: orcid(2) }), // an ORCID no author holds: a new author
      work(6, a),
    ];
    const file = path.join(db.dir(), 'recurring-author.jsonl');
    await writeFile(file, `${records.map((r) => JSON.stringify(r)).join('\n')}\n`);
    const summary = await importSource(db.executor, [file], { format: 'openalex', batchSize: 1 });
    expect(summary.authors).toEqual({ byId: 4, byByline: 0, byName: 0, created: 2, ambiguous: 0 });
    const rows = await db.read(
      `MATCH (a:Author)-[w:AUTHORED]->(p:Paper) WHERE p.openalexId STARTS WITH 'W97'
       RETURN a.id AS id, a.openalexId AS openalexId, a.orcid AS orcid, collect(p.openalexId) AS papers ORDER BY id`,
    );
    expect(rows.map((r) => ({ ...r, papers: (r.papers as string[]).sort() }))).toEqual([
      {
        id: 'author:openalex-A9700000001',
        openalexId: 'A9700000001',
        orcid: '0000-0000-0097-0001',
        papers: ['W970000001', 'W970000002', 'W970000003', 'W970000004', 'W970000006'],
      },
      {
        id: 'author:orcid-0000-0000-0097-0002',
        openalexId: null,
        orcid: '0000-0000-0097-0002',
        papers: ['W970000005'],
      },
    ]);
  });
});
