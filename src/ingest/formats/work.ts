import type { PaperKind } from '../../graph/model.js';

/**
 * What every source-format reader (openalex, s2, arxiv, bibtex) turns a record
 * into: one work with its external ids, or one citation row (S2 bulk). The
 * source importer (src/ingest/source/*) resolves ids, merges and writes these;
 * the readers never touch the graph.
 */

/** A parsed JSON object, and the checks every reader applies to its untyped values. */
export type Json = Record<string, unknown>;
export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

export const sourceFormats = ['openalex', 's2', 'arxiv', 'bibtex'] as const;
export type SourceFormat = (typeof sourceFormats)[number];

/** External ids of a work as the source gives them, normalised (see the helpers below). */
export interface WorkIds {
  /** arXiv id without version, from any field (incl. 10.48550/arXiv.* DOIs and arxiv.org URLs). */
  arxiv?: string;
  /** The arXiv version (`v2`) when the source named one. */
  arxivVersion?: string;
  /** Lower-cased DOI without resolver prefix. */
  doi?: string;
  /** OpenAlex work id `W…`. */
  openalex?: string;
  /** Further OpenAlex ids that are this work (merged away into it; see MergedId). */
  openalexMerged?: string[];
  /** Semantic Scholar paperId (40 hex). */
  s2?: string;
  /** Semantic Scholar CorpusId. */
  corpusId?: number;
  /** BibTeX citation key. */
  bibtex?: string;
}

export interface WorkAuthor {
  name: string;
  openalexId?: string;
  s2Id?: string;
  orcid?: string;
}

/** A source topic: its own id (`topic:<source>-…`), name, and its parent's id (hierarchy root first in the list). */
export interface WorkTopic {
  id: string;
  name: string;
  parent?: string;
  /** Where in the source's hierarchy it sits, e.g. `domain`, `field`, `subfield`, `topic`, `archive`, `category`. */
  level: string;
}

/** A reference from this work to another, by whatever ids the source gives. */
export interface WorkReference {
  ids: WorkIds;
  /** The cited work's title, when the source names it (S2 `citedPaper.title`): a reference stub keeps it. */
  title?: string;
  evidence: string;
  confidence: number;
}

export interface Work {
  type: 'work';
  ids: WorkIds;
  title: string;
  abstract?: string;
  /** ISO date; with precision `year` it is the year's first day (stored for sorting, not shown). */
  published?: string;
  year?: number;
  datePrecision?: 'day' | 'month' | 'year';
  kind: PaperKind;
  /** The source's own type name (`article`, `preprint`, `JournalArticle`, …). */
  sourceType?: string;
  url?: string;
  /** The source's citation count. */
  citedByCount?: number;
  authors: WorkAuthor[];
  /** Topics, parents before children. */
  topics: WorkTopic[];
  references: WorkReference[];
}

/** A citation row (S2 bulk `citations`): citing → cited, by ids. */
export interface Citation {
  type: 'citation';
  from: WorkIds;
  to: WorkIds;
  evidence: string;
  confidence: number;
}

/**
 * An OpenAlex work id merged away into another (a row of the snapshot's merged_ids/works files):
 * `from` now names the work `into`, so a paper with OpenAlex id `into` is found by `from` too.
 */
export interface MergedId {
  type: 'merged';
  from: string;
  into: string;
}

export type SourceItem = Work | Citation | MergedId;

/** A reader's answer for one record: the items it holds, or its problems (`path`: the field). */
export type ReadResult = { items: SourceItem[] } | { problems: { path: string; message: string }[] };

/** A reader: detects its shape in a parsed record and converts one. */
export interface FormatReader {
  format: SourceFormat;
  /** True when `record` looks like this format (used by --format auto and the wrong-format check). */
  detect: (record: unknown) => boolean;
  /** Convert one parsed JSON record (bibtex: one parsed entry). */
  convert: (record: unknown, file: string) => ReadResult;
}

const ARXIV_NEW = /^(\d{4}\.\d{4,5})(v\d+)?$/;
const ARXIV_OLD = /^([a-z-]+(?:\.[A-Z]{2})?\/\d{7})(v\d+)?$/;

/** `{id, version}` of an arXiv id written any usual way (`arXiv:2303.08774v2`, `hep-th/9901001`), else undefined. */
export function parseArxiv(value: string | null | undefined): { id: string; version?: string } | undefined {
  if (!value) return undefined;
  const v = value.trim().replace(/^arxiv:/i, '');
  const m = ARXIV_NEW.exec(v) ?? ARXIV_OLD.exec(v);
  if (!m?.[1]) return undefined;
  return m[2] ? { id: m[1], version: m[2] } : { id: m[1] };
}

