import { foldWord, gapBefore, hasCapital, hasInnerCapital, surfaceOf, tokenize } from './tokens.js';
import type { MatchedBy, VocabularyEntry } from './types.js';

/**
 * One matchable term: a technique's name or one alias (or a hyphen-joined variant of either), as folded words
 * plus, per word, the exact spelling when that word must match case-sensitively.
 */
export interface Term {
  techniqueId: string;
  /** The name or alias as written in the vocabulary. */
  text: string;
  matchedBy: MatchedBy;
  words: string[];
  /** Per word: the exact spelling it must have in the text, or null for a case-insensitive word. */
  exact: (string | null)[];
  /** Case-insensitive and at most two words (`verifier`, `reward model`, `Transformer`): needs a second signal. */
  generic: boolean;
  /** A single-word alias: with no second signal it is not linked at all. */
  singleWordAlias: boolean;
}

export type AliasCheck = { ok: true } | { ok: false; reason: string };

/**
 * Can this string be a technique's name or alias? A one-character alias (or one with fewer than two letters and
 * digits, or none of them letters) is refused: it would match everywhere. The import path calls this before
 * writing a technique.
 */
export function checkAlias(alias: string): AliasCheck {
  const wordChars = alias.match(/[\p{L}\p{N}]/gu) ?? [];
  if (wordChars.length < 2) {
    return { ok: false, reason: `alias "${alias}" has fewer than two letters or digits; it would match everywhere` };
  }
  if (!/\p{L}/u.test(alias)) return { ok: false, reason: `alias "${alias}" has no letter` };
  return { ok: true };
}

/**
 * Which words of a term match exactly: a word with a capital after its first letter (RLHF, ExIt, TopK, CoT), or
 * a capitalised word that is not the term's first word (Preparedness *Framework*, Constitutional *AI*). A
 * leading capital on the first word is sentence case and ignored (Transformer, Expert iteration).
 */
function exactness(words: string[]): (string | null)[] {
  return words.map((w, i) => (hasInnerCapital(w) || (i > 0 && hasCapital(w)) ? w : null));
}

/** An acronym term: one word, matched exactly, with at least two capitals (PPO, RLHF, CoT, ExIt, CD). */
function isAcronym(words: string[], exact: (string | null)[]): boolean {
  const w = exact[0];
  return words.length === 1 && w !== null && w !== undefined && (w.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
}

function termsOf(entry: VocabularyEntry): Term[] {
  const out: Term[] = [];
  const seen = new Set<string>();
  const sources: [string, boolean][] = [[entry.name, true], ...entry.aliases.map((a): [string, boolean] => [a, false])];
  for (const [text, isName] of sources) {
    if (!checkAlias(text).ok) continue;
    const t = tokenize(text);
    const raw = Array.from({ length: t.count }, (_, k) => surfaceOf(t, k));
    // The term as written, and (when it has hyphenated words) the variant with those hyphens closed up:
    // `back-translation` also matches `backtranslation`.
    const variants = [raw];
    const joined: string[] = [];
    for (let k = 0; k < t.count; k++) {
      if (k > 0 && gapBefore(t, k) === '-') joined[joined.length - 1] += raw[k]!;
      else joined.push(raw[k]!);
    }
    if (joined.length !== raw.length) variants.push(joined);
    for (const words of variants) {
      const exact = exactness(words);
      const folded = words.map(foldWord);
      const key = folded.map((w, i) => exact[i] ?? w).join(' ');
      if (seen.has(key)) continue;
      seen.add(key);
      const acronym = isAcronym(words, exact);
      const caseless = exact.every((e) => e === null);
      out.push({
        techniqueId: entry.techniqueId,
        text,
        matchedBy: acronym ? 'acronym' : isName ? 'name' : 'alias',
        words: folded,
        exact,
        generic: caseless && words.length <= 2,
        singleWordAlias: caseless && !isName && words.length === 1,
      });
    }
  }
  return out;
}

/** Every term of the vocabulary; aliases that `checkAlias` refuses are skipped. */
export function compileTerms(vocabulary: readonly VocabularyEntry[]): Term[] {
  return vocabulary.flatMap(termsOf);
}

/** Does the text word match the term's exact spelling (an `s` plural is allowed: SAEs, PRMs)? */
export function exactWordMatches(surface: string, exact: string): boolean {
  return (
    surface === exact || (surface.length === exact.length + 1 && surface.endsWith('s') && surface.startsWith(exact))
  );
}
