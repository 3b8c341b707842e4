/**
 * Provenance classes of USES/INTRODUCES edges (issue #13) and the Cypher filter over them. An
 * edge's `source` string falls in one class: `curated` (the seed), `linker` (mined by the linker),
 * `api` (written through a mutation), and everything else — `import:<file>` or a source format
 * such as `openalex`, `s2`, `arxiv`, `bibtex`, `papergraph:<file>` — is IMPORT. The filter's
 * values come in as parameters (`$sources`: a list of these class names, or null for all;
 * `$includeContrast`), never as Cypher text.
 */

export const sourceClasses = ['CURATED', 'LINKER', 'IMPORT', 'API'] as const;
export type SourceClass = (typeof sourceClasses)[number];

export interface EdgeFilter {
  /** Only edges of these classes; null: every class. */
  sources: SourceClass[] | null;
  /** Keep mined links the linker marked CONTRAST ("unlike RLHF, …"). */
  includeContrast: boolean;
}

/** Every edge but mined CONTRAST links: the default of lineage, adoption and the link lists. */
export const DEFAULT_FILTER: EdgeFilter = { sources: null, includeContrast: false };

/** Whether `f` reads edges as the default does (what the lineage index covers). */
export const isDefaultFilter = (f: EdgeFilter) => f.sources === null && !f.includeContrast;

/** The class of edge `r`, in Cypher. */
export const sourceClass = (r: string) =>
  `CASE ${r}.source WHEN 'curated' THEN 'CURATED' WHEN 'linker' THEN 'LINKER' WHEN 'api' THEN 'API' ELSE 'IMPORT' END`;

/** Whether edge `r` passes the filter held in the parameters `sources` and `includeContrast` (Cypher). */
export const passes = (r: string, sources = '$sources', includeContrast = '$includeContrast') =>
  `((${sources} IS NULL OR ${sourceClass(r)} IN ${sources})
    AND (${includeContrast} OR coalesce(${r}.source, '') <> 'linker' OR coalesce(${r}.mentionKind, 'MENTION') <> 'CONTRAST'))`;

/** The parameters of `passes` for a filter. */
export const filterParams = (f: EdgeFilter) => ({ sources: f.sources, includeContrast: f.includeContrast });
