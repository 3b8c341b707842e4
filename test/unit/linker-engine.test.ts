import { describe, expect, it } from 'vitest';
import { compileLinker } from '../../src/link/engine.js';
import { RULES_VERSION } from '../../src/link/rules.js';
import type { Mention, VocabularyEntry } from '../../src/link/types.js';
import { checkAlias } from '../../src/link/vocabulary.js';

const VOCAB: VocabularyEntry[] = [
  { techniqueId: 't:rlhf', name: 'Reinforcement learning from human feedback', aliases: ['RLHF'] },
  { techniqueId: 't:cot', name: 'Chain-of-thought prompting', aliases: ['chain of thought', 'CoT'] },
  { techniqueId: 't:ppo', name: 'Proximal policy optimization', aliases: ['PPO'] },
  { techniqueId: 't:exit', name: 'Expert iteration', aliases: ['ExIt'] },
  { techniqueId: 't:cd', name: 'Consistency distillation', aliases: ['CD'] },
  { techniqueId: 't:sae', name: 'Sparse autoencoder', aliases: ['SAE'] },
  { techniqueId: 't:ksae', name: 'k-sparse autoencoder', aliases: ['TopK autoencoder'] },
  { techniqueId: 't:bt', name: 'Back-translation', aliases: [] },
  { techniqueId: 't:orm', name: 'Outcome supervision', aliases: ['verifier', 'outcome-based feedback'] },
  { techniqueId: 't:prm', name: 'Process supervision', aliases: ['process-based feedback'] },
  { techniqueId: 't:rm', name: 'Reward modeling from human preferences', aliases: ['reward model'] },
  { techniqueId: 't:pf', name: 'Preparedness Framework evaluations', aliases: ['Preparedness Framework'] },
  { techniqueId: 't:x', name: 'X', aliases: ['u'] },
];
const linker = compileLinker(VOCAB);

const link = (abstract: string, title = 'A paper') => linker.link({ id: 'p', title, abstract });
const ids = (ms: Mention[]) => ms.map((m) => m.techniqueId).sort();
const one = (ms: Mention[], id: string) => {
  const found = ms.filter((m) => m.techniqueId === id);
  expect(found, `${id} in ${JSON.stringify(ms)}`).toHaveLength(1);
  return found[0]!;
};

