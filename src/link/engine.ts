import { isAcronymShape, longFormFor } from './acronyms.js';
import { WordAutomaton } from './automaton.js';
import { confidenceOf, isContrast, isIntroduction, isTitleIntroduction, RULES_VERSION } from './rules.js';
import { sentenceAround } from './sentences.js';
import { foldLower, foldWord, surfaceOf, type Tokens, tokenize } from './tokens.js';
import type { Linker, Mention, MentionKind, PaperText, VocabularyEntry } from './types.js';
import { compileTerms, exactWordMatches, type Term } from './vocabulary.js';

/** One occurrence of a term in a field, after the case rules and longest-match selection. */
interface Occurrence {
  term: Term;
  techniqueId: string;
  field: 'title' | 'abstract';
  tokens: Tokens;
  words: string[];
  first: number;
  last: number;
  matchedBy: Term['matchedBy'];
}

/**
 * Compiles the vocabulary into a word-level Aho–Corasick automaton (src/link/automaton.ts) once; `link` then reads
 * a paper's title and abstract in one pass each. Rules (README "Linker: matching rules and measured quality"):
 * case-insensitive, word-bounded, plural- and hyphen-tolerant; capitalised words match exactly; longest match
 * wins; "long form (ACR)" is one mention and makes later ACR a mention; a vocabulary acronym defined as something
 * else in the text is not a mention; generic terms need a second signal; CONTRAST and INTRODUCES from patterns.
 */
export function compileLinker(vocabulary: readonly VocabularyEntry[]): Linker {
  const terms = compileTerms(vocabulary);
  const automaton = new WordAutomaton();
  for (const term of terms) automaton.add(term.words);
  automaton.build();
  const termsOf = new Map<string, Term[]>();
  for (const term of terms) termsOf.set(term.techniqueId, [...(termsOf.get(term.techniqueId) ?? []), term]);
  const context = { automaton, terms, termsOf };
  return {
    rulesVersion: RULES_VERSION,
    link: (paper: PaperText) => linkPaper(context, paper),
  };
}

interface Context {
  automaton: WordAutomaton;
  terms: Term[];
  termsOf: Map<string, Term[]>;
}

interface Field {
  field: 'title' | 'abstract';
  tokens: Tokens;
  words: string[];
  found: Occurrence[];
  /** 1 for tokens inside a selected match. */
  covered: Uint8Array;
}

function scanField(ctx: Context, field: 'title' | 'abstract', text: string): Field {
  const tokens = tokenize(text);
  const words = new Array<string>(tokens.count);
  const symbols = new Int32Array(tokens.count);
  // Lower-case the field once (when that keeps every offset: true for ASCII and nearly all text).
  const lower = text.toLowerCase();
  const aligned = lower.length === text.length;
  for (let k = 0; k < tokens.count; k++) {
    const w = aligned ? lower.slice(tokens.start[k]!, tokens.end[k]!) : surfaceOf(tokens, k).toLowerCase();
    words[k] = foldLower(w);
    symbols[k] = ctx.automaton.symbol(words[k]!);
  }
  const candidates: { term: Term; first: number; last: number }[] = [];
  ctx.automaton.scan(symbols, tokens.count, tokens.brk, ({ pattern, first, last }) => {
    const term = ctx.terms[pattern]!;
    for (let i = 0; i < term.exact.length; i++) {
      const exact = term.exact[i];
      if (exact && !exactWordMatches(surfaceOf(tokens, first + i), exact)) return;
    }
    candidates.push({ term, first, last });
  });
  // Coordinated compounds: "process- and outcome-based feedback" also names "process-based feedback".
  const extra = ellipsisCandidates(ctx, tokens, words);
  // Longest match wins: take candidates longest first; drop any that overlaps one already taken.
  candidates.sort((a, b) => b.last - b.first - (a.last - a.first) || a.first - b.first);
  const taken = new Uint8Array(tokens.count);
  const out: Occurrence[] = [];
  const take = (c: { term: Term; first: number; last: number }) =>
    out.push({
      term: c.term,
      first: c.first,
      last: c.last,
      techniqueId: c.term.techniqueId,
      field,
      tokens,
      words,
      matchedBy: c.term.matchedBy,
    });
  for (const c of candidates) {
    let free = true;
    for (let k = c.first; k <= c.last && free; k++) if (taken[k]) free = false;
    if (!free) continue;
    for (let k = c.first; k <= c.last; k++) taken[k] = 1;
    take(c);
  }
  for (const c of extra) take(c);
  return { field, tokens, words, found: out, covered: taken };
}

