import { derivedProperties, labels } from '../../graph/derive.js';
import { type Label, touchedAt } from '../../graph/model.js';
import { type Executor, int, type Query } from '../executor.js';
import { oneRow } from '../one-row.js';
import { write } from '../writes.js';

/**
 * Fix-ups after Neo4j's offline importer. CSV cannot express an empty list (an
 * empty field is no property), but the transactional importer stores `[]` for
 * an empty list property (e.g. `aliases` of an author without aliases); this
 * sets it, for every list property of the model, in transactions of `batch`
 * nodes. Labels and properties come from the model, never input.
 */
const lists: [Label, string][] = labels.flatMap((l) =>
  derivedProperties[l].filter(([, p]) => p.type === 'string[]').map(([name]): [Label, string] => [l, name]),
);
const emptyList = (label: Label, property: string): Query => ({
  name: `bulk-empty-${property.toLowerCase()}-${label.toLowerCase()}`,
  cypher: `
    MATCH (n:${label}) WHERE n.${property} IS NULL
    WITH n LIMIT $batch
    SET n.${property} = []
    RETURN count(*) AS set`,
});

/** Nodes the offline importer left without their touchedAt property (src/graph/model.ts): all of them. */
const touched = Object.entries(touchedAt).map(([label, property]) => ({
  name: `bulk-touch-${label.toLowerCase()}`,
  cypher: `
    MATCH (n:${label}) WHERE n.${property} IS NULL
    WITH n LIMIT $batch
    SET n.${property} = datetime($now)
    RETURN count(*) AS set`,
}));

export class BulkStore {
  constructor(private readonly executor: Executor) {}

  /** Set each list property to `[]` where the import left none; returns how many were set. */
  async setEmptyLists(batch = 50_000, onBatch: (done: number) => void = () => {}): Promise<number> {
    let done = 0;
    for (const [label, property] of lists) {
      for (;;) {
        const query = emptyList(label, property);
        const row = oneRow(await write(this.executor, 'bulk', query, { batch: int(batch) }), query);
        const set = Number(row.set);
        done += set;
        onBatch(done);
        if (set < batch) break;
      }
    }
    return done;
  }

  /** Stamp every node the import wrote with the import's time (Paper.updatedAt); returns how many. */
  async stampTouched(now: string, batch = 50_000): Promise<number> {
    let done = 0;
    for (const query of touched) {
      for (;;) {
        const row = oneRow(await write(this.executor, 'bulk', query, { batch: int(batch), now }), query);
        done += Number(row.set);
        if (Number(row.set) < batch) break;
      }
    }
    return done;
  }

  /** Nodes in the database (answered from the count store). */
  async nodeCount(): Promise<number> {
    const query = { name: 'bulk-node-count', cypher: 'MATCH (n) RETURN count(n) AS n' };
    const row = oneRow(await this.executor.read(query), query);
    return Number(row.n);
  }
}