describe('linker matching', () => {
  it('matches names case-insensitively, word-bounded, across hyphen, spacing and plural variants', () => {
    expect(ids(link('We use chain-of-thought prompting here.'))).toEqual(['t:cot']);
    expect(ids(link('We use Chain of Thought Prompting here.'))).toEqual(['t:cot']);
    expect(ids(link('Models write chains of thought.'))).toEqual(['t:cot']);
    expect(ids(link('We rely on backtranslation and back translation.'))).toEqual(['t:bt']);
    expect(ids(link('Many sparse autoencoders were trained.'))).toEqual(['t:sae']);
    expect(link('We study sparse autoencoderish models and chain-of-thoughtful ideas.')).toEqual([]);
  });

  it('matches an alias with capitals case-sensitively whatever its length; plural s allowed', () => {
    expect(ids(link('We fine-tune with RLHF and PPO.'))).toEqual(['t:ppo', 't:rlhf']);
    expect(ids(link('We train several SAEs.'))).toEqual(['t:sae']);
    expect(link('Press exit, burn a cd, type a url, read the cot and the sae and rlhf ppo.')).toEqual([]);
    expect(link('The Exit sign. A Cd player.')).toEqual([]);
    expect(ids(link('We use ExIt on Hex and CD on images.'))).toEqual(['t:cd', 't:exit']);
    expect(ids(link('Following the Preparedness Framework, we test.'))).toEqual(['t:pf']);
    expect(link('Following the preparedness framework, we test.')).toEqual([]);
  });

  it('never matches an acronym inside a longer word', () => {
    expect(link('RLHFlow and PPO2 and preSAE and CoTTA are other things.')).toEqual([]);
  });

  it('lets the longest match win: k-sparse autoencoder over sparse autoencoder', () => {
    const ms = link('We train a k-sparse autoencoder on activations.');
    expect(ids(ms)).toEqual(['t:ksae']);
    expect(one(ms, 't:ksae').surface).toBe('k-sparse autoencoder');
  });

  it('keeps a long form and its parenthesised acronym as one mention, and follows a text-defined acronym', () => {
    const ms = link('Techniques such as reinforcement learning from human feedback (RLHF) are common.');
    expect(ms).toHaveLength(1);
    expect(one(ms, 't:rlhf')).toMatchObject({
      matchedBy: 'name',
      surface: 'reinforcement learning from human feedback',
    });
    // The only plain (non-contrast) mention is the later BT, found through the definition.
    const defined = one(link('Unlike back-translation (BT), we start small. Later we add BT to it.'), 't:bt');
    expect(defined).toMatchObject({ mentionKind: 'MENTION', matchedBy: 'acronym', surface: 'BT' });
    expect(defined.evidence).toBe('Later we add BT to it.');
    expect(link('We add BT to it.')).toEqual([]);
  });

  it('does not take a vocabulary acronym the text defines as something else', () => {
    expect(link('We train with contrastive divergence (CD). CD converges slowly.')).toEqual([]);
    expect(ids(link('We use consistency distillation (CD). CD is fast.'))).toEqual(['t:cd']);
  });

  it('names a coordinated compound: "process- and outcome-based feedback" mentions both', () => {
    expect(ids(link('We compare process- and outcome-based feedback.'))).toEqual(['t:orm', 't:prm']);
  });

  it('needs a second signal for generic terms: a lone single-word alias is dropped, a two-word one is weaker', () => {
    expect(link('The proof is checked by a verifier.')).toEqual([]);
    expect(ids(link('We train a verifier. The verifier ranks samples.'))).toEqual(['t:orm']);
    expect(ids(link('A verifier ranks samples.', 'Training verifiers'))).toEqual(['t:orm']);
    const lone = one(link('We train a reward model on comparisons.'), 't:rm');
    const seconded = one(link('We train a reward model. The reward model is then used.'), 't:rm');
    expect(lone.confidence).toBeLessThan(seconded.confidence);
    expect(lone.confidence).toBe(0.25);
  });

  it('marks contrast and negation cues as CONTRAST, only when they come right before the name in one clause', () => {
    expect(one(link('Unlike RLHF, our method needs no labels.'), 't:rlhf').mentionKind).toBe('CONTRAST');
    expect(one(link('We align models without reinforcement learning from human feedback.'), 't:rlhf').mentionKind).toBe(
      'CONTRAST',
    );
    expect(one(link('We use PPO instead of RLHF here.'), 't:rlhf').mentionKind).toBe('CONTRAST');
    expect(one(link('We use PPO instead of RLHF here.'), 't:ppo').mentionKind).toBe('MENTION');
    expect(one(link('Rather than PPO, we optimise directly.'), 't:ppo').mentionKind).toBe('CONTRAST');
    expect(one(link('Unlike prior work, we use RLHF.'), 't:rlhf').mentionKind).toBe('MENTION');
    expect(one(link('RLHF may scale poorly without further work.'), 't:rlhf').mentionKind).toBe('MENTION');
    const both = link('Unlike RLHF, we start simple. Then we add RLHF.');
    expect(one(both, 't:rlhf').mentionKind).toBe('MENTION');
  });

  it('mines INTRODUCES only from explicit patterns, never "we propose using X"', () => {
    const intro = (text: string) => link(text).find((m) => m.techniqueId === 't:ppo')?.relation;
    expect(intro('We propose proximal policy optimization, a family of methods.')).toBe('INTRODUCES');
    expect(intro('In this paper we introduce PPO for control.')).toBe('INTRODUCES');
    expect(intro('The new methods, which we call proximal policy optimization (PPO), are simple.')).toBe('INTRODUCES');
    expect(intro('A simple method called proximal policy optimization works.')).toBe('INTRODUCES');
    expect(intro('We refer to the method as proximal policy optimization.')).toBe('INTRODUCES');
    expect(intro('Proximal policy optimization (PPO), a new method, is simple.')).toBe('INTRODUCES');
    expect(intro('We propose using proximal policy optimization to train agents.')).toBe('USES');
    expect(intro('We present results with PPO.')).toBe('USES');
    expect(intro('Prior work introduced PPO.')).toBe('USES');
    // Only the first term after the verb is proposed; a generic word later in the sentence gets no second signal.
    expect(link('We propose proximal policy optimization, a new verifier method.').map((m) => m.techniqueId)).toEqual([
      't:ppo',
    ]);
    const pair = link('We propose PPO and reinforcement learning from human feedback.');
    expect(pair.map((m) => `${m.techniqueId} ${m.relation}`).sort()).toEqual(['t:ppo INTRODUCES', 't:rlhf USES']);
    // The title introduces only when it IS the name (a subtitle allowed, not a survey's), at lower confidence.
    const titled = (title: string) => linker.link({ id: 'p', title, abstract: 'Nothing here.' })[0];
    expect(titled('Proximal Policy Optimization')).toMatchObject({ relation: 'INTRODUCES', confidence: 0.4 });
    expect(titled('PPO: Simple Policy Gradients')).toMatchObject({ relation: 'INTRODUCES', confidence: 0.3 });
    expect(titled('Proximal Policy Optimization: A Survey')).toMatchObject({ relation: 'USES' });
    expect(titled('Scaling proximal policy optimization')).toMatchObject({ relation: 'USES' });
    // A paper that introduces a technique gets no USES edge for it as well.
    expect(link('We propose PPO. PPO is simple.').map((m) => m.relation)).toEqual(['INTRODUCES']);
  });

  it('gives the documented confidences: title > abstract, name > alias > acronym; USES ≤ 0.6, INTRODUCES ≤ 0.5', () => {
    const conf = (title: string, abstract: string) =>
      linker.link({ id: 'p', title, abstract }).find((m) => m.techniqueId === 't:rlhf')!.confidence;
    expect(conf('Reinforcement learning from human feedback at scale', '')).toBe(0.6);
    expect(conf('Other', 'We apply reinforcement learning from human feedback.')).toBe(0.5);
    expect(conf('RLHF at scale', '')).toBe(0.5);
    expect(conf('Other', 'We apply RLHF.')).toBe(0.4);
    expect(one(link('We apply chain of thought.'), 't:cot')).toMatchObject({ matchedBy: 'alias', confidence: 0.45 });
    expect(one(link('We propose RLHF.'), 't:rlhf')).toMatchObject({ relation: 'INTRODUCES', confidence: 0.4 });
    expect(linker.rulesVersion).toBe(RULES_VERSION);
  });

  it('uses the exact sentence as evidence, not splitting at e.g., et al., i.e. or decimals', () => {
    const abstract =
      'First sentence. Strong baselines, e.g. PPO as in Schulman et al. (2017), reach 3.55 FID, i.e. Good. Last one.';
    expect(one(link(abstract), 't:ppo').evidence).toBe(
      'Strong baselines, e.g. PPO as in Schulman et al. (2017), reach 3.55 FID, i.e. Good.',
    );
    const title = one(linker.link({ id: 'p', title: 'PPO: a study', abstract: 'No match here.' }), 't:ppo');
    expect(title).toMatchObject({ field: 'title', evidence: 'PPO: a study' });
  });

  it('returns at most one link per technique and relation, the strongest, title before abstract', () => {
    const ms = linker.link({ id: 'p', title: 'RLHF for all', abstract: 'We apply RLHF. RLHF again.' });
    expect(ms).toHaveLength(1);
    expect(ms[0]).toMatchObject({ field: 'title', confidence: 0.5, paperId: 'p' });
  });

  it('refuses one-character aliases (checkAlias, and the compiler skips them)', () => {
    expect(checkAlias('u')).toMatchObject({ ok: false });
    expect(checkAlias(' - ')).toMatchObject({ ok: false });
    expect(checkAlias('42')).toMatchObject({ ok: false });
    expect(checkAlias('CD')).toEqual({ ok: true });
    expect(link('We use u and X here. u again.')).toEqual([]);
  });
});
