import { type Executor, int, type Query } from '../executor.js';
import { oneRow } from '../one-row.js';
import { writeTx } from '../writes.js';
import { lineageIndexState, refreshPapers } from './lineage-index-store.js';

/**
 * Building, dropping and inspecting the lineage index (README "Lineage index"). Building sets the
 * marker first (state `building`: from then on every write keeps the papers it touches exact),
 * then refreshes every paper in id order, a batch per transaction — the same refresh the write
 * funnel runs, so a paper a concurrent write already refreshed is left as it is — and marks the
 * index `ready`. Reads use it only when ready.
 */

const q = (name: string, cypher: string): Query => ({ name, cypher });

const markQuery = q(
  'lineage-index-mark',
  `MERGE (m:LineageIndex {id: 'lineage'}) SET m.state = $state, m.at = datetime() RETURN m.state AS state`,
);
const unmarkQuery = q('lineage-index-unmark', `MATCH (m:LineageIndex {id: 'lineage'}) DELETE m`);
const paperIdsQuery = q(
  'lineage-index-paper-ids',
  'MATCH (p:Paper) WHERE p.id > $after RETURN p.id AS id ORDER BY p.id LIMIT $limit',
);
const dropRelsQuery = q(
  'lineage-index-drop-relationships',
  'MATCH ()-[r:IN_LINEAGE]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS n',
);
const dropCountsQuery = q(
  'lineage-index-drop-counts',
  'MATCH (c:LineageCount) WITH c LIMIT $limit DELETE c RETURN count(*) AS n',
);
const sizeQuery = q(
  'lineage-index-size',
  `RETURN COUNT { ()-[:IN_LINEAGE]->() } AS relationships, COUNT { (:LineageCount) } AS counts,
          COUNT { (:Paper) } AS papers`,
);

export interface LineageIndexProgress {
  papers: number;
  total: number;
  written: number;
}

export class LineageIndexAdmin {
  constructor(private readonly executor: Executor) {}

  /** `ready`, `building`, or null when there is no index. */
  state(): Promise<string | null> {
    return lineageIndexState((query) => this.executor.read(query));
  }

  async size(): Promise<{ relationships: number; counts: number; papers: number }> {
    const row = oneRow(await this.executor.read(sizeQuery), sizeQuery);
    return { relationships: row.relationships as number, counts: row.counts as number, papers: row.papers as number };
  }

  /** Build (or bring up to date) the whole index; `progress` hears after each batch. */
  async build(batch = 2_000, progress?: (p: LineageIndexProgress) => void): Promise<LineageIndexProgress> {
    await writeTx(this.executor, 'migration', 'lineage-index-mark', (tx) => tx.run(markQuery, { state: 'building' }));
    const { papers: total } = await this.size();
    const done: LineageIndexProgress = { papers: 0, total, written: 0 };
    for (let after = ''; ; ) {
      const ids = (await this.executor.read(paperIdsQuery, { after, limit: int(batch) })).map((r) => r.id as string);
      if (!ids.length) break;
      done.written += await writeTx(this.executor, 'migration', 'lineage-index-build', (tx) => refreshPapers(tx, ids));
      done.papers += ids.length;
      after = ids[ids.length - 1] as string;
      progress?.(done);
    }
    await writeTx(this.executor, 'migration', 'lineage-index-mark', (tx) => tx.run(markQuery, { state: 'ready' }));
    return done;
  }

  /** Remove the marker (reads and upkeep stop at once), then the index, a batch per transaction. */
  async drop(batch = 20_000): Promise<void> {
    await writeTx(this.executor, 'migration', 'lineage-index-unmark', (tx) => tx.run(unmarkQuery));
    for (const query of [dropRelsQuery, dropCountsQuery]) {
      for (;;) {
        const rows = await writeTx(this.executor, 'migration', query.name, (tx) =>
          tx.run(query, { limit: int(batch) }),
        );
        if (!((rows[0]?.n as number) > 0)) break;
      }
    }
  }
}
