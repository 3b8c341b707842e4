import { describe, expect, it } from 'vitest';
import { generateRecords, truthOf } from '../../bench/generate/generator.js';
import { vocabularyOf } from '../../src/link/corpus.js';
import { compileLinker } from '../../src/link/engine.js';
import type { PaperText, VocabularyEntry } from '../../src/link/types.js';

/** Round trip: the generator plants mentions and distractors with its own truth; the linker must recover it. */
describe('linker on generated abstracts', () => {
  const N = 3000;
  const vocabulary: VocabularyEntry[] = [];
  const papers: PaperText[] = [];
  for (const r of generateRecords({ papers: N, seed: 7 }) as Iterable<Record<string, unknown>>) {
    if (r.type === 'technique') vocabulary.push(...vocabularyOf([r as never]));
    else if (r.type === 'paper')
      papers.push({ id: String(r.id), title: String(r.title), abstract: String(r.abstract) });
  }
  const linker = compileLinker(vocabulary);

  it('plants every kind of distractor', () => {
    const text = papers.map((p) => p.abstract).join('\n');
    for (const pattern of [
      /Unlike [A-Z]/,
      /[A-Z]{2}-\d+x and pre[A-Z]{2}-\d+/,
      /we log [a-z]{2}-\d+/,
      / is unrelated\./,
    ]) {
      expect(text).toMatch(pattern);
    }
    expect(text).toMatch(/A (verifier|ranker|planner|router|sampler|scheduler|judge|filter) checks each output\./);
    expect(text).toMatch(/\(([A-Z]{2}\d+)\) is part of our setup\. In ablations, \1 matters most\./);
    expect(text).toMatch(/We build on [A-Z][a-z-]+ [a-z]+ \d+ ensemble\./);
  });

  it('recovers the generator truth: (paper, technique, relation) and mention kind', () => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    let contrast = 0;
    for (let i = 0; i < N; i++) {
      const truth = new Map(truthOf(7, N, i).map((t) => [`${t.technique} ${t.relation}`, t]));
      const mined = linker.link(papers[i]!);
      for (const m of mined) {
        const t = truth.get(`${m.techniqueId} ${m.relation}`);
        if (!t) {
          fp++;
          continue;
        }
        tp++;
        expect(m.mentionKind, `${m.paperId} ${m.techniqueId}`).toBe(t.kind);
        if (t.kind === 'CONTRAST') contrast++;
      }
      for (const k of truth.keys()) if (!mined.some((m) => `${m.techniqueId} ${m.relation}` === k)) fn++;
    }
    expect(tp).toBeGreaterThan(2000);
    expect(contrast).toBeGreaterThan(50);
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.99);
    expect(tp / (tp + fn)).toBeGreaterThanOrEqual(0.99);
  });
});
