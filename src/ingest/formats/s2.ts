import {
  arxivFromAny,
  type Citation,
  clean,
  datePrecision,
  type FormatReader,
  isObject,
  type Json,
  normalizeDoi,
  parseArxiv,
  type ReadResult,
  slug,
  str,
  type Work,
  type WorkIds,
  type WorkReference,
  type WorkTopic,
} from './work.js';

/**
 * Semantic Scholar: Graph API paper objects (`paperId`, `externalIds`,
 * `title`, `abstract`, `year`, `publicationDate`, `authors[{authorId,name}]`,
 * `fieldsOfStudy`, `s2FieldsOfStudy`, `publicationTypes`, `citationCount`,
 * `references` / `citations` — paper objects, or `{contexts, intents,
 * isInfluential, citedPaper|citingPaper}` rows) and the bulk datasets'
 * lower-case shape (`corpusid`, `externalids`, `publicationdate`,
 * `s2fieldsofstudy`, `citationcount`; `citations` rows `citingcorpusid`,
 * `citedcorpusid`, `contexts`, `intents`, `isinfluential`).
 */

const num = (v: unknown) =>
  typeof v === 'number' && Number.isInteger(v) ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
/** A field by its Graph API name or the bulk datasets' lower-case one. */
const get = (o: Json, name: string) => (name in o ? o[name] : o[name.toLowerCase()]);

export const S2_REFERENCE = {
  evidence: 'Listed in the reference list of the citing paper (Semantic Scholar).',
  confidence: 0.9,
  /** isInfluential: Semantic Scholar judged the cited work central to the citing one. */
  influential: 0.95,
};

function idsOf(o: Json): WorkIds {
  const ids: WorkIds = {};
  const ext = isObject(get(o, 'externalIds')) ? (get(o, 'externalIds') as Json) : {};
  const paperId = str(o.paperId) ?? str(o.paperid) ?? str(o.sha);
  if (paperId && /^[0-9a-f]{40}$/.test(paperId)) ids.s2 = paperId;
  const corpus = num(get(o, 'corpusId')) ?? num(ext.CorpusId) ?? num(ext.corpusid);
  if (corpus !== undefined) ids.corpusId = corpus;
  const doi = normalizeDoi(str(ext.DOI) ?? str(ext.doi));
  if (doi) ids.doi = doi;
  const arxiv = parseArxiv(str(ext.ArXiv) ?? str(ext.arxiv));
  if (arxiv) {
    ids.arxiv = arxiv.id;
    if (arxiv.version) ids.arxivVersion = arxiv.version;
  }
  arxivFromAny(ids, str(ext.DOI), str(o.url));
  return ids;
}

/** Evidence and confidence of a citation row: its contexts (the citing sentences) when there are any. */
function evidenceOf(row: Json): { evidence: string; confidence: number } {
  const contexts = (Array.isArray(row.contexts) ? row.contexts : []).map(clean).filter((c): c is string => !!c);
  const influential = (get(row, 'isInfluential') ?? row.isinfluential) === true;
  const evidence = contexts.length ? `“${contexts.join('” … “')}”`.slice(0, 1000) : S2_REFERENCE.evidence;
  return { evidence, confidence: influential ? S2_REFERENCE.influential : S2_REFERENCE.confidence };
}

function topicsOf(o: Json): WorkTopic[] {
  const names = new Set<string>();
  const s2 = get(o, 's2FieldsOfStudy');
  for (const f of Array.isArray(s2) ? s2 : []) if (isObject(f) && str(f.category)) names.add(str(f.category) as string);
  const fos = get(o, 'fieldsOfStudy');
  for (const f of Array.isArray(fos) ? fos : []) if (str(f)) names.add(f as string);
  return [...names].map((name) => ({ id: `topic:s2-${slug(name)}`, name, level: 'field' }));
}

function convertWork(o: Json): ReadResult {
  const problems: { path: string; message: string }[] = [];
  const ids = idsOf(o);
  if (!ids.s2 && ids.corpusId === undefined)
    problems.push({ path: 'paperId', message: 'required (paperId, or corpusid in the bulk shape)' });
  const title = clean(o.title);
  if (!title) problems.push({ path: 'title', message: 'required' });
  const date = datePrecision(str(get(o, 'publicationDate'))) ?? datePrecision(String(o.year ?? ''));
  if (!date) problems.push({ path: 'year', message: 'required (year or publicationDate)' });
  if (!Array.isArray(o.authors)) problems.push({ path: 'authors', message: 'required (a list)' });
  if (problems.length || !title || !date) return { problems };
  const authors: Work['authors'] = [];
  for (const [i, a] of (o.authors as unknown[]).entries()) {
    const name = isObject(a) ? clean(a.name) : undefined;
    if (!isObject(a) || !name) return { problems: [{ path: `authors[${i}].name`, message: 'required' }] };
    const id = str(a.authorId) ?? (num(a.authorId) !== undefined ? String(a.authorId) : undefined);
    authors.push(id ? { name, s2Id: id } : { name });
  }
  const references: WorkReference[] = [];
  for (const r of Array.isArray(o.references) ? o.references : []) {
    if (!isObject(r)) continue;
    const cited = isObject(r.citedPaper) ? r.citedPaper : r;
    const refIds = idsOf(cited);
    const title = clean(cited.title);
    if (refIds.s2 || refIds.corpusId !== undefined)
      references.push(title ? { ids: refIds, title, ...evidenceOf(r) } : { ids: refIds, ...evidenceOf(r) });
  }
  const types = get(o, 'publicationTypes');
  const work: Work = { type: 'work', ids, title, ...date, kind: 'paper', authors, topics: topicsOf(o), references };
  const abstract = clean(o.abstract);
  if (abstract) work.abstract = abstract;
  if (Array.isArray(types) && types.length) work.sourceType = types.filter((t) => typeof t === 'string').join(',');
  const url = str(o.url);
  if (url && /^https?:\/\//.test(url)) work.url = url;
  const count = num(get(o, 'citationCount'));
  if (count !== undefined) work.citedByCount = count;
  const items: (Work | Citation)[] = [work];
  // Graph API `citations`: papers citing this one, as citation rows into it.
  for (const c of Array.isArray(o.citations) ? o.citations : []) {
    if (!isObject(c)) continue;
    const citing = idsOf(isObject(c.citingPaper) ? c.citingPaper : c);
    if (citing.s2 || citing.corpusId !== undefined)
      items.push({ type: 'citation', from: citing, to: ids, ...evidenceOf(c) });
  }
  return { items };
}

function convertCitation(o: Json): ReadResult {
  const from = num(o.citingcorpusid);
  const to = num(o.citedcorpusid);
  if (from === undefined) return { problems: [{ path: 'citingcorpusid', message: 'required (a corpus id)' }] };
  // The datasets leave citedcorpusid null for references S2 could not resolve: external, counted as skipped.
  const toIds: WorkIds = to === undefined ? {} : { corpusId: to };
  return { items: [{ type: 'citation', from: { corpusId: from }, to: toIds, ...evidenceOf(o) }] };
}

export const s2Reader: FormatReader = {
  format: 's2',
  detect: (r) =>
    isObject(r) &&
    ('citingcorpusid' in r || typeof r.paperId === 'string' || 'corpusid' in r || isObject(r.externalIds)),
  convert: (r) => {
    if (!isObject(r)) return { problems: [{ path: '', message: 'a Semantic Scholar record must be a JSON object' }] };
    return 'citingcorpusid' in r ? convertCitation(r) : convertWork(r);
  },
};
