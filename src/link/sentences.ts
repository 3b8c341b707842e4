/**
 * Sentence boundaries, found locally around a match (the linker only needs the sentence a mention is in, so it
 * never splits a whole abstract unless asked). A boundary is `.`, `!` or `?` followed by white space and then
 * something that is not a lower-case letter — except after an abbreviation (e.g., i.e., et al., cf., vs.,
 * Fig., Eq., Sec., approx.) or a single-letter initial (J. Smith, U.S.). Decimals (3.55) never qualify because
 * no white space follows the dot.
 *
 * Why not a library: `sbd` splits these cases well but costs ~0.27 ms per abstract here (more than ten times the
 * whole matching budget at 20,000 papers/s), and `Intl.Segmenter` splits after "e.g.".
 */

const ABBREVIATIONS = new Set([
  'e.g',
  'i.e',
  'al',
  'cf',
  'vs',
  'viz',
  'fig',
  'figs',
  'eq',
  'eqs',
  'sec',
  'secs',
  'approx',
  'resp',
  'ref',
  'refs',
  'no',
  'dr',
  'mr',
  'mrs',
  'ms',
  'prof',
  'incl',
  'ca',
  'cp',
]);

const isSpace = (c: string | undefined) => c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\u00a0';
const CLOSERS = new Set(['"', "'", ')', ']', '”', '’']);

/** Is there a sentence boundary right after the terminator at index i? */
function boundaryAfter(text: string, i: number): boolean {
  const c = text[i];
  if (c !== '.' && c !== '!' && c !== '?') return false;
  let j = i + 1;
  while (j < text.length && CLOSERS.has(text[j]!)) j++;
  if (j < text.length && !isSpace(text[j])) return false;
  while (j < text.length && isSpace(text[j])) j++;
  if (j >= text.length) return true;
  const next = text[j]!;
  if (next !== next.toUpperCase()) return false; // a lower-case letter continues the sentence
  if (c !== '.') return true;
  // The word ending at this dot (letters and inner dots: "e.g", "U.S", "al").
  let s = i;
  while (s > 0 && /[\p{L}.]/u.test(text[s - 1]!)) s--;
  const word = text.slice(s, i);
  if (ABBREVIATIONS.has(word.toLowerCase())) return false;
  if (/^\p{Lu}$/u.test(word) || /^(\p{L}\.)+\p{L}$/u.test(word)) return false; // an initial: J. Smith, U.S.
  return true;
}

/** Start and end (exclusive, terminator included, surrounding space excluded) of the sentence around [from, to). */
export function sentenceAround(text: string, from: number, to: number): [number, number] {
  let s = from;
  while (s > 0 && !boundaryAfter(text, s - 1)) s--;
  while (s < from && isSpace(text[s])) s++;
  let e = Math.max(to, from);
  while (e < text.length && !boundaryAfter(text, e)) e++;
  e = Math.min(text.length, e + 1);
  while (e < text.length && CLOSERS.has(text[e]!)) e++;
  while (e > s && isSpace(text[e - 1])) e--;
  return [s, e];
}

/** Every sentence of a text, in order, each exactly as written (trimmed). */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let s = 0;
  for (let i = 0; i < text.length; i++) {
    if (!boundaryAfter(text, i)) continue;
    let e = i + 1;
    while (e < text.length && CLOSERS.has(text[e]!)) e++;
    const sentence = text.slice(s, e).trim();
    if (sentence) out.push(sentence);
    s = e;
  }
  const rest = text.slice(s).trim();
  if (rest) out.push(rest);
  return out;
}
