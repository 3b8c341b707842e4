import type { PaperKind } from '../../graph/model.js';
import {
  arxivFromAny,
  clean,
  datePrecision,
  type FormatReader,
  isObject,
  type Json,
  normalizeDoi,
  openalexKey,
  orcidKey,
  type ReadResult,
  str,
  type Work,
  type WorkIds,
  type WorkTopic,
} from './work.js';

/**
 * OpenAlex Work objects (docs.openalex.org, "Work object"): one per line in
 * the snapshot's part files, or the `results` of an API page. Fields read:
 * id, doi, ids, title/display_name, publication_date, publication_year, type,
 * authorships[].author{id,display_name,orcid} / raw_author_name,
 * abstract_inverted_index, referenced_works, topics[]/primary_topic (domain →
 * field → subfield → topic), concepts[], cited_by_count,
 * primary_location.landing_page_url, locations[].landing_page_url. Also the
 * snapshot's merged_ids/works CSV files (`merge_date,id,merge_into_id`).
 */

/** OpenAlex `type` → papergraph kind (the source type is kept beside it). */
export const openalexKinds: Record<string, PaperKind> = { report: 'technical_report' };

/** CITES from `referenced_works`: what the edge says and how sure it is. */
export const OPENALEX_REFERENCE = {
  evidence: 'Listed in the reference list of the citing work (OpenAlex referenced_works).',
  confidence: 0.9,
};

/** The abstract from OpenAlex's inverted index (word → positions); undefined when null or empty. */
export function rebuildAbstract(index: unknown): string | undefined {
  if (!isObject(index)) return undefined;
  const words: string[] = [];
  for (const [word, positions] of Object.entries(index)) {
    if (!Array.isArray(positions)) continue;
    for (const p of positions) if (Number.isInteger(p) && p >= 0 && p < 1_000_000) words[p as number] = word;
  }
  return clean(words.filter((w) => w !== undefined).join(' '));
}

/** One level of OpenAlex's topic hierarchy (`https://openalex.org/subfields/1702` → `topic:openalex-subfields-1702`). */
function level(node: unknown, kind: string, parent: string | undefined): WorkTopic | undefined {
  if (!isObject(node)) return undefined;
  const name = clean(node.display_name);
  const raw = str(node.id);
  if (!name || !raw) return undefined;
  const tail = /([A-Za-z]*\d+)\/?$/.exec(raw)?.[1];
  if (!tail) return undefined;
  const id = kind === 'topic' ? `topic:openalex-${tail}` : `topic:openalex-${kind}s-${tail}`;
  return parent ? { id, name, parent, level: kind } : { id, name, level: kind };
}

function topicsOf(o: Json): WorkTopic[] {
  const out = new Map<string, WorkTopic>();
  const add = (t: WorkTopic | undefined) => {
    if (t && !out.has(t.id)) out.set(t.id, t);
    return t?.id;
  };
  const topics = Array.isArray(o.topics) && o.topics.length ? o.topics : o.primary_topic ? [o.primary_topic] : [];
  for (const t of topics) {
    if (!isObject(t)) continue;
    // Each level under the nearest level above it that the work gives.
    const d = add(level(t.domain, 'domain', undefined));
    const f = add(level(t.field, 'field', d)) ?? d;
    const s = add(level(t.subfield, 'subfield', f)) ?? f;
    add(level(t, 'topic', s));
  }
  if (!out.size && Array.isArray(o.concepts)) {
    // The older concepts have levels but no parents in the work object: stored flat.
    for (const c of o.concepts) add(level(c, 'concept', undefined));
  }
  return [...out.values()];
}

