import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inverted } from '../../bench/generate/source-formats.js';
import type { SourceFormat } from '../../src/ingest/formats/work.js';
import { loadSeedGraph } from './seed-graph.js';

/**
 * The 25 seed papers written in each source format, from seed/*.ndjson (titles,
 * abstracts, dates, bylines and CITES edges are the seed's facts). The source
 * ids (OpenAlex W…/A…, S2 paperId/authorId/corpusId) are synthetic, built from
 * `base`, and clearly fake. `keepArxiv`: give each work its real arXiv id (the
 * records then merge into the seed papers); otherwise works carry only the
 * synthetic ids (arXiv records get an old-style `rt-test/<base+i>` id), so
 * they import as new papers.
 */
export interface SeedWriteOptions {
  base: number;
  keepArxiv: boolean;
}

const seed = loadSeedGraph();
type SeedPaper = { id: string; title: string; published: string; abstract?: string; authors: string[] };
const papers = [...seed.papers.values()] as unknown as SeedPaper[];
const index = new Map(papers.map((p, i) => [p.id, i]));
const cites = seed.edges.filter((e) => e.relation === 'CITES');
const authorIndex = new Map([...seed.authors.keys()].map((id, i) => [id, i]));
const nameOf = (id: string) => seed.authors.get(id)?.name ?? id;

const w = (o: SeedWriteOptions, i: number) => `W${o.base + i}`;
const a = (o: SeedWriteOptions, id: string) => `A${o.base + (authorIndex.get(id) ?? 0)}`;
const s2 = (o: SeedWriteOptions, i: number) => String(o.base + i).padStart(40, '0');
const arxivOf = (id: string) => id.replace(/^arxiv:/, '');

export function openalexRecords(o: SeedWriteOptions): Record<string, unknown>[] {
  return papers.map((p, i) => ({
    id: `https://openalex.org/${w(o, i)}`,
    doi: o.keepArxiv ? `https://doi.org/10.48550/arXiv.${arxivOf(p.id)}` : null,
    title: p.title,
    display_name: p.title,
    publication_date: p.published,
    publication_year: Number(p.published.slice(0, 4)),
    type: 'preprint',
    authorships: p.authors.map((id, k) => ({
      author_position: k === 0 ? 'first' : k === p.authors.length - 1 ? 'last' : 'middle',
      author: { id: `https://openalex.org/${a(o, id)}`, display_name: nameOf(id), orcid: null },
      raw_author_name: nameOf(id),
    })),
    abstract_inverted_index: inverted(p.abstract),
    referenced_works: cites
      .filter((e) => e.from === p.id && index.has(e.to))
      .map((e) => `https://openalex.org/${w(o, index.get(e.to) as number)}`),
    cited_by_count: 100 + i,
  }));
}

export function s2Records(o: SeedWriteOptions): Record<string, unknown>[] {
  return papers.map((p, i) => ({
    paperId: s2(o, i),
    externalIds: { CorpusId: o.base + i, ...(o.keepArxiv ? { ArXiv: arxivOf(p.id) } : {}) },
    title: p.title,
    abstract: p.abstract ?? null,
    year: Number(p.published.slice(0, 4)),
    publicationDate: p.published,
    authors: p.authors.map((id) => ({ authorId: String(o.base + (authorIndex.get(id) ?? 0)), name: nameOf(id) })),
    citationCount: 200 + i,
    references: cites
      .filter((e) => e.from === p.id && index.has(e.to))
      .map((e) => ({
        contexts: [e.evidence],
        intents: ['background'],
        isInfluential: false,
        citedPaper: { paperId: s2(o, index.get(e.to) as number) },
      })),
  }));
}

/** An RFC 2822 date as the arXiv snapshot's versions[].created writes it. */
const rfc2822 = (day: string) => new Date(`${day}T12:00:00Z`).toUTCString();

export function arxivRecords(o: SeedWriteOptions): Record<string, unknown>[] {
  return papers.map((p, i) => {
    const names = p.authors.map(nameOf);
    return {
      id: o.keepArxiv ? arxivOf(p.id) : `rt-test/${o.base + i}`,
      submitter: names[0],
      authors: names.join(', '),
      title: p.title,
      categories: '',
      abstract: p.abstract ?? '',
      doi: null,
      versions: [{ version: 'v1', created: rfc2822(p.published) }],
      update_date: p.published,
      authors_parsed: names.map((n) => {
        const cut = n.lastIndexOf(' ');
        return cut < 0 ? [n, '', ''] : [n.slice(cut + 1), n.slice(0, cut), ''];
      }),
    };
  });
}

/** BibTeX entries; braces in text escaped away (the seed has none), names as `Last, First`. */
export function bibtexEntries(o: SeedWriteOptions): string[] {
  return papers.map((p, i) => {
    const authors = p.authors
      .map(nameOf)
      .map((n) => {
        const cut = n.lastIndexOf(' ');
        return cut < 0 ? `{${n}}` : `${n.slice(cut + 1)}, ${n.slice(0, cut)}`;
      })
      .join(' and ');
    const fields = [
      `  author = {${authors}}`,
      `  title = {{${p.title}}}`,
      `  date = {${p.published}}`,
      ...(o.keepArxiv ? [`  eprint = {${arxivOf(p.id)}}`, '  archivePrefix = {arXiv}'] : []),
    ];
    return `@article{rt${o.base + i},\n${fields.join(',\n')}\n}\n`;
  });
}

/** Write the seed in `format` to `dir`; returns the file. */
export async function writeSeedAs(format: SourceFormat, dir: string, o: SeedWriteOptions): Promise<string> {
  const file = path.join(dir, `seed-${format}-${o.base}.${format === 'bibtex' ? 'bib' : 'jsonl'}`);
  const body =
    format === 'bibtex'
      ? bibtexEntries(o).join('\n')
      : (format === 'openalex' ? openalexRecords(o) : format === 's2' ? s2Records(o) : arxivRecords(o))
          .map((r) => JSON.stringify(r))
          .join('\n');
  await writeFile(file, `${body}\n`);
  return file;
}

export { cites as seedCites, nameOf as seedAuthorName, papers as seedPapers };
