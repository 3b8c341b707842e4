/**
 * Parts of the in-memory graph (memory-graph.ts): its lookups (what Neo4j's indexes on external ids
 * and lower-cased names answer on the transactional path) and its relationships.
 */

/** Stored property values of a node or relationship (dates as `YYYY-MM-DD`). */
export type Props = Record<string, unknown>;

/** A value → ids index over one property. */
export class Index {
  private readonly map = new Map<unknown, Set<string>>();
  add(value: unknown, id: string) {
    if (value == null) return;
    const set = this.map.get(value) ?? new Set<string>();
    set.add(id);
    this.map.set(value, set);
  }
  remove(value: unknown, id: string) {
    if (value != null) this.map.get(value)?.delete(id);
  }
  first(value: unknown): string | undefined {
    if (value == null) return undefined;
    for (const id of this.map.get(value) ?? []) return id;
    return undefined;
  }
  all(value: unknown): string[] {
    return value == null ? [] : [...(this.map.get(value) ?? [])];
  }
}

/** The relationships of the in-memory graph. */
export class MemoryEdges {
  /** Per paper: its authors → position. */
  readonly authored = new Map<string, Map<string, number>>();
  protected readonly papersOf = new Map<string, Set<string>>();
  /** Structural relations without properties, per type: from → tos. */
  readonly links: Record<'ABOUT' | 'SUBTOPIC_OF' | 'IN_TOPIC', Map<string, Set<string>>> = {
    ABOUT: new Map(),
    SUBTOPIC_OF: new Map(),
    IN_TOPIC: new Map(),
  };
  /** Lineage edges per type: from\0to → properties. */
  readonly lineage = new Map<string, Map<string, Props>>();

  protected author(author: string, paper: string, position: number) {
    const byline = this.authored.get(paper) ?? new Map<string, number>();
    byline.set(author, position);
    this.authored.set(paper, byline);
    const papers = this.papersOf.get(author) ?? new Set<string>();
    papers.add(paper);
    this.papersOf.set(author, papers);
  }

  protected unauthor(author: string, paper: string) {
    this.authored.get(paper)?.delete(author);
    this.papersOf.get(author)?.delete(paper);
  }

  protected link(type: keyof MemoryEdges['links'], from: string, to: string) {
    const tos = this.links[type].get(from) ?? new Set<string>();
    tos.add(to);
    this.links[type].set(from, tos);
  }

  protected edges(type: string): Map<string, Props> {
    let map = this.lineage.get(type);
    if (!map) {
      map = new Map();
      this.lineage.set(type, map);
    }
    return map;
  }
}

/**
 * OpenAlex ids merged away (merged-id-store.ts): (:MergedWorkId {id})-[:MERGED_INTO]->(:Paper) in
 * the CSV; merged-away id → paper id.
 */
export class MergedIds {
  readonly into = new Map<string, string>();

  /** merged-ids-link: to the paper named by `into` (its openalexId or a merged id of it), unless `from` names another paper. */
  link(rows: { from: string; into: string }[], byOpenalex: Index): number {
    let linked = 0;
    for (const r of rows) {
      const paper = byOpenalex.first(r.into) ?? this.into.get(r.into);
      if (!paper) continue;
      const other = byOpenalex.all(r.from).find((x) => x !== paper);
      const old = this.into.get(r.from);
      if (other || (old && old !== paper)) continue;
      this.into.set(r.from, paper);
      linked += 1;
    }
    return linked;
  }
}
