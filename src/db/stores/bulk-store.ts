import { type Executor, int, type Query } from '../executor.js';

/**
 * Fix-ups after Neo4j's offline importer. CSV cannot express an empty list (an
 * empty field is no property), but the transactional importer stores
 * `aliases = []` for authors and techniques without aliases; this sets it, in
 * transactions of `batch` nodes. Labels come from this fixed list, never input.
 */
const emptyAliases = (label: 'Author' | 'Technique'): Query => ({
  name: `bulk-empty-aliases-${label.toLowerCase()}`,
  cypher: `
    MATCH (n:${label}) WHERE n.aliases IS NULL
    WITH n LIMIT $batch
    SET n.aliases = []
    RETURN count(*) AS set`,
});

export class BulkStore {
  constructor(private readonly executor: Executor) {}

  /** Set `aliases = []` where the import left none; returns how many nodes were set. */
  async setEmptyAliases(batch = 50_000, onBatch: (done: number) => void = () => {}): Promise<number> {
    let done = 0;
    for (const label of ['Author', 'Technique'] as const) {
      for (;;) {
        const [row] = await this.executor.write(emptyAliases(label), { batch: int(batch) });
        const set = Number(row.set);
        done += set;
        onBatch(done);
        if (set < batch) break;
      }
    }
    return done;
  }

  /** Nodes in the database (answered from the count store). */
  async nodeCount(): Promise<number> {
    const [row] = await this.executor.read({ name: 'bulk-node-count', cypher: 'MATCH (n) RETURN count(n) AS n' });
    return Number(row.n);
  }
}
