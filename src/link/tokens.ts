/**
 * Words as the linker sees them. A token is a run of letters and digits; matching happens on tokens, so every
 * match is word-bounded by construction ("RLHFlow" is one token and never contains "RLHF"). Between two tokens
 * the gap is soft (spaces, one hyphen, a comma: `chain-of-thought` = `chain of thought`) or a break (any other
 * punctuation — full stop, colon, parenthesis, quote, slash, a spaced dash): no multi-word match spans a break.
 */

export interface Tokens {
  readonly text: string;
  readonly count: number;
  /** UTF-16 offsets of each token in `text` (a possessive `'s` is not part of the token). */
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** 1 when the gap before this token is a break (always 1 for the first token). */
  readonly brk: Uint8Array;
}

const NON_ASCII_WORD = /[\p{L}\p{N}]/u;
const ASCII_WORD = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

function isWordCode(c: number, text: string, i: number): boolean {
  return c < 128 ? ASCII_WORD[c] === 1 : NON_ASCII_WORD.test(text[i]!);
}

/** Is the gap text between two tokens soft (whitespace, at most one comma, or a single unspaced hyphen)? */
function softGap(text: string, from: number, to: number): boolean {
  if (from === to) return true;
  if (to - from === 1 && (text.charCodeAt(from) === 45 || text.charCodeAt(from) === 0x2010)) return true;
  let commas = 0;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 44) commas++;
    else if (!(c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0)) return false;
  }
  return commas <= 1;
}

export function tokenize(text: string): Tokens {
  const n = text.length;
  let cap = Math.max(8, n >> 2);
  let start = new Int32Array(cap);
  let end = new Int32Array(cap);
  let brk = new Uint8Array(cap);
  let count = 0;
  let i = 0;
  let prevEnd = -1;
  while (i < n) {
    let c = text.charCodeAt(i);
    if (c < 128 ? ASCII_WORD[c] === 0 : !NON_ASCII_WORD.test(text[i]!)) {
      i++;
      continue;
    }
    const s = i;
    for (i++; i < n; i++) {
      c = text.charCodeAt(i);
      if (c < 128 ? ASCII_WORD[c] === 0 : !NON_ASCII_WORD.test(text[i]!)) break;
    }
    if (count === cap) {
      cap *= 2;
      const ns = new Int32Array(cap);
      ns.set(start);
      start = ns;
      const ne = new Int32Array(cap);
      ne.set(end);
      end = ne;
      const nb = new Uint8Array(cap);
      nb.set(brk);
      brk = nb;
    }
    start[count] = s;
    end[count] = i;
    brk[count] = prevEnd < 0 || !softGap(text, prevEnd, s) ? 1 : 0;
    count++;
    prevEnd = i;
    // A possessive ('s, ’s) belongs to no token and is no break: "GPT-4's policy".
    const q = text.charCodeAt(i);
    if ((q === 39 || q === 0x2019) && (text[i + 1] === 's' || text[i + 1] === 'S')) {
      const after = i + 2;
      if (after >= n || !isWordCode(text.charCodeAt(after), text, after)) {
        i = after;
        prevEnd = after;
      }
    }
  }
  return { text, count, start, end, brk };
}

/** Folds a word for case-insensitive matching: lower case, and a regular English plural to its singular. */
export const foldWord = (word: string): string => foldLower(word.toLowerCase());

/** `foldWord` for a word already in lower case. */
export function foldLower(w: string): string {
  const n = w.length;
  if (n < 4 || w.charCodeAt(n - 1) !== 115 /* s */) return w;
  if (n > 4 && w.endsWith('ies')) return `${w.slice(0, -3)}y`;
  if (w.endsWith('sses') || w.endsWith('ches') || w.endsWith('shes') || w.endsWith('xes')) return w.slice(0, -2);
  if (w.endsWith('ss') || w.endsWith('us') || w.endsWith('is')) return w;
  return w.slice(0, -1);
}

/** The token's text as written. */
export const surfaceOf = (t: Tokens, k: number) => t.text.slice(t.start[k]!, t.end[k]!);

/** The raw text between token k-1 and token k (or before token 0). */
export const gapBefore = (t: Tokens, k: number) => t.text.slice(k === 0 ? 0 : t.end[k - 1]!, t.start[k]!);

/** Is this word written with a meaningful capital (RLHF, ExIt, TopK — not just a leading capital)? */
export function hasInnerCapital(word: string): boolean {
  for (let i = 1; i < word.length; i++) {
    const c = word[i]!;
    if (c !== c.toLowerCase()) return true;
  }
  return false;
}

export const hasCapital = (word: string) => word !== word.toLowerCase();