/** The arXiv id inside an arxiv.org URL (`/abs/…`, `/pdf/….pdf`) or a `10.48550/arXiv.…` DOI, else undefined. */
export function arxivFromLink(value: string | null | undefined): { id: string; version?: string } | undefined {
  if (!value) return undefined;
  const doi = /10\.48550\/arxiv\.(.+)$/i.exec(value);
  if (doi?.[1]) return parseArxiv(doi[1]);
  const url = /arxiv\.org\/(?:abs|pdf)\/(.+?)(?:\.pdf)?\/?$/i.exec(value);
  if (url?.[1]) return parseArxiv(url[1]);
  return undefined;
}

/** A DOI without resolver or `doi:` prefix, lower-cased (DOIs compare case-insensitively); undefined when it is none. */
export function normalizeDoi(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const v = value
    .trim()
    .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
    .replace(/^doi:/i, '');
  return /^10\.\d{4,9}\/\S+$/.test(v) ? v.toLowerCase() : undefined;
}

/** The last path segment of an OpenAlex URL id (`https://openalex.org/W123` → `W123`), upper-cased prefix kept. */
export function openalexKey(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  const m = /([WAITCSFPD]\d+)\/?$/i.exec(value.trim());
  return m?.[1] ? m[1][0]?.toUpperCase() + m[1].slice(1) : undefined;
}

/** An ORCID without its URL (`https://orcid.org/0000-0002-…` → `0000-0002-…`). */
export function orcidKey(value: string | null | undefined): string | undefined {
  const m = value ? /(\d{4}-\d{4}-\d{4}-\d{3}[\dX])$/.exec(value.trim()) : null;
  return m?.[1];
}

/** Fill the arXiv id from a DOI or URL when the work has none. */
export function arxivFromAny(ids: WorkIds, ...links: (string | null | undefined)[]): void {
  if (ids.arxiv) return;
  for (const link of links) {
    const found = arxivFromLink(link);
    if (found) {
      ids.arxiv = found.id;
      if (found.version) ids.arxivVersion = found.version;
      return;
    }
  }
}

/**
 * The canonical id of a new paper: `arxiv:<id>` when an arXiv id is known,
 * else `doi:<doi>`, else the source's own (`openalex:W…`, `s2:<paperId>`,
 * `bibtex:<file>/<key>`). Fixed at creation: a later id never re-keys a node.
 */
export function canonicalId(ids: WorkIds): string | undefined {
  if (ids.arxiv) return `arxiv:${ids.arxiv}`;
  if (ids.doi) return `doi:${ids.doi}`;
  if (ids.openalex) return `openalex:${ids.openalex}`;
  if (ids.s2) return `s2:${ids.s2}`;
  if (ids.corpusId !== undefined) return `s2:corpus-${ids.corpusId}`;
  if (ids.bibtex) return `bibtex:${ids.bibtex}`;
  return undefined;
}

/** Every lookup key of a work (`arxiv:…`, `doi:…`, `openalex:W…`, `s2:…`, `corpus:…`): the ids it may be known by. */
export function lookupKeys(ids: WorkIds): string[] {
  const keys: string[] = [];
  if (ids.arxiv) keys.push(`arxiv:${ids.arxiv}`);
  if (ids.doi) keys.push(`doi:${ids.doi}`);
  if (ids.openalex) keys.push(`openalex:${ids.openalex}`);
  for (const w of ids.openalexMerged ?? []) keys.push(`openalex:${w}`);
  if (ids.s2) keys.push(`s2:${ids.s2}`);
  if (ids.corpusId !== undefined) keys.push(`corpus:${ids.corpusId}`);
  if (ids.bibtex) keys.push(`bibtex:${ids.bibtex}`);
  return keys;
}

/** A date string split into the stored date and its precision (`2017`, `2017-06`, `2017-06-12`), else undefined. */
export function datePrecision(
  value: string | null | undefined,
): { published: string; year: number; datePrecision: 'day' | 'month' | 'year' } | undefined {
  if (!value) return undefined;
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(value.trim());
  if (!m?.[1]) return undefined;
  const year = Number(m[1]);
  if (m[3]) return { published: `${m[1]}-${m[2]}-${m[3]}`, year, datePrecision: 'day' };
  if (m[2]) return { published: `${m[1]}-${m[2]}-01`, year, datePrecision: 'month' };
  return { published: `${m[1]}-01-01`, year, datePrecision: 'year' };
}

/** Lower-case, accents off, punctuation to spaces, single spaces: how names are compared. */
export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** A slug for ids made from names. */
export const slug = (name: string) => normalizeName(name).replace(/ /g, '-') || 'unnamed';

/** Whitespace collapsed; undefined for empty. */
export function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.normalize('NFC').replace(/\s+/g, ' ').trim();
  return v || undefined;
}
