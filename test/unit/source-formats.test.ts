import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeGlobalID } from '@pothos/plugin-relay';
import { describe, expect, it } from 'vitest';
import { detectFormat, readers, recordsOf } from '../../src/ingest/formats/input.js';
import { canonicalId, type SourceFormat, type SourceItem } from '../../src/ingest/formats/work.js';
import { convertRecord } from '../../src/ingest/source/convert.js';
import { keyFrom } from '../../src/schema/ids.js';
import { fixture } from '../fixtures/ingest-db.js';

/** Every item of a fixture file, as its reader converts it (problems fail the test). */
async function itemsOf(name: string, format: SourceFormat): Promise<SourceItem[]> {
  const out: SourceItem[] = [];
  for await (const raw of recordsOf(fixture(`sources/${name}`), format))
    for (const r of convertRecord(raw, format, name)) {
      if ('problems' in r) throw new Error(`line ${r.line}: ${JSON.stringify(r.problems)}`);
      out.push(...r.items);
    }
  return out;
}
const works = (items: SourceItem[]) => items.flatMap((i) => (i.type === 'work' ? [i] : []));

describe('OpenAlex reader', () => {
  it('reads ids from URLs, the arXiv id from a 10.48550 DOI, and rebuilds the abstract', async () => {
    const [a, b, c] = works(await itemsOf('openalex-edge-cases.jsonl', 'openalex'));
    expect(a?.ids).toEqual({
      openalex: 'W9000000001',
      doi: '10.48550/arxiv.9901.00001',
      arxiv: '9901.00001',
    });
    expect(canonicalId(a?.ids ?? {})).toBe('arxiv:9901.00001');
    expect(a?.abstract).toBe('Synthetic abstract an abstract');
    expect(a?.authors).toEqual([
      { name: 'Test Author Alpha', openalexId: 'A9000000001', orcid: '0000-0000-0000-000X' },
      { name: 'Test Author Beta' },
    ]);
    expect(a?.topics.map((t) => [t.id, t.parent])).toEqual([
      ['topic:openalex-domains-9', undefined],
      ['topic:openalex-fields-90', 'topic:openalex-domains-9'],
      ['topic:openalex-subfields-9001', 'topic:openalex-fields-90'],
      ['topic:openalex-T90001', 'topic:openalex-subfields-9001'],
    ]);
    expect(a?.references.map((r) => r.ids.openalex)).toEqual(['W9000000002', 'W1234567890']);
    expect(a?.citedByCount).toBe(7);
    // A DOI with ()<>;: kept whole; arXiv id from the landing page URL (version kept apart); year only.
    expect(b?.ids.doi).toBe('10.9999/syn(2002)12;3<45:test>2.0.co;2');
    expect(b?.ids).toMatchObject({ arxiv: '9902.00002', arxivVersion: 'v3' });
    expect(b?.abstract).toBeUndefined();
    expect(b).toMatchObject({ year: 2002, datePrecision: 'year', kind: 'technical_report' });
    expect(b?.topics.map((t) => t.id)).toEqual(['topic:openalex-concepts-C9000']);
    expect(c?.ids).toEqual({ openalex: 'W9000000003' });
    expect(canonicalId(c?.ids ?? {})).toBe('openalex:W9000000003');
  });

  it("reads the snapshot's merged_ids CSV rows, and an id a record lists beside its own", async () => {
    expect(await detectFormat(fixture('sources/openalex-merged-ids.csv'))).toBe('openalex');
    expect(await itemsOf('openalex-merged-ids.csv', 'openalex')).toEqual([
      { type: 'merged', from: 'W9000000009', into: 'W9000000001' },
      { type: 'merged', from: 'W9000000008', into: 'W9999999999' },
    ]);
    expect(readers.openalex.convert({ merge_date: '2024-01-02', id: 'A1', merge_into_id: 'A2' }, 'f')).toEqual({
      problems: [{ path: 'id', message: 'required (a work id W…)' }],
    });
    const redirected = readers.openalex.convert(
      {
        id: 'https://openalex.org/W2',
        ids: { openalex: 'https://openalex.org/W1' },
        title: 't',
        publication_year: 2001,
        authorships: [],
      },
      'f',
    );
    expect('items' in redirected && redirected.items[0]?.type === 'work' && redirected.items[0].ids).toEqual({
      openalex: 'W2',
      openalexMerged: ['W1'],
    });
  });

  it('reports a missing id with its field', () => {
    expect(readers.openalex.convert({ title: 'x', publication_year: 2000, authorships: [] }, 'f')).toEqual({
      problems: [{ path: 'id', message: expect.stringContaining('required') }],
    });
  });
});

