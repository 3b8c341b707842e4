import type { SourceFormat } from '../formats/work.js';
import type { AuthorCounts } from './authors.js';

/** What a source-format import did (src/ingest/source/import.ts), as counted while it ran. */
export interface SourceSummary {
  format: SourceFormat;
  files: string[];
  works: number;
  rejected: number;
  papersCreated: number;
  /** Works that merged into a paper already in the graph (by an external id). */
  papersMerged: number;
  papersUpdated: number;
  authors: AuthorCounts;
  topicsCreated: number;
  topicsMatchedCurated: number;
  citations: number;
  /** References to works neither in the graph nor in the import: skipped (without --keep-external-references). */
  referencesSkipped: number;
  /** With --keep-external-references: reference stubs made, and CITES edges to stubs written. */
  referenceStubs: number;
  citationsToReferences: number;
  /** Reference stubs an imported work turned out to be: now papers, filled by the work. */
  referencesPromoted: number;
  /** OpenAlex merged-away ids read (merged_ids rows and ids records list beside their own), and how many now name a paper. */
  mergedIds: number;
  mergedIdsLinked: number;
  /** Records under a merged-away id whose current work's record is in the import too: left out. */
  mergedRecordsSkipped: number;
  batches: number;
  ms: number;
  worksPerSecond: number;
}

/** A summary with nothing counted yet. */
export function emptySummary(format: SourceFormat, files: string[], works: number, rejected: number): SourceSummary {
  return {
    format,
    files,
    works,
    rejected,

    papersCreated: 0,
    papersMerged: 0,
    papersUpdated: 0,
    authors: { byId: 0, byByline: 0, byName: 0, created: 0, ambiguous: 0 },
    topicsCreated: 0,
    topicsMatchedCurated: 0,
    citations: 0,
    referencesSkipped: 0,
    referenceStubs: 0,
    citationsToReferences: 0,
    referencesPromoted: 0,
    mergedIds: 0,
    mergedIdsLinked: 0,
    mergedRecordsSkipped: 0,
    batches: 0,
    ms: 0,
    worksPerSecond: 0,
  };
}

/** The summary as printed by `npm run import -- --format …`. */
export function formatSourceSummary(s: SourceSummary): string {
  const a = s.authors;
  return [
    `Import (${s.format}) of ${s.files.length} file(s): ${s.works} works in ${s.ms} ms (${s.worksPerSecond} works/s), ${s.batches} batch(es)`,
    `  papers: ${s.papersCreated} created, ${s.papersMerged} merged into existing papers, ${s.papersUpdated} updated`,
    `  authors: ${a.created} new, ${a.byId} matched by external id, ${a.byByline} by byline, ${a.byName} by name, ${a.ambiguous} ambiguous (kept apart)`,
    `  topics: ${s.topicsCreated} nodes created, ${s.topicsMatchedCurated} matched a curated topic by name`,
    `  citations: ${s.citations} written, ${s.referencesSkipped} references outside the graph skipped`,
    ...(s.referenceStubs || s.citationsToReferences || s.referencesPromoted
      ? [
          `  reference stubs: ${s.referenceStubs} created, ${s.citationsToReferences} citations to stubs, ${s.referencesPromoted} stubs became papers`,
        ]
      : []),
    ...(s.mergedIds
      ? [
          `  merged OpenAlex ids: ${s.mergedIds} read, ${s.mergedIdsLinked} linked to their paper, ${s.mergedRecordsSkipped} records under a merged id left out`,
        ]
      : []),
    ...(s.rejected ? [`  rejected: ${s.rejected} record(s) (see the rejects file)`] : []),
  ].join('\n');
}
