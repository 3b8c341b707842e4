import type { Executor } from './executor.js';
import { oneRow } from './one-row.js';

/**
 * The graph version: one node, `(:PapergraphVersion {id: 'graph', version, at})`
 * (migration 0002). The write funnel bumps it after every committed write; the
 * response cache reads it to know whether an answer it holds can still be served.
 */

const BUMP = {
  name: 'bump-graph-version',
  cypher: `
    MERGE (v:PapergraphVersion {id: 'graph'})
    SET v.version = coalesce(v.version, timestamp() * 1000) + 1, v.at = datetime()
    RETURN v.version AS version`,
};

const READ = {
  name: 'read-graph-version',
  cypher: `
    OPTIONAL MATCH (v:PapergraphVersion {id: 'graph'})
    RETURN coalesce(v.version, 0) AS version`,
};

/** Bump the version in its own small write transaction; returns the new version. */
export async function bumpGraphVersion(executor: Executor): Promise<number> {
  return Number(oneRow(await executor.write(BUMP), BUMP).version);
}

/** The committed version (0 before migration 0002 and the first write). */
export async function readGraphVersion(executor: Executor): Promise<number> {
  return Number(oneRow(await executor.read(READ), READ).version);
}
