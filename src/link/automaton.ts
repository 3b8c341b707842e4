/**
 * A small Aho–Corasick automaton over WORDS rather than characters: its alphabet is the set of folded words that
 * occur in the vocabulary (each mapped to a small integer), so a paper is scanned once, token by token, whatever
 * the size of the vocabulary. Word-level states make every match word-bounded for free and keep the automaton
 * tiny (one state per distinct vocabulary prefix).
 *
 * Why not an npm library: modern-ahocorasick 3.3.0 (the best-kept one) was measured at ~4,600 abstracts/s on
 * this machine with 8,000 patterns (it segments graphemes; its `fast` backend was slower still), below the
 * 20,000 papers/s target, and a character automaton would still need a word layer for plural folding and the
 * per-word case rules. See README "Linker: matching rules and measured quality".
 */

export interface Hit {
  /** Index of the pattern (as added). */
  pattern: number;
  /** Token index of the pattern's first and last word. */
  first: number;
  last: number;
}

export class WordAutomaton {
  private readonly symbols = new Map<string, number>();
  private readonly next: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  /** Patterns ending in each state, including those reached through failure links (filled by `build`). */
  private outputs: number[][] = [[]];
  private readonly lengths: number[] = [];
  private built = false;

  /** Adds a pattern given as folded words; returns its index. */
  add(words: readonly string[]): number {
    if (this.built) throw new Error('WordAutomaton: add() after build()');
    if (words.length === 0) throw new RangeError('WordAutomaton: empty pattern');
    let state = 0;
    for (const w of words) {
      let sym = this.symbols.get(w);
      if (sym === undefined) {
        sym = this.symbols.size;
        this.symbols.set(w, sym);
      }
      let to = this.next[state]!.get(sym);
      if (to === undefined) {
        to = this.next.length;
        this.next.push(new Map());
        this.outputs.push([]);
        this.next[state]!.set(sym, to);
      }
      state = to;
    }
    const id = this.lengths.length;
    this.lengths.push(words.length);
    this.outputs[state]!.push(id);
    return id;
  }

  /** Computes failure links (breadth first) and merges each state's outputs with its failure state's. */
  build(): this {
    this.fail = new Int32Array(this.next.length);
    const queue: number[] = [];
    for (const to of this.next[0]!.values()) queue.push(to);
    for (let q = 0; q < queue.length; q++) {
      const state = queue[q]!;
      for (const [sym, to] of this.next[state]!) {
        let f = this.fail[state]!;
        while (f !== 0 && !this.next[f]!.has(sym)) f = this.fail[f]!;
        const target = this.next[f]!.get(sym);
        this.fail[to] = target !== undefined && target !== to ? target : 0;
        const inherited = this.outputs[this.fail[to]!]!;
        if (inherited.length > 0) this.outputs[to] = [...this.outputs[to]!, ...inherited];
        queue.push(to);
      }
    }
    this.built = true;
    return this;
  }

  /** The symbol of a folded word, or -1 when no pattern contains it. */
  symbol(word: string): number {
    return this.symbols.get(word) ?? -1;
  }

  /**
   * Scans a sequence of symbols; `reset[k]` true means no match may span into token k from before it.
   * Calls `onHit` for every occurrence of every pattern (overlaps included).
   */
  scan(symbols: Int32Array, count: number, reset: Uint8Array, onHit: (hit: Hit) => void): void {
    let state = 0;
    for (let k = 0; k < count; k++) {
      const sym = symbols[k]!;
      if (reset[k]) state = 0;
      if (sym < 0) {
        state = 0;
        continue;
      }
      while (state !== 0 && !this.next[state]!.has(sym)) state = this.fail[state]!;
      state = this.next[state]!.get(sym) ?? 0;
      const out = this.outputs[state]!;
      for (let o = 0; o < out.length; o++) {
        const pattern = out[o]!;
        onHit({ pattern, first: k - this.lengths[pattern]! + 1, last: k });
      }
    }
  }

  get states(): number {
    return this.next.length;
  }
}