function ellipsisCandidates(ctx: Context, tokens: Tokens, words: string[]) {
  const out: { term: Term; first: number; last: number }[] = [];
  for (let k = 0; k + 3 < tokens.count; k++) {
    const gap = tokens.end[k]!;
    if (tokens.start[k + 1]! - gap !== 2 || tokens.text.charCodeAt(gap) !== 45) continue;
    if (tokens.text.slice(gap, tokens.start[k + 1]!) !== '- ') continue;
    if (words[k + 1] !== 'and' && words[k + 1] !== 'or') continue;
    if (tokens.text.slice(tokens.end[k + 2]!, tokens.start[k + 3]!) !== '-') continue;
    // Virtual words: k, k+3, k+4, … (the shared tail); a term starting at k through the tail is a mention.
    const tail = [k];
    for (let j = k + 3; j < tokens.count && tail.length < 6 && (j === k + 3 || !tokens.brk[j]); j++) tail.push(j);
    const syms = Int32Array.from(tail, (j) => ctx.automaton.symbol(words[j]!));
    ctx.automaton.scan(syms, tail.length, new Uint8Array(tail.length), ({ pattern, first, last }) => {
      const term = ctx.terms[pattern]!;
      if (first !== 0 || term.exact.some((e) => e !== null)) return;
      out.push({ term, first: k, last: tail[last]! });
    });
  }
  return out;
}

/** Cheap test: is the character right before token k an opening parenthesis? */
const hasParenBefore = (t: Tokens, k: number) => t.text.charCodeAt(t.start[k]! - 1) === 40;
const textOf = (o: Occurrence) => o.tokens.text.slice(o.tokens.start[o.first]!, o.tokens.end[o.last]!);
const gapAfter = (t: Tokens, k: number) => (k + 1 < t.count ? t.text.slice(t.end[k]!, t.start[k + 1]!) : '');

/**
 * Acronyms: "long form (ACR)" makes the parenthesised ACR part of the long form's mention, and every later ACR
 * in the paper a mention of the same technique (matchedBy 'acronym'). A vocabulary acronym that the text defines
 * with an unrelated long form ("contrastive divergence (CD)") is not a mention anywhere in this paper.
 */
function resolveAcronyms(ctx: Context, fields: Field[], found: Occurrence[]): Occurrence[] {
  const defined = new Map<string, Occurrence>();
  const redefined = new Set<string>();
  const inDefinition = new Set<Occurrence>();
  for (const o of found) {
    const t = o.tokens;
    const k = o.last + 1;
    if (
      k < t.count &&
      hasParenBefore(t, k) &&
      gapAfter(t, o.last).trim() === '(' &&
      gapAfter(t, k).trimStart().startsWith(')')
    ) {
      const acr = surfaceOf(t, k);
      if (isAcronymShape(acr) && longFormFor(textOf(o), acr)) {
        if (!defined.has(acr)) defined.set(acr, o);
        for (const p of found)
          if (p.tokens === t && p.first === k && p.techniqueId === o.techniqueId) inDefinition.add(p);
      }
    }
  }
  for (const o of found) {
    if (o.matchedBy !== 'acronym' || inDefinition.has(o)) continue;
    const t = o.tokens;
    if (o.first === 0 || !hasParenBefore(t, o.first)) continue;
    const acr = surfaceOf(t, o.first);
    if (gapAfter(t, o.first - 1).trim() !== '(' || !gapAfter(t, o.first).trimStart().startsWith(')')) {
      continue;
    }
    const long = longFormFor(t.text.slice(0, t.end[o.first - 1]!), acr);
    if (long && !sharesWord(long, ctx.termsOf.get(o.techniqueId) ?? [])) redefined.add(acr);
  }
  const kept = found.filter(
    (o) => !inDefinition.has(o) && !(o.matchedBy === 'acronym' && redefined.has(surfaceOf(o.tokens, o.first))),
  );
  // Later uses of a text-defined acronym that the vocabulary does not list.
  for (const [acr, def] of defined) {
    const folded = foldWord(acr);
    for (const { field, tokens, words } of fields) {
      for (let k = 0; k < tokens.count; k++) {
        if (words[k] !== folded && words[k] !== acr.toLowerCase()) continue;
        if (tokens === def.tokens && k <= def.last + 1) continue;
        if (!exactWordMatches(surfaceOf(tokens, k), acr)) continue;
        if (kept.some((o) => o.tokens === tokens && o.first <= k && k <= o.last)) continue;
        kept.push({ ...def, field, tokens, words, first: k, last: k, matchedBy: 'acronym' });
      }
    }
  }
  return kept;
}