describe('Semantic Scholar reader', () => {
  it('reads Graph API objects, the bulk shape and citation rows with contexts', async () => {
    const items = await itemsOf('s2-edge-cases.jsonl', 's2');
    const [one, two] = works(items);
    expect(one?.ids).toEqual({
      s2: '0000000000000000000000000000000000000001',
      corpusId: 900000001,
      doi: '10.9999/s2.one',
      arxiv: '9903.00003',
    });
    expect(one?.authors).toEqual([{ name: 'Test Author Delta', s2Id: '900001' }, { name: 'Test Author Epsilon' }]);
    expect(one?.references).toEqual([
      {
        ids: { s2: '0000000000000000000000000000000000000002', corpusId: 900000002 },
        evidence: '“as shown by [3], synthetic results hold”',
        confidence: 0.95,
      },
    ]);
    expect(one).toMatchObject({ year: 2020, datePrecision: 'year', citedByCount: 3 });
    expect(one?.topics).toEqual([{ id: 'topic:s2-computer-science', name: 'Computer Science', level: 'field' }]);
    expect(two).toMatchObject({ ids: { corpusId: 900000002 }, published: '2018-03-04', datePrecision: 'day' });
    expect(canonicalId(two?.ids ?? {})).toBe('s2:corpus-900000002');
    const cites = items.filter((i) => i.type === 'citation');
    expect(cites).toEqual([
      {
        type: 'citation',
        from: { corpusId: 900000002 },
        to: { corpusId: 900000001 },
        evidence: '“we follow the synthetic method of [1]”',
        confidence: 0.9,
      },
      { type: 'citation', from: { corpusId: 900000002 }, to: {}, evidence: expect.any(String), confidence: 0.9 },
    ]);
  });
});

describe('arXiv snapshot reader', () => {
  it('reads authors_parsed, categories under their archive, v1 date, DOI', async () => {
    const [w] = works(await itemsOf('arxiv-edge-cases.jsonl', 'arxiv'));
    expect(w).toMatchObject({
      ids: { arxiv: '9904.00004', arxivVersion: 'v2', doi: '10.9999/arxiv.four' },
      title: 'Synthetic arXiv record over two lines',
      abstract: 'A synthetic abstract.',
      published: '1999-04-05',
      authors: [{ name: 'Test Author Eta' }, { name: 'Tést Äuthor Theta' }],
    });
    expect(w?.topics.map((t) => [t.id, t.parent ?? null])).toEqual([
      ['topic:arxiv-cs', null],
      ['topic:arxiv-cs.CL', 'topic:arxiv-cs'],
      ['topic:arxiv-cs.LG', 'topic:arxiv-cs'],
      ['topic:arxiv-stat', null],
      ['topic:arxiv-stat.ML', 'topic:arxiv-stat'],
    ]);
  });
});

