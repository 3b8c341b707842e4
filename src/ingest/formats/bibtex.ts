import { parse } from 'biblatex-csl-converter';
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
 * parsed by biblatex-csl-converter (Fidus Writer's BibLaTeX parser: names,
 * `@string` macros, months, braces and LaTeX accents to Unicode; BibTeX field
 * names such as `archivePrefix` and `year` + `month` come back as their
 * BibLaTeX forms `eprinttype` and `date`). Fields read: author
 * (`and`-separated, `and others` dropped), title, date, eprint + eprinttype,
 * doi, url, abstract, keywords.
 */

/** BibTeX entry type → kind (everything else `paper`, the type as written kept as sourceType). */
export const bibtexKinds: Record<string, PaperKind> = { techreport: 'technical_report', report: 'technical_report' };

/** A rich-text node list (title, abstract, name parts) as parsed. */
type Nodes = { type: string; text?: string; marks?: { type: string }[] }[];
interface Name {
  literal?: Nodes;
  family?: Nodes;
  given?: Nodes;
  prefix?: Nodes;
  suffix?: Nodes;
}
interface ParseProblem {
  type: string;
  expected?: string;
  found?: string;
  field_name?: string;
  value?: string[] | string;
}

/** TeX ligatures the parser leaves as written. */
const dashes = (s: string) => s.replace(/---/g, '\u2014').replace(/--/g, '\u2013');

/** The text of a field: a string, a rich-text node list or a list of strings. */
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return clean(v);
  if (!Array.isArray(v)) return undefined;
  if (v.every((x) => typeof x === 'string')) return clean(v.join(', '));
  const quoted = (n: Nodes[number]) => (n.marks?.some((m) => m.type === 'enquote') ? `\u201c${n.text}\u201d` : n.text);
  return clean(dashes((v as Nodes).map((n) => quoted(n) ?? '').join('')));
}

function nameOf(n: Name): string | undefined {
  if (n.literal) return text(n.literal);
  return clean([n.given, n.prefix, n.family, n.suffix].map(text).filter(Boolean).join(' '));
}

const describe = (e: ParseProblem) =>
  [e.type.replace(/_/g, ' '), e.expected && `expected '${e.expected}'`, e.found && `found '${e.found}'`]
    .filter(Boolean)
    .join(', ');

/** An entry's head, `@type{key,` or `@type(key,`: its type and key. */
const ENTRY_HEAD = /@\s*(\w+)\s*[{(]\s*([^\s,{}()]+)\s*,/g;

/** The entry type as written in the file (the parser reports BibLaTeX's: techreport → report). */
function typeAsWritten(entryText: string, key: string, parsed: string): string {
  // One constant pattern (compiled once; a pattern built per entry from its key cost a seventh of a
  // BibTeX import's parsing), its matches compared with the key.
  ENTRY_HEAD.lastIndex = 0;
  for (let m = ENTRY_HEAD.exec(entryText); m; m = ENTRY_HEAD.exec(entryText))
    if (m[2] === key) return (m[1] as string).toLowerCase();
  return parsed.toLowerCase();
}

/** Parse one entry's text; parse errors and entries without a key are problems. */
function convert(entryText: unknown): ReadResult {
  if (typeof entryText !== 'string') return { problems: [{ path: '', message: 'not a BibTeX entry' }] };
  const parsed = parse(entryText, { processUnexpected: true, processUnknown: true });
  const error = parsed.errors[0];
  if (error) return { problems: [{ path: '', message: `BibTeX does not parse (${describe(error)})` }] };
  const entry = Object.values(parsed.entries)[0];
  if (!entry) return { items: [] };
  const f = entry.fields;
  const problems: { path: string; message: string }[] = [];
  const title = text(f.title);
  if (!title) problems.push({ path: 'title', message: 'required' });
  const date = datePrecision(text(f.date));
  if (!date) {
    const bad = (parsed.warnings as ParseProblem[]).find((w) => w.type === 'unknown_date');
    problems.push(
      bad
        ? { path: bad.field_name ?? 'date', message: `not a date: ${JSON.stringify(text(bad.value))}` }
        : { path: 'year', message: 'required (year or date)' },
    );
  }
  const authors = ((f.author ?? []) as Name[])
    .filter((n) => text(n.literal) !== 'others')
    .map(nameOf)
    .filter((n): n is string => !!n)
    .map((name) => ({ name }));
  if (!authors.length) problems.push({ path: 'author', message: 'required (at least one named author)' });
  if (problems.length || !title || !date) return { problems };

  const ids: Work['ids'] = { bibtex: entry.entry_key };
  const doi = normalizeDoi(text(f.doi));
  if (doi) ids.doi = doi;
  const prefix = text(f.eprinttype);
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
  const sourceType = typeAsWritten(entryText, entry.entry_key, entry.bib_type);
  const work: Work = {
    type: 'work',
    ids,
    title,
    ...date,
    kind: bibtexKinds[sourceType] ?? 'paper',
    sourceType,
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