const EMPTY = new Uint8Array(0);
const STOP = new Set(['of', 'the', 'a', 'an', 'for', 'from', 'with', 'on', 'in', 'to', 'and', 'by']);

function sharesWord(long: string, terms: Term[]): boolean {
  const words = new Set(terms.flatMap((t) => t.words));
  return long
    .split(/[^\p{L}\p{N}]+/u)
    .map(foldWord)
    .some((w) => w && !STOP.has(w) && words.has(w));
}

function linkPaper(ctx: Context, paper: PaperText): Mention[] {
  const fields = [scanField(ctx, 'title', paper.title)];
  if (paper.abstract) fields.push(scanField(ctx, 'abstract', paper.abstract));
  const found = fields.flatMap((f) => f.found);
  if (found.length === 0) return [];
  const occurrences = resolveAcronyms(ctx, fields, found);
  const coveredOf = new Map(fields.map((f) => [f.tokens, f.covered]));
  // Second signal for generic terms: the technique is also found elsewhere in the paper, or by a non-generic term.
  const count = new Map<string, number>();
  const strong = new Set<string>();
  for (const o of occurrences) {
    count.set(o.techniqueId, (count.get(o.techniqueId) ?? 0) + 1);
    if (!o.term.generic || o.matchedBy === 'acronym') strong.add(o.techniqueId);
  }
  const best = new Map<string, Mention>();
  for (const o of occurrences) {
    const text = o.tokens.text;
    const [s, e] =
      o.field === 'title' ? [0, text.length] : sentenceAround(text, o.tokens.start[o.first]!, o.tokens.end[o.last]!);
    let from = o.first;
    while (from > 0 && o.tokens.start[from - 1]! >= s) from--;
    let to = o.last;
    while (to + 1 < o.tokens.count && o.tokens.end[to + 1]! <= e) to++;
    const kind: MentionKind = isContrast(o.tokens, o.words, o.first) ? 'CONTRAST' : 'MENTION';
    const introduces =
      kind === 'MENTION' &&
      (o.field === 'abstract'
        ? isIntroduction(o.tokens, o.words, o.first, o.last, from, to, coveredOf.get(o.tokens) ?? EMPTY)
        : isTitleIntroduction(o.tokens, o.first, o.last));
    const seconded = introduces || strong.has(o.techniqueId) || (count.get(o.techniqueId) ?? 0) > 1;
    if (!seconded && o.term.singleWordAlias) continue;
    const weak = o.term.generic && !seconded;
    const relation = introduces ? 'INTRODUCES' : 'USES';
    const mention: Mention = {
      paperId: paper.id,
      techniqueId: o.techniqueId,
      relation,
      mentionKind: kind,
      field: o.field,
      matchedBy: o.matchedBy,
      surface: textOf(o),
      evidence: text.slice(s, e),
      confidence: confidenceOf(relation, o.field, o.matchedBy, weak),
    };
    const key = `${o.techniqueId} ${relation}`;
    const prior = best.get(key);
    if (!prior || stronger(mention, prior)) best.set(key, mention);
  }
  // A paper that introduces a technique does not also "use" it.
  return [...best.values()].filter((m) => m.relation === 'INTRODUCES' || !best.has(`${m.techniqueId} INTRODUCES`));
}

/** A plain mention beats a contrast; then higher confidence; then the earlier one (title before abstract). */
function stronger(a: Mention, b: Mention): boolean {
  if (a.mentionKind !== b.mentionKind) return a.mentionKind === 'MENTION';
  return a.confidence > b.confidence;
}