function workIds(o: Json): WorkIds {
  const ids: WorkIds = {};
  const extra = isObject(o.ids) ? o.ids : {};
  const openalex = openalexKey(str(o.id) ?? str(extra.openalex));
  if (openalex) ids.openalex = openalex;
  const doi = normalizeDoi(str(o.doi) ?? str(extra.doi));
  if (doi) ids.doi = doi;
  // A record saved under another id than the one it now has (an API answer for a merged-away
  // id redirects to the work it was merged into): that other id is this work too.
  const listed = openalexKey(str(extra.openalex));
  if (openalex && listed && listed !== openalex) ids.openalexMerged = [listed];
  const primary = isObject(o.primary_location) ? o.primary_location : {};
  const locations = Array.isArray(o.locations) ? o.locations.filter(isObject) : [];
  arxivFromAny(
    ids,
    str(o.doi),
    str(extra.arxiv),
    str(primary.landing_page_url),
    str(primary.pdf_url),
    ...locations.flatMap((l) => [str(l.landing_page_url), str(l.pdf_url)]),
  );
  return ids;
}

function convert(record: unknown): ReadResult {
  if (!isObject(record)) return { problems: [{ path: '', message: 'an OpenAlex work must be a JSON object' }] };
  const o = record;
  const problems: { path: string; message: string }[] = [];
  const ids = workIds(o);
  if (!ids.openalex)
    problems.push({ path: 'id', message: 'required (an OpenAlex work id like https://openalex.org/W…)' });
  const title = clean(o.title) ?? clean(o.display_name);
  if (!title) problems.push({ path: 'title', message: 'required (title or display_name)' });
  const date = datePrecision(str(o.publication_date)) ?? datePrecision(String(o.publication_year ?? ''));
  if (!date) problems.push({ path: 'publication_date', message: 'required (publication_date or publication_year)' });
  if (!Array.isArray(o.authorships)) problems.push({ path: 'authorships', message: 'required (a list)' });
  if (problems.length || !title || !date) return { problems };

  const authors: Work['authors'] = [];
  for (const [i, a] of (o.authorships as unknown[]).entries()) {
    if (!isObject(a)) return { problems: [{ path: `authorships[${i}]`, message: 'must be an object' }] };
    const au = isObject(a.author) ? a.author : {};
    const name = clean(au.display_name) ?? clean(a.raw_author_name);
    if (!name)
      return {
        problems: [{ path: `authorships[${i}].author.display_name`, message: 'required (or raw_author_name)' }],
      };
    const author: Work['authors'][number] = { name };
    const id = openalexKey(str(au.id));
    if (id) author.openalexId = id;
    const orcid = orcidKey(str(au.orcid));
    if (orcid) author.orcid = orcid;
    authors.push(author);
  }
  const type = str(o.type);
  const work: Work = {
    type: 'work',
    ids,
    title,
    ...date,
    kind: (type && openalexKinds[type]) || 'paper',
    authors,
    topics: topicsOf(o),
    references: (Array.isArray(o.referenced_works) ? o.referenced_works : [])
      .map((r) => openalexKey(str(r)))
      .filter((w): w is string => !!w)
      .map((w) => ({ ids: { openalex: w }, ...OPENALEX_REFERENCE })),
  };
  const abstract = rebuildAbstract(o.abstract_inverted_index);
  if (abstract) work.abstract = abstract;
  if (type) work.sourceType = type;
  const url = isObject(o.primary_location) ? str(o.primary_location.landing_page_url) : undefined;
  if (url && /^https?:\/\//.test(url)) work.url = url;
  if (typeof o.cited_by_count === 'number') work.citedByCount = o.cited_by_count;
  return { items: [work] };
}

/** A row of the snapshot's merged_ids/works files (`merge_date,id,merge_into_id`); other entities' rows are refused. */
function convertMerged(o: Json): ReadResult {
  const from = openalexKey(str(o.id));
  const into = openalexKey(str(o.merge_into_id));
  if (!from?.startsWith('W')) return { problems: [{ path: 'id', message: 'required (a work id W…)' }] };
  if (!into?.startsWith('W')) return { problems: [{ path: 'merge_into_id', message: 'required (a work id W…)' }] };
  return { items: [{ type: 'merged', from, into }] };
}

export const openalexReader: FormatReader = {
  format: 'openalex',
  detect: (r) => isObject(r) && typeof r.id === 'string' && /openalex\.org\/W\d+/i.test(r.id),
  convert: (r) => (isObject(r) && 'merge_into_id' in r ? convertMerged(r) : convert(r)),
};
