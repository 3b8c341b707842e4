import { findDefinitions } from './acronyms.js';
import { sentenceAround } from './sentences.js';
import { foldWord, surfaceOf, tokenize } from './tokens.js';
import type { PaperText, VocabularyEntry } from './types.js';
import { compileTerms } from './vocabulary.js';

/** A candidate technique: a "long form (ACRONYM)" definition seen in the corpus, for a person to review. */
export interface Suggestion {
  /** The long form as most often written. */
  longForm: string;
  /** The acronym as most often written. */
  acronym: string;
  /** How many definitions were seen, and in how many papers. */
  count: number;
  papers: number;
  /** Up to `examples` sentences that define it, with their paper. */
  examples: { paperId: string; sentence: string }[];
}

export interface SuggestOptions {
  /** Only candidates defined at least this many times (default 1). */
  minCount?: number;
  /** Example sentences per candidate (default 3). */
  examples?: number;
  /** At most this many candidates (default: all). */
  limit?: number;
}

const foldedKey = (text: string) => {
  const t = tokenize(text);
  return Array.from({ length: t.count }, (_, k) => foldWord(surfaceOf(t, k))).join(' ');
};

// Ties go to the form seen first (Array.prototype.sort is stable).
const mostCommon = (counts: Map<string, number>) => [...counts].sort((a, b) => b[1] - a[1])[0]![0];

/**
 * Candidate techniques from "long form (ACRONYM)" definitions across a corpus (Schwartz–Hearst, src/link/acronyms.ts),
 * grouped by folded long form, with counts and example sentences; definitions whose long form or acronym is already
 * a technique's name or alias are left out. Nothing is ever added to the vocabulary automatically.
 */
export function suggest(
  papers: Iterable<PaperText>,
  vocabulary: readonly VocabularyEntry[],
  options: SuggestOptions = {},
): Suggestion[] {
  const terms = compileTerms(vocabulary);
  const knownLong = new Set(terms.map((t) => t.words.join(' ')));
  const knownShort = new Set(terms.filter((t) => t.words.length === 1).map((t) => t.exact[0] ?? t.words[0]!));
  const groups = new Map<
    string,
    {
      long: Map<string, number>;
      short: Map<string, number>;
      count: number;
      papers: Set<string>;
      examples: Suggestion['examples'];
    }
  >();
  const wanted = options.examples ?? 3;
  for (const paper of papers) {
    for (const text of [paper.title, paper.abstract ?? '']) {
      for (const d of findDefinitions(text)) {
        const key = foldedKey(d.long);
        if (!key || knownLong.has(key) || knownShort.has(d.short) || knownShort.has(d.short.toLowerCase())) continue;
        let g = groups.get(key);
        if (!g) {
          g = { long: new Map(), short: new Map(), count: 0, papers: new Set(), examples: [] };
          groups.set(key, g);
        }
        g.count++;
        g.long.set(d.long, (g.long.get(d.long) ?? 0) + 1);
        g.short.set(d.short, (g.short.get(d.short) ?? 0) + 1);
        if (!g.papers.has(paper.id) && g.examples.length < wanted) {
          const [s, e] = sentenceAround(text, d.start, d.end);
          g.examples.push({ paperId: paper.id, sentence: text.slice(s, e) });
        }
        g.papers.add(paper.id);
      }
    }
  }
  const out = [...groups.values()]
    .filter((g) => g.count >= (options.minCount ?? 1))
    .map((g) => ({
      longForm: mostCommon(g.long),
      acronym: mostCommon(g.short),
      count: g.count,
      papers: g.papers.size,
      examples: g.examples,
    }))
    .sort((a, b) => b.count - a.count || b.papers - a.papers || a.longForm.localeCompare(b.longForm));
  return options.limit === undefined ? out : out.slice(0, options.limit);
}

/** The suggestions as plain text, one block per candidate. */
export function formatSuggestions(suggestions: readonly Suggestion[]): string {
  if (suggestions.length === 0) return 'No candidate techniques: no new "long form (ACRONYM)" definitions found.\n';
  return `${suggestions
    .map(
      (s) =>
        `${s.longForm} (${s.acronym}) — defined ${s.count}× in ${s.papers} paper(s)\n` +
        s.examples.map((e) => `    ${e.paperId}: ${e.sentence}`).join('\n'),
    )
    .join('\n')}\n`;
}
