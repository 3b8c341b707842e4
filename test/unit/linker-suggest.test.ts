import { describe, expect, it } from 'vitest';
import { findDefinitions, longFormFor } from '../../src/link/acronyms.js';
import { sentenceAround, splitSentences } from '../../src/link/sentences.js';
import { formatSuggestions, suggest } from '../../src/link/suggest.js';

describe('acronym definitions (Schwartz–Hearst)', () => {
  it('finds the shortest long form whose letters spell the acronym', () => {
    expect(longFormFor('such as reinforcement learning from human feedback', 'RLHF')).toBe(
      'reinforcement learning from human feedback',
    );
    expect(longFormFor('the benefits of trust region policy optimization', 'TRPO')).toBe(
      'trust region policy optimization',
    );
    expect(longFormFor('we present Expert Iteration', 'ExIt')).toBe('Expert Iteration');
    expect(longFormFor('we use a new trick', 'RLHF')).toBeNull();
    expect(findDefinitions('We use PPO (see below) and direct preference optimization (DPO).')).toEqual([
      { short: 'DPO', long: 'direct preference optimization', start: 58, end: 63 },
    ]);
  });
});

describe('sentences', () => {
  it('splits at sentence ends but not at e.g., et al., i.e., initials or decimals', () => {
    expect(
      splitSentences('We use e.g. RLHF. Smith et al. (2020) and J. Doe got 3.55 FID, i.e. Better. Done! Why? Yes.'),
    ).toEqual([
      'We use e.g. RLHF.',
      'Smith et al. (2020) and J. Doe got 3.55 FID, i.e. Better.',
      'Done!',
      'Why?',
      'Yes.',
    ]);
    const text = 'One. Two has "quoted words." Three.';
    expect(text.slice(...sentenceAround(text, 9, 12))).toBe('Two has "quoted words."');
  });
});

describe('suggest', () => {
  const vocabulary = [{ techniqueId: 't:ppo', name: 'Proximal policy optimization', aliases: ['PPO'] }];
  const papers = [
    {
      id: 'p:1',
      title: 'A',
      abstract: 'We use direct preference optimization (DPO). Unlike proximal policy optimization (PPO), it is simple.',
    },
    {
      id: 'p:2',
      title: 'B',
      abstract: 'Direct Preference Optimization (DPO) is popular. We also use low-rank adaptation (LoRA).',
    },
    { id: 'p:3', title: 'C', abstract: 'We apply direct preference optimisation (DPO) too.' },
  ];

  it('lists "long form (ACRONYM)" candidates with counts and example sentences, excluding the vocabulary', () => {
    const out = suggest(papers, vocabulary);
    expect(out.map((s) => [s.longForm, s.acronym, s.count, s.papers])).toEqual([
      ['direct preference optimization', 'DPO', 2, 2],
      ['direct preference optimisation', 'DPO', 1, 1],
      ['low-rank adaptation', 'LoRA', 1, 1],
    ]);
    expect(out[0]!.examples).toEqual([
      { paperId: 'p:1', sentence: 'We use direct preference optimization (DPO).' },
      { paperId: 'p:2', sentence: 'Direct Preference Optimization (DPO) is popular.' },
    ]);
    expect(suggest(papers, vocabulary, { minCount: 2 })).toHaveLength(1);
    expect(formatSuggestions(out.slice(0, 1))).toContain(
      'direct preference optimization (DPO) — defined 2× in 2 paper(s)',
    );
  });
});
