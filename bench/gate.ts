import { isDeepStrictEqual } from 'node:util';
import type { Executor } from '../src/db/executor.js';
import { fetchOnce } from './load.js';
import type { Operation, ServerName } from './operations.js';
import type { Check } from './report.js';

/**
 * The correctness gate: each server answers once before it is measured; its
 * whole answer (ids, titles, dates, paths with evidence and confidence,
 * scores) must equal the floor's. Collaboration paths are the exception: when
 * several shortest paths exist each server may return another, so the gate
 * requires the floor's length and checks in the database that the answer is a
 * real path of co-authored papers between the two people through people only.
 */
export async function check(
  executor: Executor,
  url: string,
  server: ServerName,
  op: Operation,
  floorAnswer: unknown,
): Promise<Check & { answer?: unknown }> {
  try {
    const { status, body, ms } = await fetchOnce(url, op.request[server]);
    if (status !== 200 || typeof body !== 'object' || body.errors) {
      return { ok: false, matchesFloor: null, ms, problem: `${status} ${JSON.stringify(body).slice(0, 400)}` };
    }
    const answer = op.answer[server](body);
    if (server === 'floor') return { ok: true, matchesFloor: true, ms, answer };
    const matches =
      op.name === 'collaborationPath'
        ? await samePathLength(executor, answer as PathAnswer, floorAnswer as PathAnswer)
        : isDeepStrictEqual(answer, floorAnswer);
    return { ok: true, matchesFloor: matches, ms, answer };
  } catch (error) {
    return { ok: false, matchesFloor: null, ms: 0, problem: String(error) };
  }
}

interface PathAnswer {
  length: number;
  authors: string[];
  papers: string[];
}

async function samePathLength(executor: Executor, answer: PathAnswer | null, floor: PathAnswer | null) {
  if (!answer || !floor) return answer === floor;
  if (Number(answer.length) !== Number(floor.length)) return false;
  if (answer.authors[0] !== floor.authors[0] || answer.authors.at(-1) !== floor.authors.at(-1)) return false;
  if (answer.papers.length !== Number(answer.length) || answer.authors.length !== answer.papers.length + 1)
    return false;
  const [row] = await executor.read(
    {
      name: 'bench-gate-path',
      cypher: `UNWIND range(0, size($papers) - 1) AS i
               MATCH (a:Author {id: $authors[i]})-[:AUTHORED]->(:Paper {id: $papers[i]})<-[:AUTHORED]-(b:Author {id: $authors[i + 1]})
               WHERE (i = 0 OR a.kind = 'person')
               RETURN count(DISTINCT i) AS steps`,
    },
    { authors: answer.authors, papers: answer.papers },
  );
  return Number(row?.steps) === answer.papers.length;
}
