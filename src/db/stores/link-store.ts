import type { Mention, PaperText, VocabularyEntry } from '../../link/types.js';
import { type Executor, int, type Query } from '../executor.js';
import { oneRow } from '../one-row.js';
import { writeTx } from '../writes.js';

/**
 * The linker's reads and writes (issue #13). Mined edges are `USES`/`INTRODUCES` with
 * `source: 'linker'`; every other source (curated, import:*, api, …) is never changed, duplicated
 * or removed here, and a pair that has one gets no mined edge of either relation (curated wins).
 * A rejected pair — `(:Paper)-[:REJECTED_LINK {by, at, reason}]->(:Technique)` — gets none either.
 * One transaction per page of papers: upsert its mentions, then remove its linker edges that no
 * mention (or a rejection) supports any more.
 */

/** The provenance of every mined edge; the only source this store ever updates or deletes. */
export const LINKER_SOURCE = 'linker';

const q = (name: string, cypher: string): Query => ({ name, cypher });

/** Every technique with its name and aliases (the whole vocabulary is a few thousand rows at most). */
const vocabularyQuery = q(
  'link-vocabulary',
  `MATCH (t:Technique) RETURN t.id AS techniqueId, t.name AS name, coalesce(t.aliases, []) AS aliases ORDER BY t.id`,
);

/** One page of papers' text after `$after` (keyset on id), optionally only `$ids` or those touched since `$since`. */
const papersQuery = q(
  'link-papers',
  `MATCH (p:Paper)
   WHERE p.id > $after
     AND ($ids IS NULL OR p.id IN $ids)
     AND ($since IS NULL OR p.updatedAt >= datetime($since))
   RETURN p.id AS id, p.title AS title, p.abstract AS abstract
   ORDER BY p.id LIMIT $limit`,
);

/** How many papers a run over `$ids` / `$since` reads (for the progress bar). */
const countQuery = q(
  'link-count',
  `MATCH (p:Paper)
   WHERE ($ids IS NULL OR p.id IN $ids) AND ($since IS NULL OR p.updatedAt >= datetime($since))
   RETURN count(p) AS n`,
);

/** The properties of a mined edge the linker compares to decide "unchanged" (recordedAt is set on create only). */
const minedProps = '{.evidence, .confidence, .source, .mentionKind, .rulesVersion, .field, .matchedBy, .surface}';

/**
 * Upsert mined `rel` edges from `$rows` ({paper, technique, props}); each row's outcome:
 * rejected (a REJECTED_LINK on the pair), kept (a non-linker USES/INTRODUCES on the pair),
 * added, updated or unchanged. The relationship type comes from this fixed pair, never input.
 */
const upsertQuery = (rel: 'USES' | 'INTRODUCES') =>
  q(
    `link-upsert-${rel.toLowerCase()}`,
    `UNWIND $rows AS r
     MATCH (p:Paper {id: r.paper})
     MATCH (t:Technique {id: r.technique})
     OPTIONAL MATCH (p)-[e:${rel}]->(t)
     WITH p, t, r, e,
          CASE
            WHEN EXISTS { (p)-[:REJECTED_LINK]->(t) } THEN 'rejected'
            WHEN EXISTS { (p)-[o:USES|INTRODUCES]->(t) WHERE coalesce(o.source, '') <> '${LINKER_SOURCE}' } THEN 'kept'
            WHEN e IS NULL THEN 'added'
            WHEN e${minedProps} = r.props THEN 'unchanged'
            ELSE 'updated'
          END AS outcome
     CALL (p, t, r, outcome) {
       WITH * WHERE outcome = 'added'
       CREATE (p)-[n:${rel}]->(t)
       SET n = r.props, n.recordedAt = datetime($now)
     }
     CALL (e, r, outcome) {
       WITH * WHERE outcome = 'updated'
       SET e += r.props
     }
     RETURN outcome, count(*) AS n`,
  );
const upsertQueries = { USES: upsertQuery('USES'), INTRODUCES: upsertQuery('INTRODUCES') };

/**
 * Delete the page's linker edges that no current mention supports (`x.keep`: "RELATION|technique"
 * per paper), whose pair is rejected, or whose pair a curated edge now holds. Only `source: 'linker'` edges are ever removed.
 */
const staleQuery = q(
  'link-remove-stale',
  `UNWIND $papers AS x
   MATCH (p:Paper {id: x.id})-[e:USES|INTRODUCES]->(t:Technique)
   WHERE e.source = '${LINKER_SOURCE}'
     AND (NOT (type(e) + '|' + t.id) IN x.keep
          OR EXISTS { (p)-[:REJECTED_LINK]->(t) }
          OR EXISTS { (p)-[o:USES|INTRODUCES]->(t) WHERE coalesce(o.source, '') <> '${LINKER_SOURCE}' })
   DELETE e
   RETURN count(*) AS removed`,
);

