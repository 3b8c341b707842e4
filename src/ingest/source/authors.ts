import { type AuthorIds, type FoundAuthor, heldIds, type Row, type SourceGraph } from '../../db/stores/source-store.js';
import { normalizeName, slug, type Work, type WorkAuthor } from '../formats/work.js';

/**
 * Who each author of a batch of works is. In order: an author already in the
 * graph with the same external id (OpenAlex A…, S2 authorId, ORCID); when the
 * work merges into an existing paper, the author of that paper's byline at the
 * same position or with the same name / alias (that author then learns the
 * source's ids); then, for authors the source gives no id (arXiv, BibTeX,
 * OpenAlex authorships without author.id), by name as `mode` says:
 * - `strict`: never by name;
 * - `corroborated` (default): exactly one author has the name and shares a
 *   paper with another author named on this byline;
 * - `name`: exactly one author has the name.
 * Otherwise a new author: `author:<source>-<source id>`, or for an id-less one
 * `author:<source>-<name>` (made per paper, `…--<paper>`, when that id is taken
 * and not matched).
 */

export const authorMergeModes = ['strict', 'corroborated', 'name'] as const;
export type AuthorMerge = (typeof authorMergeModes)[number];

export interface AuthorCounts {
  /** Matched an author in the graph by an external id. */
  byId: number;
  /** Matched a curated / existing byline author when merging into an existing paper. */
  byByline: number;
  /** Matched by name (per --author-merge). */
  byName: number;
  created: number;
  /** More than one author had the name, or one without a shared co-author (corroborated): a new author made. */
  ambiguous: number;
}

const idFields = [
  ['openalexId', 'openalex'],
  ['s2Id', 's2'],
  ['orcid', 'orcid'],
] as const;

/**
 * What earlier batches of one import learnt about authors in the graph: lookup key → author id
 * (the graph's answer) and the external ids that author holds, kept up to date with the author
 * rows the import writes (the same `coalesce` as the store's write). Authors recur across a
 * corpus's works, so a batch looks up only keys no earlier batch did, and writes an author row
 * only when it is new or gains an id. Only graph answers enter it: an author the import creates
 * is looked up once more by the next batch naming it, and a key it does not hold is looked up.
 */
export class KnownAuthors {
  readonly byKey = new Map<string, string>();
  readonly stored = new Map<string, AuthorIds>();

  learn(found: Map<string, FoundAuthor>): void {
    for (const [key, { id, ...held }] of found) {
      this.byKey.set(key, id);
      this.stored.set(id, held);
    }
  }

  /** A row about to be written (`coalesce`d into the author): false when it changes nothing known. */
  changes(row: Row): boolean {
    const stored = this.stored.get(row.id as string);
    return !stored || idFields.some(([f]) => stored[f] === null && row[f] != null);
  }

  /** After a batch's author rows: ids they add to known authors, and the keys that now find them. */
  wrote(rows: Row[]): void {
    for (const row of rows) {
      const stored = this.stored.get(row.id as string);
      if (!stored) continue;
      for (const [f, prefix] of idFields) {
        const value = row[f] as string | null;
        if (stored[f] !== null || value == null) continue;
        stored[f] = value;
        if (!this.byKey.has(`${prefix}:${value}`)) this.byKey.set(`${prefix}:${value}`, row.id as string);
      }
    }
  }
}

export interface ResolvedAuthors {
  /** Per work of the batch, its author ids in byline order. */
  ids: string[][];
  /** Author rows to write (new authors, and external ids to attach). */
  rows: Row[];
}

const keysOf = (a: WorkAuthor) => idFields.flatMap(([f, prefix]) => (a[f] ? [`${prefix}:${a[f]}`] : []));

function newId(source: string, a: WorkAuthor): string {
  if (a.openalexId) return `author:openalex-${a.openalexId}`;
  if (a.s2Id) return `author:s2-${a.s2Id}`;
  if (a.orcid) return `author:orcid-${a.orcid}`;
  return `author:${source}-${slug(a.name)}`;
}

