/**
 * Acronym definitions in running text — "reinforcement learning from human feedback (RLHF)" — found with the
 * Schwartz & Hearst algorithm (A Simple Algorithm for Identifying Abbreviation Definitions in Biomedical Text,
 * PSB 2003): the long form is the shortest run of preceding words in which the acronym's letters occur in order,
 * right to left, the first one at the start of a word.
 */

/** An acronym-shaped word: starts with a letter, 2–10 characters, at least two capitals or a capital and a digit. */
export function isAcronymShape(word: string): boolean {
  if (word.length < 2 || word.length > 10 || !/^\p{L}/u.test(word)) return false;
  const capitals = word.match(/\p{Lu}/gu)?.length ?? 0;
  return capitals >= 2 || (capitals >= 1 && /\p{N}/u.test(word));
}

const isAlnum = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}]/u.test(c);

/**
 * The long form of `short` at the end of `before` (the text right before the parenthesis), or null when the
 * acronym's letters cannot be found there. Only the last min(|short| + 5, 2·|short|) words are considered.
 */
export function longFormFor(before: string, short: string): string | null {
  const words = before.trimEnd().split(/\s+/);
  const limit = Math.min(short.length + 5, short.length * 2);
  const lf = words.slice(Math.max(0, words.length - limit)).join(' ');
  const sf = short.endsWith('s') && short.length > 2 ? short.slice(0, -1) : short; // PRMs → PRM
  let s = sf.length - 1;
  let l = lf.length - 1;
  while (s >= 0) {
    const c = sf[s]!.toLowerCase();
    if (!isAlnum(c)) {
      s--;
      continue;
    }
    while (l >= 0 && (lf[l]!.toLowerCase() !== c || (s === 0 && l > 0 && isAlnum(lf[l - 1])))) l--;
    if (l < 0) return null;
    l--;
    s--;
  }
  const start = lf.lastIndexOf(' ', l) + 1;
  const long = lf.slice(start).replace(/^[^\p{L}\p{N}]+/u, '');
  return long.split(/\s+/).length >= 2 || long.length > short.length ? long : null;
}

export interface Definition {
  short: string;
  long: string;
  /** Offsets of the parenthesised acronym "(RLHF)" in the text. */
  start: number;
  end: number;
}

const PAREN = /\(\s*([\p{L}][\p{L}\p{N}-]{1,9})\s*\)/gu;

/** Every "long form (ACRONYM)" definition in a text. */
export function findDefinitions(text: string): Definition[] {
  const out: Definition[] = [];
  for (const m of text.matchAll(PAREN)) {
    const short = m[1]!;
    if (!isAcronymShape(short)) continue;
    const long = longFormFor(text.slice(0, m.index), short);
    if (long) out.push({ short, long, start: m.index, end: m.index + m[0].length });
  }
  return out;
}
