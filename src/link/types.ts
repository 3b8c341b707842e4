/**
 * The linker's contract: the engine (`src/link/engine.ts`) turns a paper's title and abstract into
 * mentions of known techniques; the graph side (`src/db/stores/link-store.ts`, `npm run link`)
 * writes them as `USES`/`INTRODUCES` edges with `source: 'linker'`. Pure data, no driver types.
 */

/** One technique as the linker sees it: its canonical name and every alias. */
export interface VocabularyEntry {
  techniqueId: string;
  name: string;
  aliases: readonly string[];
}

/** The text the linker reads for one paper. */
export interface PaperText {
  id: string;
  title: string;
  abstract?: string | null;
}

/** `CONTRAST`: the technique is named to be set apart ("unlike RLHF", "without reinforcement learning"). */
export type MentionKind = 'MENTION' | 'CONTRAST';

/** What the matched text was: the technique's name, one of its aliases, or an acronym the text itself defines. */
export type MatchedBy = 'name' | 'alias' | 'acronym';

/** One mined link: at most one per (paper, technique, relation), the strongest mention. */
export interface Mention {
  paperId: string;
  techniqueId: string;
  relation: 'USES' | 'INTRODUCES';
  mentionKind: MentionKind;
  field: 'title' | 'abstract';
  matchedBy: MatchedBy;
  /** The exact text matched, as it appears in the paper. */
  surface: string;
  /** The exact sentence the mention is in (the edge's `evidence`). */
  evidence: string;
  /** From the documented rule; USES ≤ 0.6, INTRODUCES ≤ 0.5 — always below curated edges. */
  confidence: number;
}

/** A compiled vocabulary: build once per run, then link many papers. */
export interface Linker {
  /** The rules version stored on every edge this linker makes (`rulesVersion`). */
  readonly rulesVersion: string;
  link(paper: PaperText): Mention[];
}
