import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { SourceFormat } from '../../src/ingest/formats/work.js';
import { type GenerateOptions, generateRecords } from './generator.js';
import { writeFileVia } from './write.js';

/**
 * The synthetic graph of generator.ts written in a source format (OpenAlex
 * works, S2 Graph API papers, arXiv snapshot lines, BibTeX entries): the same
 * papers, bylines, topics and (OpenAlex, S2) citations as the papergraph file.
 * Reads the generator twice: once for the CITES lists (held per paper, the one
 * table that grows with the graph), once to write. Ids are synthetic:
 * OpenAlex W<i+1>/A<j+1>, S2 paperId = hex of i, CorpusId i+1, arXiv
 * `synthetic/<i, 7 digits>`, DOI 10.5555/g.<i> (OpenAlex only).
 */

interface Paper {
  id: string;
  title: string;
  abstract?: string;
  published: string;
  kind: string;
  authors: string[];
  topics: string[];
}
interface Topic {
  id: string;
  name: string;
  parent?: string;
}

const num = (id: string) => Number(id.slice(id.lastIndexOf('-') + 1));
const hex = (i: number) => i.toString(16).padStart(40, '0');
const arxiv = (i: number) => `synthetic/${String(i).padStart(7, '0')}`;

/** Words of an abstract as OpenAlex's inverted index (`abstract_inverted_index`); null for none. */
export function inverted(text: string | undefined): Record<string, number[]> | null {
  if (!text) return null;
  const index: Record<string, number[]> = {};
  text.split(' ').forEach((w, i) => {
    if (!Object.hasOwn(index, w)) index[w] = [];
    index[w]?.push(i);
  });
  return index;
}

function* sourceRecords(format: SourceFormat, options: GenerateOptions): Generator<string> {
  const cites = new Map<number, number[]>();
  if (format === 'openalex' || format === 's2') {
    for (const r of generateRecords(options) as Generator<{
      type: string;
      relation?: string;
      from?: string;
      to?: string;
    }>) {
      if (r.type !== 'edge' || r.relation !== 'CITES') continue;
      const from = num(r.from as string);
      const list = cites.get(from) ?? [];
      list.push(num(r.to as string));
      cites.set(from, list);
    }
  }
  const topics = new Map<string, Topic>();
  const authors: string[] = [];
  for (const r of generateRecords(options) as Generator<{ type: string } & Record<string, unknown>>) {
    if (r.type === 'topic') topics.set(r.id as string, r as unknown as Topic);
    else if (r.type === 'author') authors[num(r.id as string)] = r.name as string;
    else if (r.type === 'paper') yield line(format, r as unknown as Paper, topics, authors, cites);
  }
}

function line(
  format: SourceFormat,
  p: Paper,
  topics: Map<string, Topic>,
  authors: string[],
  cites: Map<number, number[]>,
) {
  const i = num(p.id);
  const names = p.authors.map((a) => authors[num(a)] ?? a);
  const ts = p.topics.map((t) => topics.get(t)).filter((t): t is Topic => !!t);
  const year = Number(p.published.slice(0, 4));
  switch (format) {
    case 'openalex':
      return JSON.stringify({
        id: `https://openalex.org/W${i + 1}`,
        doi: `https://doi.org/10.5555/g.${i}`,
        title: p.title,
        publication_date: p.published,
        publication_year: year,
        type: p.kind === 'technical_report' ? 'report' : 'article',
        authorships: p.authors.map((a, k) => ({
          author_position: k === 0 ? 'first' : 'middle',
          author: { id: `https://openalex.org/A${num(a) + 1}`, display_name: names[k] },
          raw_author_name: names[k],
        })),
        abstract_inverted_index: inverted(p.abstract),
        topics: ts.map((t) => ({
          id: `https://openalex.org/T${num(t.id) + 1}`,
          display_name: t.name,
          field: t.parent
            ? { id: `https://openalex.org/fields/${num(t.parent) + 1}`, display_name: topics.get(t.parent)?.name }
            : null,
        })),
        referenced_works: (cites.get(i) ?? []).map((j) => `https://openalex.org/W${j + 1}`),
        cited_by_count: 0,
      });
    case 's2':
      return JSON.stringify({
        paperId: hex(i + 1),
        externalIds: { CorpusId: i + 1 },
        title: p.title,
        abstract: p.abstract ?? null,
        year,
        publicationDate: p.published,
        authors: p.authors.map((a, k) => ({ authorId: String(num(a) + 1), name: names[k] })),
        fieldsOfStudy: [...new Set(ts.map((t) => topics.get(t.parent ?? t.id)?.name ?? t.name))],
        references: (cites.get(i) ?? []).map((j) => ({ citedPaper: { paperId: hex(j + 1) } })),
      });
    case 'arxiv':
      return JSON.stringify({
        id: arxiv(i),
        title: p.title,
        abstract: p.abstract ?? '',
        categories: ts.map((t) => (t.parent ? `g${num(t.parent)}.t${num(t.id)}` : `g${num(t.id)}`)).join(' '),
        versions: [{ version: 'v1', created: new Date(`${p.published}T12:00:00Z`).toUTCString() }],
        authors_parsed: names.map((n) => {
          const cut = n.lastIndexOf(' ');
          return cut < 0 ? [n, '', ''] : [n.slice(cut + 1), n.slice(0, cut), ''];
        }),
      });
    case 'bibtex':
      return [
        `@${p.kind === 'technical_report' ? 'techreport' : 'article'}{g${i},`,
        `  author = {${names.map((n) => n.replace(/^(.*) (\S+)$/, '$2, $1')).join(' and ')}},`,
        `  title = {{${p.title}}},`,
        `  date = {${p.published}},`,
        `  eprint = {${arxiv(i)}}, archivePrefix = {arXiv},`,
        ...(p.abstract ? [`  abstract = {${p.abstract}},`] : []),
        `  keywords = {${ts.map((t) => t.name.replace(/[,;{}]/g, ' ')).join(', ')}}`,
        '}',
        '',
      ].join('\n');
  }
}

/** Write the dataset in `format` to `out`, honouring back-pressure. Returns the works written. */
export async function writeSourceRecords(
  out: Writable,
  format: SourceFormat,
  options: GenerateOptions,
): Promise<number> {
  let chunk = '';
  let n = 0;
  for (const text of sourceRecords(format, options)) {
    chunk += `${text}\n`;
    n += 1;
    if (chunk.length >= 1 << 18) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  if (chunk && !out.write(chunk)) await once(out, 'drain');
  return n;
}

/** Write it to `file` (writeFileVia). */
export function writeSourceFile(file: string, format: SourceFormat, options: GenerateOptions): Promise<number> {
  return writeFileVia(file, (out) => writeSourceRecords(out, format, options));
}
