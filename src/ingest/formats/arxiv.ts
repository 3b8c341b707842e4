import {
  clean,
  datePrecision,
  type FormatReader,
  isObject,
  normalizeDoi,
  parseArxiv,
  type ReadResult,
  str,
  type Work,
  type WorkTopic,
} from './work.js';

/**
 * The arXiv metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json"):
 * one JSON object per line with `id`, `title`, `abstract`, `authors` (a
 * string), `authors_parsed` (`[last, first, suffix]`), `categories`
 * (space-separated), `versions[{version, created}]`, `doi`,
 * `update_date`. No references.
 */

/** RFC 2822 dates of `versions[].created` ("Mon, 2 Apr 2007 19:18:42 GMT") → `YYYY-MM-DD`. */
function isoDay(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const t = Date.parse(value);
  return Number.isNaN(t) ? undefined : new Date(t).toISOString().slice(0, 10);
}

/** `cs.CL` → the category under its archive `cs`; `hep-th` → an archive alone. */
function topicsOf(categories: string): WorkTopic[] {
  const out = new Map<string, WorkTopic>();
  for (const c of categories.split(/\s+/).filter(Boolean)) {
    const dot = c.indexOf('.');
    if (dot < 0) {
      out.set(`topic:arxiv-${c}`, { id: `topic:arxiv-${c}`, name: c, level: 'archive' });
      continue;
    }
    const archive = c.slice(0, dot);
    const parent = `topic:arxiv-${archive}`;
    if (!out.has(parent)) out.set(parent, { id: parent, name: archive, level: 'archive' });
    out.set(`topic:arxiv-${c}`, { id: `topic:arxiv-${c}`, name: c, parent, level: 'category' });
  }
  return [...out.values()];
}

function convert(record: unknown): ReadResult {
  if (!isObject(record)) return { problems: [{ path: '', message: 'an arXiv record must be a JSON object' }] };
  const o = record;
  const problems: { path: string; message: string }[] = [];
  const arxiv = parseArxiv(str(o.id));
  if (!arxiv) problems.push({ path: 'id', message: 'required (an arXiv id like 2303.08774)' });
  const title = clean(o.title);
  if (!title) problems.push({ path: 'title', message: 'required' });
  const versions = Array.isArray(o.versions) ? o.versions.filter(isObject) : [];
  const first = versions.find((v) => v.version === 'v1') ?? versions[0];
  const date = datePrecision(isoDay(str(first?.created))) ?? datePrecision(str(o.update_date));
  if (!date) problems.push({ path: 'versions[0].created', message: 'required (the first version’s date)' });
  const parsed = Array.isArray(o.authors_parsed) ? o.authors_parsed : undefined;
  if (!parsed) problems.push({ path: 'authors_parsed', message: 'required (a list of [last, first, suffix])' });
  if (problems.length || !arxiv || !title || !date || !parsed) return { problems };
  const authors: Work['authors'] = [];
  for (const [i, p] of parsed.entries()) {
    const parts = Array.isArray(p) ? p.map((x) => clean(x) ?? '') : [];
    const [last = '', given = '', suffix = ''] = parts;
    const name = clean([given, last, suffix].join(' '));
    if (!name) return { problems: [{ path: `authors_parsed[${i}]`, message: 'needs a last name' }] };
    authors.push({ name });
  }
  const last = versions[versions.length - 1]?.version;
  const work: Work = {
    type: 'work',
    ids: { arxiv: arxiv.id, ...(typeof last === 'string' ? { arxivVersion: last } : {}) },
    title,
    ...date,
    kind: 'paper',
    sourceType: 'preprint',
    url: `https://arxiv.org/abs/${arxiv.id}`,
    authors,
    topics: topicsOf(str(o.categories) ?? ''),
    references: [],
  };
  const doi = normalizeDoi(str(o.doi)?.split(/\s+/)[0]);
  if (doi) work.ids.doi = doi;
  const abstract = clean(o.abstract);
  if (abstract) work.abstract = abstract;
  return { items: [work] };
}

export const arxivReader: FormatReader = {
  format: 'arxiv',
  detect: (r) => isObject(r) && 'authors_parsed' in r && typeof r.id === 'string',
  convert: (r) => convert(r),
};
