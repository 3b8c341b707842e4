import { parse } from '@retorquere/bibtex-parser';
import type { PaperKind } from '../../graph/model.js';
import {
  arxivFromAny,
  clean,
  datePrecision,
  type FormatReader,
  normalizeDoi,
  parseArxiv,
  type ReadResult,
  slug,
  type Work,
} from './work.js';

/**
 * BibTeX / BibLaTeX entries (Zotero, Better BibTeX exports). The file is split
 * at top-level `@` entries (src/ingest/formats/input.ts) and each entry is
 * parsed by @retorquere/bibtex-parser (the parser behind Better BibTeX: names,
 * braces and LaTeX accents to Unicode). Fields read: author (`and`-separated,
 * `and others` dropped), title, year / date, eprint + archivePrefix, doi, url,
 * abstract, keywords.
 */

/** BibTeX entry type → kind (everything else `paper`, the type kept as sourceType). */
export const bibtexKinds: Record<string, PaperKind> = { techreport: 'technical_report', report: 'technical_report' };

interface Creator {
  lastName?: string;
  firstName?: string;
  prefix?: string;
  suffix?: string;
  name?: string;
}

const text = (v: unknown) => (Array.isArray(v) ? clean(v.join(', ')) : clean(v));

function nameOf(c: Creator): string | undefined {
  if (c.name) return clean(c.name);
  return clean([c.firstName, c.prefix, c.lastName, c.suffix].filter(Boolean).join(' '));
}

/** Parse one entry's text; errors and entries without a key are problems. */
function convert(entryText: unknown): ReadResult {
  if (typeof entryText !== 'string') return { problems: [{ path: '', message: 'not a BibTeX entry' }] };
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(entryText, { sentenceCase: false });
  } catch (error) {
    return { problems: [{ path: '', message: `BibTeX does not parse (${(error as Error).message.split('\n')[0]})` }] };
  }
  const entry = parsed.entries[0];
  if (!entry) {
    const why = parsed.errors[0]?.error;
    return why ? { problems: [{ path: '', message: `BibTeX does not parse (${why})` }] } : { items: [] };
  }
  const f = entry.fields as Record<string, unknown>;
  const problems: { path: string; message: string }[] = [];
  const title = text(f.title);
  if (!title) problems.push({ path: 'title', message: 'required' });
  const date = datePrecision(text(f.date)) ?? datePrecision(text(f.year));
  if (!date) problems.push({ path: 'year', message: 'required (year or date)' });
  const creators = (Array.isArray(f.author) ? f.author : []) as Creator[];
  const authors = creators
    .filter((c) => !(c.lastName === 'others' && !c.firstName))
    .map(nameOf)
    .filter((n): n is string => !!n)
    .map((name) => ({ name }));
  if (!authors.length) problems.push({ path: 'author', message: 'required (at least one named author)' });
  if (problems.length || !title || !date) return { problems };

  const ids: Work['ids'] = { bibtex: entry.key };
  const doi = normalizeDoi(text(f.doi));
  if (doi) ids.doi = doi;
  const prefix = text(f.archiveprefix) ?? text(f.eprinttype);
  const eprint = prefix?.toLowerCase() === 'arxiv' || !prefix ? parseArxiv(text(f.eprint)) : undefined;
  if (eprint) {
    ids.arxiv = eprint.id;
    if (eprint.version) ids.arxivVersion = eprint.version;
  }
  const url = text(f.url);
  arxivFromAny(ids, text(f.doi), url);
  const keywords = (Array.isArray(f.keywords) ? f.keywords : (text(f.keywords)?.split(/[,;]/) ?? []))
    .map((k) => clean(k))
    .filter((k): k is string => !!k);
  const work: Work = {
    type: 'work',
    ids,
    title,
    ...date,
    kind: bibtexKinds[entry.type] ?? 'paper',
    sourceType: entry.type,
    authors,
    topics: [...new Set(keywords)].map((name) => ({ id: `topic:bibtex-${slug(name)}`, name, level: 'keyword' })),
    references: [],
  };
  if (url && /^https?:\/\//.test(url)) work.url = url;
  const abstract = text(f.abstract);
  if (abstract) work.abstract = abstract;
  return { items: [work] };
}

export const bibtexReader: FormatReader = {
  format: 'bibtex',
  detect: (r) => typeof r === 'string' && /^\s*@\w+\s*[{(]/.test(r),
  convert: (r) => convert(r),
};