export async function resolveAuthors(
  store: SourceGraph,
  source: string,
  works: { work: Work; paperId: string; existing: boolean }[],
  mode: AuthorMerge,
  counts: AuthorCounts,
  known: KnownAuthors = new KnownAuthors(),
): Promise<ResolvedAuthors> {
  const all = works.flatMap((w) => w.work.authors);
  // Only an author the source gives no id is matched by name (below): only their names are looked up.
  const names = [...new Set(all.filter((a) => !keysOf(a).length).map((a) => a.name.toLowerCase()))];
  // External ids no earlier batch looked up.
  const unknown = (prefix: string, values: (string | undefined)[]) => [
    ...new Set(values.filter((v): v is string => !!v && !known.byKey.has(`${prefix}:${v}`))),
  ];
  // Three independent reads, side by side.
  const [found, bylineRows, byName] = await Promise.all([
    store.authorsByIds({
      openalex: unknown(
        'openalex',
        all.map((a) => a.openalexId),
      ),
      s2: unknown(
        's2',
        all.map((a) => a.s2Id),
      ),
      orcid: unknown(
        'orcid',
        all.map((a) => a.orcid),
      ),
    }),
    store.bylines(works.filter((w) => w.existing).map((w) => w.paperId)),
    mode === 'strict' ? new Map<string, string[]>() : store.authorsByName(names),
  ]);
  known.learn(found);
  const bylines = new Map<string, Row[]>();
  for (const r of bylineRows) {
    const list = bylines.get(r.paper as string) ?? [];
    list.push(r);
    bylines.set(r.paper as string, list);
    // The graph's answer for this author's external ids, as from a lookup by id.
    known.stored.set(r.id as string, heldIds(r));
  }

  // First round: ids, bylines, and name candidates (corroborated ones checked together afterwards).
  const ids: string[][] = [];
  const rows = new Map<string, Row>();
  const pending: { k: string; id: string; names: string[]; w: number; p: number; author: WorkAuthor }[] = [];
  const attach = (id: string, a: WorkAuthor) => {
    const row = rows.get(id) ?? { id, name: a.name, source, openalexId: null, s2Id: null, orcid: null };
    row.openalexId ??= a.openalexId ?? null;
    row.s2Id ??= a.s2Id ?? null;
    row.orcid ??= a.orcid ?? null;
    rows.set(id, row);
  };
  for (const [w, { work, existing, paperId }] of works.entries()) {
    const line: string[] = [];
    const byline = existing ? (bylines.get(paperId) ?? []) : [];
    for (const [p, a] of work.authors.entries()) {
      const byId = keysOf(a)
        .map((k) => known.byKey.get(k))
        .find(Boolean);
      if (byId) {
        counts.byId += 1;
        attach(byId, a);
        line.push(byId);
        continue;
      }
      const n = normalizeName(a.name);
      const sameName = (r: Row) =>
        normalizeName(r.name as string) === n || (r.aliases as string[]).some((x) => normalizeName(x) === n);
      const onByline = byline.find((r) => r.position === p + 1 && sameName(r)) ?? byline.find((r) => sameName(r));
      if (onByline) {
        counts.byByline += 1;
        attach(onByline.id as string, a);
        line.push(onByline.id as string);
        continue;
      }
      const candidates = keysOf(a).length ? [] : (byName.get(a.name.toLowerCase()) ?? []);
      if (candidates.length === 1 && mode !== 'strict') {
        const others = work.authors.filter((_, i) => i !== p).map((o) => o.name.toLowerCase());
        pending.push({ k: `${w}:${p}`, id: candidates[0] as string, names: others, w, p, author: a });
        line.push('');
        continue;
      }
      if (candidates.length > 1) counts.ambiguous += 1;
      line.push(create(a, paperId, candidates));
    }
    ids.push(line);
  }

  const ok = mode === 'name' ? new Set(pending.map((x) => x.k)) : await store.corroborated(pending);
  for (const x of pending) {
    const line = ids[x.w] as string[];
    if (ok.has(x.k)) {
      counts.byName += 1;
      attach(x.id, x.author);
      line[x.p] = x.id;
    } else {
      counts.ambiguous += 1;
      line[x.p] = create(x.author, (works[x.w] as { paperId: string }).paperId, [x.id]);
    }
  }
  // Rows that change nothing the graph is known to hold are not written.
  const changed = [...rows.values()].filter((row) => known.changes(row));
  known.wrote(changed);
  return { ids, rows: changed };

  /** A new author; when its plain id is taken by someone not matched, one made for this paper. */
  function create(a: WorkAuthor, paperId: string, taken: string[]): string {
    let id = newId(source, a);
    if (taken.includes(id) || (!keysOf(a).length && mode === 'strict'))
      id = `${id}--${slug(paperId.replace(/^[a-z0-9-]+:/, ''))}`;
    if (!rows.has(id)) counts.created += 1;
    attach(id, a);
    return id;
  }
}
