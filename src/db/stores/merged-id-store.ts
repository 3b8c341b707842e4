import type { Executor, Query } from '../executor.js';
import { type WritePath, writeTx } from '../writes.js';

/**
 * OpenAlex work ids merged away into another work (docs "Snapshot data format" → "Merged
 * Entities": merged_ids/works/<date>.csv.gz, `merge_date,id,merge_into_id`). Each is kept as
 * (:MergedWorkId {id})-[:MERGED_INTO]->(:Paper): an indexed lookup (a list property on the paper
 * could not be), found by paper(openalexId:) and the importer's identity resolution, and on no
 * paper list or graph (MERGED_INTO is no relation of the graph model).
 */

const linkQuery: Query = {
  name: 'merged-ids-link',
  cypher: `
    UNWIND $rows AS r
    CALL (r) {
      MATCH (p:Paper {openalexId: r.into}) RETURN p
      UNION MATCH (:MergedWorkId {id: r.into})-[:MERGED_INTO]->(p:Paper) RETURN p
    }
    WITH r, collect(p)[0] AS p
    WHERE NOT EXISTS { MATCH (x:Paper {openalexId: r.from}) WHERE x <> p }
      AND NOT EXISTS { MATCH (:MergedWorkId {id: r.from})-[:MERGED_INTO]->(y:Paper) WHERE y <> p }
    MERGE (m:MergedWorkId {id: r.from})
    ON CREATE SET m.source = 'openalex'
    MERGE (m)-[:MERGED_INTO]->(p)
    RETURN count(*) AS linked`,
};

export class MergedIdStore {
  constructor(
    private readonly executor: Executor,
    private readonly path: WritePath = 'import',
  ) {}

  /**
   * Link merged-away ids to the paper of the id they were merged into, one transaction; returns
   * how many were linked. Left out: ids merged into a work not in the graph, and ids that are a
   * paper of their own here (imported before OpenAlex merged them: kept apart, not deleted).
   */
  async link(rows: { from: string; into: string }[]): Promise<number> {
    if (!rows.length) return 0;
    return writeTx(this.executor, this.path, 'merged-ids', async (tx) => {
      const [row] = await tx.run(linkQuery, { rows });
      return Number(row?.linked ?? 0);
    });
  }
}
