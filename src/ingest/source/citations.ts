import type { Row, SourceGraph } from '../../db/stores/source-store.js';
import type { SourceFormat, WorkIds } from '../formats/work.js';
import { type ImportIds, itemsOf, type SourceSummary } from './import.js';

interface Pending {
  from: WorkIds;
  to: WorkIds;
  evidence: string;
  confidence: number;
}

/**
 * Pass 3 of a source import: CITES edges from works' references and S2
 * citation rows. Each end is found in the import's ids, else in the graph
 * by external id; a reference to a work in neither is skipped and counted.
 * One transaction per batch; repeated pairs (S2 rows can repeat) written once
 * per batch, and MERGE keeps re-runs idempotent. Returns the cited paper ids.
 */
export async function citationsPass(
  store: SourceGraph,
  files: string[],
  format: SourceFormat,
  rejected: Set<string>[],
  ids: ImportIds,
  batchSize: number,
  summary: SourceSummary,
): Promise<Set<string>> {
  const cited = new Set<string>();
  let pending: Pending[] = [];
  const flush = async () => {
    if (!pending.length) return;
    const unknown = new Map<number, WorkIds>();
    const ends = pending.map((c) => [ids.idOf(c.from), ids.idOf(c.to)] as [string | undefined, string | undefined]);
    ends.forEach(([a, b], i) => {
      const c = pending[i] as Pending;
      if (!a) unknown.set(2 * i, c.from);
      if (!b) unknown.set(2 * i + 1, c.to);
    });
    const found = await store.resolvePapers(
      [...unknown].map(([i, w]) => ({
        i,
        arxiv: w.arxiv ?? null,
        doi: w.doi ?? null,
        openalex: w.openalex ? [w.openalex] : [],
        s2: w.s2 ?? null,
        corpus: w.corpusId ?? null,
      })),
    );
    const rows = new Map<string, Row>();
    ends.forEach(([a, b], i) => {
      const from = a ?? found.get(2 * i);
      const to = b ?? found.get(2 * i + 1);
      const c = pending[i] as Pending;
      if (!from || !to || from === to) {
        if (from !== to || !from) summary.referencesSkipped += 1;
        return;
      }
      rows.set(`${from}\u0000${to}`, { from, to, evidence: c.evidence, confidence: c.confidence, source: format });
      cited.add(to);
    });
    if (rows.size) await store.writeCitations([...rows.values()]);
    summary.citations += rows.size;
    pending = [];
  };
  for (const [f, file] of files.entries()) {
    for await (const r of itemsOf(file, format, rejected[f] ?? new Set())) {
      if (!('items' in r)) continue;
      for (const item of r.items) {
        if (item.type === 'citation') pending.push(item);
        else for (const ref of item.references) pending.push({ from: item.ids, ...ref, to: ref.ids });
      }
      if (pending.length >= batchSize * 10) await flush();
    }
  }
  await flush();
  return cited;
}
