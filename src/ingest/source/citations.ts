import type { StubCite } from '../../db/stores/reference-store.js';
import type { IdRow, Row, SourceGraph } from '../../db/stores/source-store.js';
import { ahead, chunks } from '../ahead.js';
import { canonicalId, type SourceFormat, type WorkIds } from '../formats/work.js';
import type { ImportIds } from './read-pass.js';
import type { Cite } from './spill.js';
import type { SourceSummary } from './summary.js';

/**
 * Pass 3 of a source import: CITES edges from works' references and S2
 * citation rows (`records`: per record, as the read pass spilled them). Each end is found in the import's ids, else in the graph
 * by external id; a reference to a work in neither is skipped and counted, or
 * with `refs.keep` (--keep-external-references) written to a reference stub
 * (an earlier one found by external id, else a new one under the canonical id).
 * One transaction per batch; repeated pairs (S2 rows can repeat) written once
 * per batch. Pairs from papers this import created are CREATEd in the first
 * batch that names their citing paper; all others are MERGEd, which keeps
 * re-runs (and a re-run after a kill) idempotent. `refs.onBatch` gets the references handled so far
 * after each batch. Returns the cited paper ids.
 */
export async function citationsPass(
  store: SourceGraph,
  records: AsyncIterable<Cite[]>,
  format: SourceFormat,
  ids: ImportIds,
  batchSize: number,
  summary: SourceSummary,
  refs: { keep: boolean; onBatch?: (done: number) => void },
): Promise<Set<string>> {
  const cited = new Set<string>();
  let done = 0;
  const flush = async (pending: Cite[]) => {
    const unknown = new Map<number, WorkIds>();
    const ends = pending.map((c) => [ids.idOf(c.from), ids.idOf(c.to)] as [string | undefined, string | undefined]);
    ends.forEach(([a, b], i) => {
      const c = pending[i] as Cite;
      if (!a) unknown.set(2 * i, c.from);
      if (!b) unknown.set(2 * i + 1, c.to);
    });
    const found = await store.resolvePapers([...unknown].map(([i, w]) => idRow(i, w)));
    // Cited ends in neither the import nor the graph: a stub of an earlier import, when kept.
    const external = refs.keep
      ? await store.resolvePapers(
          [...unknown].filter(([i]) => i % 2 === 1 && !found.has(i)).map(([i, w]) => idRow(i, w)),
          'Reference',
        )
      : new Map<number, string>();
    const rows = new Map<string, Row>();
    const stubRows = new Map<string, StubCite>();
    ends.forEach(([a, b], i) => {
      const from = a ?? found.get(2 * i);
      const c = pending[i] as Cite;
      const to = b ?? found.get(2 * i + 1);
      if (from && !to && refs.keep) {
        const stub = external.get(2 * i + 1) ?? canonicalId(c.to);
        if (stub) {
          stubRows.set(`${from}\u0000${stub}`, stubCite(from, stub, c, format));
          return;
        }
      }
      if (!from || !to || from === to) {
        if (from !== to || !from) summary.referencesSkipped += 1;
        return;
      }
      rows.set(`${from}\u0000${to}`, { from, to, evidence: c.evidence, confidence: c.confidence, source: format });
      cited.add(to);
    });
    // A pair is new when its citing paper is new in this import and no earlier batch wrote its
    // citations (the map above holds each pair of this batch once): CREATE, no MERGE.
    const created: Row[] = [];
    const merged: Row[] = [];
    for (const row of rows.values()) (ids.fresh.get(row.from as string) === false ? created : merged).push(row);
    if (rows.size) await store.writeCitations(created, merged);
    for (const row of rows.values()) if (ids.fresh.has(row.from as string)) ids.fresh.set(row.from as string, true);
    summary.citations += rows.size;
    if (stubRows.size) summary.referenceStubs += await store.writeStubCites([...stubRows.values()]);
    summary.citationsToReferences += stubRows.size;
  };
  // The next batch is read while this one is written.
  for await (const pending of ahead(chunks(records, batchSize * 10))) {
    await flush(pending);
    done += pending.length;
    refs.onBatch?.(done);
  }
  return cited;
}

const idRow = (i: number, w: WorkIds): IdRow => ({
  i,
  arxiv: w.arxiv ?? null,
  doi: w.doi ?? null,
  openalex: w.openalex ? [w.openalex] : [],
  s2: w.s2 ?? null,
  corpus: w.corpusId ?? null,
});

const stubCite = (from: string, to: string, c: Cite, source: string): StubCite => ({
  from,
  to,
  title: c.title ?? null,
  arxiv: c.to.arxiv ?? null,
  doi: c.to.doi ?? null,
  openalex: c.to.openalex ?? null,
  s2: c.to.s2 ?? null,
  corpus: c.to.corpusId ?? null,
  evidence: c.evidence,
  confidence: c.confidence,
  source,
});