/** The paper and technique a rejection names: `$technique` is an id, or else a name or alias (case-insensitive). */
const rejectQuery = q(
  'link-reject',
  `MATCH (p:Paper {id: $paper})
   CALL () {
     MATCH (t:Technique {id: $technique}) RETURN t
     UNION
     MATCH (t:Technique) WHERE toLower($technique) IN t.lookupKeys RETURN t
   }
   WITH p, t ORDER BY t.id LIMIT 1
   MERGE (p)-[x:REJECTED_LINK]->(t)
   ON CREATE SET x.at = datetime($now)
   SET x.by = $by, x.reason = $reason
   WITH p, t, x
   CALL (p, t) {
     OPTIONAL MATCH (p)-[e:USES|INTRODUCES]->(t) WHERE e.source = '${LINKER_SOURCE}'
     DELETE e
     RETURN count(e) AS removed
   }
   RETURN p.id AS paper, t.id AS technique, x.by AS by, toString(x.at) AS at, x.reason AS reason, removed`,
);

export interface LinkPageCounts {
  added: number;
  updated: number;
  unchanged: number;
  removed: number;
  /** Mentions not written because a curator rejected the pair. */
  rejectedSkipped: number;
  /** Mentions not written because a curated (non-linker) edge holds the pair. */
  curatedKept: number;
}

/** Counts before any page: every outcome 0. */
export const noLinkCounts = (): LinkPageCounts => ({
  added: 0,
  updated: 0,
  unchanged: 0,
  removed: 0,
  rejectedSkipped: 0,
  curatedKept: 0,
});

export interface Rejection {
  paper: string;
  technique: string;
  by: string;
  at: string;
  reason: string | null;
  /** Mined edges the rejection removed. */
  removed: number;
}

const outcomeKey = {
  added: 'added',
  updated: 'updated',
  unchanged: 'unchanged',
  rejected: 'rejectedSkipped',
  kept: 'curatedKept',
} as const satisfies Record<string, keyof LinkPageCounts>;

export class LinkStore {
  constructor(private readonly executor: Executor) {}

  /** Every technique's name and aliases, for compileLinker. */
  async vocabulary(): Promise<VocabularyEntry[]> {
    const rows = await this.executor.read(vocabularyQuery);
    return rows as unknown as VocabularyEntry[];
  }

  /** How many papers the scope selects. */
  async countPapers(scope: { ids: string[] | null; since: string | null }): Promise<number> {
    return Number(oneRow(await this.executor.read(countQuery, scope), countQuery).n);
  }

  /** Up to `limit` papers' text with ids after `after`, in id order (keyset pages: one query per page). */
  async papers(
    scope: { ids: string[] | null; since: string | null },
    after: string,
    limit: number,
  ): Promise<PaperText[]> {
    const rows = await this.executor.read(papersQuery, { ...scope, after, limit: int(limit) });
    return rows as unknown as PaperText[];
  }

  /**
   * Write the mentions found in one page of papers (`paperIds`: every paper read, with or without
   * mentions) in one transaction: upsert them, then remove the page's unsupported linker edges.
   */
  writePage(paperIds: string[], mentions: Mention[], rulesVersion: string): Promise<LinkPageCounts> {
    const rows = { USES: [] as unknown[], INTRODUCES: [] as unknown[] };
    const keep = new Map<string, string[]>(paperIds.map((id) => [id, []]));
    for (const m of mentions) {
      rows[m.relation].push({
        paper: m.paperId,
        technique: m.techniqueId,
        props: {
          evidence: m.evidence,
          confidence: m.confidence,
          source: LINKER_SOURCE,
          mentionKind: m.mentionKind,
          rulesVersion,
          field: m.field,
          matchedBy: m.matchedBy,
          surface: m.surface,
        },
      });
      keep.get(m.paperId)?.push(`${m.relation}|${m.techniqueId}`);
    }
    const now = new Date().toISOString();
    return writeTx(this.executor, 'link', 'link-page', async (tx) => {
      const counts = noLinkCounts();
      for (const rel of ['USES', 'INTRODUCES'] as const) {
        if (!rows[rel].length) continue;
        for (const row of await tx.run(upsertQueries[rel], { rows: rows[rel], now })) {
          counts[outcomeKey[row.outcome as keyof typeof outcomeKey]] += Number(row.n);
        }
      }
      const papers = [...keep].map(([id, k]) => ({ id, keep: k }));
      tx.touchPapers(keep.keys());
      counts.removed = Number(oneRow(await tx.run(staleQuery, { papers }), staleQuery).removed);
      return counts;
    });
  }

  /**
   * Record that `technique` (id, name or alias) must never be linked to `paper` by the linker and
   * remove the mined edges on the pair. Null when either is not in the graph. Curated edges stay.
   */
  async reject(paper: string, technique: string, by: string, reason: string | null): Promise<Rejection | null> {
    const params = { paper, technique, by, reason, now: new Date().toISOString() };
    const rows = await writeTx(this.executor, 'link', rejectQuery.name, async (tx) => {
      tx.touchPapers([paper]);
      return tx.run(rejectQuery, params);
    });
    return (rows[0] as unknown as Rejection | undefined) ?? null;
  }
}