describe('BibTeX reader (biblatex-csl-converter per entry)', () => {
  it('splits at entries, unescapes LaTeX accents, drops `and others`, reads eprint and month dates', async () => {
    const [a, b] = works(await itemsOf('bibtex-edge-cases.bib', 'bibtex'));
    expect(a).toMatchObject({
      ids: { bibtex: 'alpha1999synthetic', doi: '10.9999/bib(5);x', arxiv: '9905.00005', arxivVersion: 'v2' },
      title: 'A Synthetic Entry with LaTeX Accents: Été',
      year: 1999,
      datePrecision: 'year',
      authors: [{ name: 'Jérôme Müller' }, { name: 'Test Author Iota' }],
      sourceType: 'article',
    });
    expect(a?.topics.map((t) => t.name)).toEqual(['Synthetic keyword', 'Another']);
    expect(b).toMatchObject({ kind: 'technical_report', sourceType: 'techreport', published: '2001-07-01' });
    expect(b).toMatchObject({ datePrecision: 'month', url: 'https://example.org/report' });
    expect(canonicalId(b?.ids ?? {})).toBe('bibtex:beta2001report');
  });

  it('splits `@type(…)` entries at their closing parenthesis, not at one inside braces or quotes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'pg-bib-'));
    const file = path.join(dir, 'paren.bib');
    await writeFile(
      file,
      [
        '@string(pub = "Synthetic Press (2nd ed.)")',
        '@misc(p1, author = {Tester, Ada}, year = 2003,',
        '  title = {Brackets (in a {title}) here}, note = "a ) in quotes")',
        '@article{p2, author = {Doe, Jo}, title = {Second (entry)}, year = 2004}',
        '@misc(p3, title = {Never closed}',
      ].join('\n'),
    );
    const raw = [];
    for await (const r of recordsOf(file, 'bibtex')) raw.push(r);
    await rm(dir, { recursive: true });
    expect(raw.map((r) => [r.line, 'error' in r ? r.error : 'record'])).toEqual([
      [2, 'record'],
      [4, 'record'],
      [5, 'the entry is not closed (unbalanced braces or parentheses)'],
    ]);
    const titles = raw.flatMap((r) => {
      const c = 'record' in r ? readers.bibtex.convert(r.record, 'paren.bib') : { items: [] };
      return 'items' in c ? c.items.map((w) => (w.type === 'work' ? w.title : '')) : [];
    });
    expect(titles).toEqual(['Brackets (in a title) here', 'Second (entry)']);
  });

  const convert = (entry: string) => readers.bibtex.convert(entry, 'inline.bib');

  it('reads month macros, corporate authors, `First Last` names, dashes and inline markup', () => {
    const r = convert(
      '@inproceedings{g7, author = {{Synthetic Lab} and Ada Q. Tester and van Beek, Jan}, month = jul, year = 2004,\n' +
        "  title = {Model {XY} --- a \\emph{Study} of $x$--$y$ ``in Situ''}}",
    );
    expect(r).toEqual({ items: [expect.objectContaining({ published: '2004-07-01', datePrecision: 'month' })] });
    const [w] = 'items' in r ? r.items : [];
    expect(w).toMatchObject({
      title: 'Model XY \u2014 a Study of x\u2013y \u201cin Situ\u201d',
      authors: [{ name: 'Synthetic Lab' }, { name: 'Ada Q. Tester' }, { name: 'Jan van Beek' }],
      kind: 'paper',
      sourceType: 'inproceedings',
    });
  });

  it.each([
    ['@article{k1, title = {Open, year = 2000', /BibTeX does not parse \(unexpected eof/],
    ['@article{k2 title = {T}, author = {A, B}, year = {2000}}', /BibTeX does not parse \(missing equal sign/],
    ['@article{k3, title = {T}, author = {A, B}, year = {20x0}}', /not a date: "20x0"/],
    ['@article{k4, title = {T}, author = {A, B}}', /required \(year or date\)/],
    ['@article{k5, author = {A, B}, year = 2000}', /title: required/],
    ['@article{k6, title = {T}, author = {others}, year = 2000}', /at least one named author/],
  ])('%s is a problem, not a work', (entry, message) => {
    const r = convert(entry);
    expect('problems' in r && r.problems.map((p) => `${p.path}: ${p.message}`).join('; ')).toMatch(message);
  });
});

describe('format detection', () => {
  it.each([
    ['openalex-edge-cases.jsonl', 'openalex'],
    ['s2-edge-cases.jsonl', 's2'],
    ['arxiv-edge-cases.jsonl', 'arxiv'],
    ['bibtex-edge-cases.bib', 'bibtex'],
  ])('%s is %s', async (name, format) => {
    expect(await detectFormat(fixture(`sources/${name}`))).toBe(format);
  });
  it('papergraph files are papergraph', async () => {
    expect(await detectFormat(fixture('ingest-cli.ndjson'))).toBe('papergraph');
  });
});

describe('DOI ids in the API', () => {
  it('a doi: key with ()<>;: passes as a readable id and inside a Relay global id', () => {
    const key = 'doi:10.9999/syn(2002)12;3<45:test>2.0.co;2';
    expect(keyFrom(key, 'Paper')).toBe(key);
    expect(keyFrom(encodeGlobalID('Paper', key), 'Paper')).toBe(key);
  });
});
