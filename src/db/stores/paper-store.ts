import type { Executor } from '../executor.js';

export interface PaperRow {
  id: string;
  title: string;
  abstract: string | null;
  published: string;
  year: number;
  arxivId: string | null;
  url: string | null;
  kind: 'paper' | 'technical_report' | 'system_card';
  citationCount: number;
}

export const paperProjection = `{
  .id, .title, .abstract, published: toString(p.published), .year, .arxivId, .url, .kind,
  citationCount: coalesce(p.citationCount, 0)
}`;

const byIdsQuery = {
  name: 'papers-by-ids',
  cypher: `
    UNWIND $ids AS id
    MATCH (p:Paper {id: id})
    RETURN p ${paperProjection} AS paper`,
};

const byArxivQuery = {
  name: 'paper-by-arxiv-id',
  cypher: `
    MATCH (p:Paper {arxivId: $arxivId})
    RETURN p ${paperProjection} AS paper`,
};

/** Papers: lookups by id (batched for dataloaders) and by arXiv id. */
export class PaperStore {
  constructor(private readonly executor: Executor) {}

  /** One query for many ids; the result is aligned with `ids` (null where absent). */
  async byIds(ids: readonly string[]): Promise<(PaperRow | null)[]> {
    const rows = await this.executor.read(byIdsQuery, { ids });
    const found = new Map(rows.map((r) => [(r.paper as PaperRow).id, r.paper as PaperRow]));
    return ids.map((id) => found.get(id) ?? null);
  }

  async byArxivId(arxivId: string): Promise<PaperRow | null> {
    const [row] = await this.executor.read(byArxivQuery, { arxivId });
    return (row?.paper as PaperRow | undefined) ?? null;
  }
}
