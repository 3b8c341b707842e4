import { beforeAll, describe, expect, it } from 'vitest';
import { type GoldEntry, readCorpus, readGold, type SeedCorpus, seedCorpusFiles } from '../../src/link/corpus.js';
import { evaluate, formatEvaluation } from '../../src/link/evaluate.js';

const GOLD = 'test/fixtures/linker-gold.ndjson';

describe('linker gold standard and evaluation on the seed', () => {
  let seed: SeedCorpus;
  let gold: GoldEntry[];
  beforeAll(async () => {
    seed = await readCorpus(seedCorpusFiles('seed'));
    gold = await readGold(GOLD);
  });

  it('has every curated USES/INTRODUCES of the seed as a curated gold entry, and reviewed entries only beyond them', () => {
    const key = (r: string, p: string, t: string) => `${r} ${p} ${t}`;
    const curated = seed.edges
      .filter((e) => e.relation === 'USES' || e.relation === 'INTRODUCES')
      .map((e) => key(e.relation, e.from, e.to))
      .sort();
    const goldCurated = gold.filter((g) => g.origin === 'curated').map((g) => key(g.relation, g.paper, g.technique));
    expect(goldCurated.sort()).toEqual(curated);
    const pairs = new Set(seed.edges.map((e) => `${e.from} ${e.to}`));
    const papers = new Set(seed.papers.map((p) => p.id));
    const techniques = new Set(seed.techniques.map((t) => t.id));
    for (const g of gold.filter((x) => x.origin === 'reviewed')) {
      expect(pairs.has(`${g.paper} ${g.technique}`), g.reason).toBe(false);
      expect(papers.has(g.paper) && techniques.has(g.technique), g.paper).toBe(true);
      expect(g.named, 'a reviewed mention is named in the text').not.toBeNull();
    }
    expect(gold.find((g) => g.paper === 'arxiv:2312.09390' && g.technique === 'technique:rlhf')?.origin).toBe(
      'reviewed',
    );
  });

  it('meets the targets: recall ≥ 0.6 of named gold links, precision ≥ 0.9', () => {
    const e = evaluate(seed, gold);
    const any = e.rows.find((r) => r.relation === 'any')!;
    expect(any.recallNamed).toBeGreaterThanOrEqual(0.6);
    expect(any.precision).toBeGreaterThanOrEqual(0.9);
    for (const r of e.rows) expect(r.precision, r.relation).toBeGreaterThanOrEqual(0.9);
    for (const m of e.mentions) {
      expect(m.confidence).toBeLessThanOrEqual(m.relation === 'USES' ? 0.6 : 0.5);
      const paper = seed.papers.find((p) => p.id === m.paperId)!;
      expect(m.field === 'title' ? paper.title : paper.abstract, 'evidence is an exact sentence').toContain(m.evidence);
      expect(m.evidence).toContain(m.surface);
    }
  });

  it('links Weak-to-Strong Generalization to RLHF with the abstract sentence as evidence', () => {
    const m = evaluate(seed, gold).mentions.find(
      (x) => x.paperId === 'arxiv:2312.09390' && x.techniqueId === 'technique:rlhf',
    );
    expect(m).toMatchObject({ relation: 'USES', mentionKind: 'MENTION', field: 'abstract', confidence: 0.5 });
    expect(m?.evidence).toBe(
      'Widely used alignment techniques, such as reinforcement learning from human feedback (RLHF), rely on the ability of humans to supervise model behavior - for example, to evaluate whether a model faithfully followed instructions or generated safe outputs.',
    );
  });

  it('counts hits, misses, false hits and relation misses on a small corpus', () => {
    const corpus = {
      techniques: [
        { id: 'technique:a', name: 'Alpha method', aliases: [] },
        { id: 'technique:b', name: 'Beta method', aliases: [] },
      ],
      papers: [
        { id: 'p:1', title: 'On things', abstract: 'We propose Alpha method. We also try Beta method.' },
        { id: 'p:2', title: 'Other things', abstract: 'We use Alpha method.' },
      ],
    } as unknown as SeedCorpus;
    const g = (paper: string, technique: string, relation: 'USES' | 'INTRODUCES', named: 'abstract' | null) =>
      ({ paper, technique, relation, origin: 'reviewed', named, reason: 'test' }) as GoldEntry;
    const e = evaluate(corpus, [
      g('p:1', 'technique:a', 'INTRODUCES', 'abstract'),
      g('p:2', 'technique:b', 'USES', null),
      g('p:2', 'technique:a', 'INTRODUCES', 'abstract'),
    ]);
    const row = (r: string) => e.rows.find((x) => x.relation === r)!;
    expect(row('any')).toMatchObject({ mined: 3, correct: 2, goldNamed: 2, foundNamed: 2, goldAll: 3, foundAll: 2 });
    expect(row('INTRODUCES')).toMatchObject({ mined: 1, correct: 1, goldNamed: 2, foundNamed: 1 });
    expect(e.falseHits.map((m) => `${m.paperId} ${m.techniqueId}`)).toEqual(['p:1 technique:b']);
    expect(e.relationMisses.map((x) => x.paper)).toEqual(['p:2']);
    expect(e.misses).toEqual([]);
    const text = formatEvaluation(e);
    expect(text).toContain('| any        | 3 | 2 | 0.67 | 2 | 2 | 1.00 | 3 | 2 | 0.67 |');
    expect(text).toContain('p:1 → technique:b "Beta method"');
  });
});
