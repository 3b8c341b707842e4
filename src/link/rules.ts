import type { Tokens } from './tokens.js';
import type { MatchedBy } from './types.js';

/**
 * The version of the matching rules, stored on every mined edge (`rulesVersion`). Bump it whenever a rule below
 * or in the engine changes what is linked or how confident it is, so `npm run link` can replace stale links.
 */
export const RULES_VERSION = 'linker-1';

/**
 * Confidence of a mined link (README "Linker: matching rules and measured quality" shows this table):
 *
 * | relation   | where    | name | alias | acronym |
 * |------------|----------|------|-------|---------|
 * | USES       | title    | 0.60 | 0.55  | 0.50    |
 * | USES       | abstract | 0.50 | 0.45  | 0.40    |
 * | INTRODUCES | abstract | 0.50 | 0.45  | 0.40    |
 * | INTRODUCES | title    | 0.40 | 0.35  | 0.30    |
 *
 * (INTRODUCES from the title only when the title IS the technique's name, optionally with a subtitle.)
 * A generic term (case-insensitive, one or two words) with no second signal loses GENERIC_PENALTY. Every value is
 * ≤ 0.6 (USES) / ≤ 0.5 (INTRODUCES): below every curated edge (0.7–0.97).
 */
export const CONFIDENCE = {
  USES: {
    title: { name: 0.6, alias: 0.55, acronym: 0.5 },
    abstract: { name: 0.5, alias: 0.45, acronym: 0.4 },
  },
  INTRODUCES: {
    abstract: { name: 0.5, alias: 0.45, acronym: 0.4 },
    title: { name: 0.4, alias: 0.35, acronym: 0.3 },
  },
} as const;
export const GENERIC_PENALTY = 0.2;

export function confidenceOf(
  relation: 'USES' | 'INTRODUCES',
  field: 'title' | 'abstract',
  matchedBy: MatchedBy,
  weakGeneric: boolean,
): number {
  const base = CONFIDENCE[relation][field][matchedBy];
  return Math.round((weakGeneric ? base - GENERIC_PENALTY : base) * 100) / 100;
}

/** Folded words of the paper text, for the pattern rules (same indices as the tokens). */
export type Words = readonly string[];

/** Cues that set a technique apart when they come right before it (≤ 3 words between, no comma or break). */
export const CONTRAST_CUES: readonly (readonly string[])[] = [
  ['unlike'],
  ['without'],
  ['instead', 'of'],
  ['rather', 'than'],
  ['in', 'contrast', 'to'],
  ['in', 'contrast', 'with'],
  ['as', 'opposed', 'to'],
  ['in', 'place', 'of'],
  ['compared', 'to'],
  ['compared', 'with'],
  ['alternative', 'to'],
  ['no', 'need', 'for'],
];
const CONTRAST_GAP = 3;

/** Do cue words end exactly at token `k`? */
function cueEndsAt(words: Words, cue: readonly string[], k: number): boolean {
  if (k - cue.length + 1 < 0) return false;
  for (let i = 0; i < cue.length; i++) if (words[k - cue.length + 1 + i] !== cue[i]) return false;
  return true;
}

/** No break and no comma between token a and token b (exclusive of a's own gap). */
function clauseBetween(tokens: Tokens, a: number, b: number): boolean {
  for (let k = a + 1; k <= b; k++) {
    if (tokens.brk[k]) return false;
    for (let c = tokens.end[k - 1]!; c < tokens.start[k]!; c++) if (tokens.text.charCodeAt(c) === 44) return false;
  }
  return true;
}

/** Is the mention starting at token `first` preceded by a contrast cue in the same clause? */
export function isContrast(tokens: Tokens, words: Words, first: number): boolean {
  for (let gap = 0; gap <= CONTRAST_GAP; gap++) {
    const k = first - 1 - gap;
    if (k < 0) break;
    if (!clauseBetween(tokens, k, first)) break;
    for (const cue of CONTRAST_CUES) if (cueEndsAt(words, cue, k)) return true;
  }
  return false;
}

const PROPOSE = new Set(['propose', 'introduce', 'present', 'develop']);
const SUBJECT = new Set(['we', 'paper', 'work']);
const NAMING = new Set(['call', 'called', 'term', 'termed', 'dub', 'dubbed', 'coin', 'coined']);
/** Words between "we propose" and the technique that make it a use, not an introduction ("we propose using X"). */
const BLOCKERS = new Set(
  'using use apply applying via with by from on to for based like than unlike without over against improve improving extend extending'.split(
    ' ',
  ),
);
const PROPOSE_GAP = 6;
const NOVEL = new Set(['new', 'novel']);

/**
 * Does the sentence explicitly introduce the technique mentioned at tokens [first, last]? Patterns:
 * "we/this paper propose|introduce|present|develop … X" (≤ 6 words between, none of them like "using");
 * "(which) we call X", "called|termed|dubbed X"; "we refer to … as X"; "X (ACR), a new|novel …".
 * `from` is the first token of the sentence; `to` the last; `covered` marks tokens inside matched terms (the
 * proposed technique is the first one after the verb: "we propose X, a new critic method" introduces X only).
 */
export function isIntroduction(
  tokens: Tokens,
  words: Words,
  first: number,
  last: number,
  from: number,
  to: number,
  covered: Uint8Array,
) {
  for (let k = first - 1; k >= from && first - 1 - k <= PROPOSE_GAP; k--) {
    const w = words[k]!;
    if (BLOCKERS.has(w) || covered[k]) break;
    if (PROPOSE.has(w) && k > from) {
      const before = words[k - 1] === 'also' || words[k - 1] === 'here' || words[k - 1] === 'then' ? k - 2 : k - 1;
      if (before >= from && SUBJECT.has(words[before]!)) return true;
    }
  }
  for (let k = first - 1; k >= from && k >= first - 2; k--) if (NAMING.has(words[k]!)) return true;
  if (first - 1 >= from && words[first - 1] === 'as') {
    for (let k = first - 2; k > from && k >= first - 8; k--)
      if (words[k] === 'to' && words[k - 1] === 'refer') return true;
  }
  let k = last + 1;
  // Skip a parenthesised acronym right after the name: "Expert Iteration (ExIt), a novel …".
  if (k <= to && tokens.text.slice(tokens.end[last]!, tokens.start[k]!).trim() === '(') k++;
  if (k + 1 <= to && tokens.text.slice(tokens.end[k - 1]!, tokens.start[k]!).includes(',')) {
    if ((words[k] === 'a' || words[k] === 'an') && (NOVEL.has(words[k + 1]!) || NOVEL.has(words[k + 2] ?? '')))
      return true;
  }
  return false;
}

const SURVEY = /^\s*:\s*(an?\s+)?(survey|review|tutorial|primer|overview|introduction)\b/i;

/**
 * Does the title present the technique as its subject: the whole title is the term ("Consistency Models"), or the
 * term followed by a subtitle ("Constitutional AI: Harmlessness from AI Feedback") that is not a survey's?
 */
export function isTitleIntroduction(tokens: Tokens, first: number, last: number): boolean {
  if (first !== 0 || tokens.text.slice(0, tokens.start[0]!).trim() !== '') return false;
  const rest = tokens.text.slice(tokens.end[last]!);
  if (rest.trim() === '' || rest.trim() === '.') return true;
  return /^\s*:/.test(rest) && !SURVEY.test(rest);
}
