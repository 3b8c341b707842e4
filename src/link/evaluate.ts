import type { GoldEntry, SeedCorpus } from './corpus.js';
import { vocabularyOf } from './corpus.js';
import { compileLinker } from './engine.js';
import type { Mention } from './types.js';

/**
 * Linker quality against a gold standard, in memory. The corpus's edges are never read (curated USES/INTRODUCES
 * are hidden from the linker, which only sees titles, abstracts and the vocabulary).
 *
 * Scoring (README "Linker: matching rules and measured quality"):
 * - `USES`: a mined USES is correct when gold has the pair under any relation (a mined USES means "mentions", and
 *   a paper names what it introduces); recall is over gold USES.
 * - `INTRODUCES`: a mined INTRODUCES is correct only when gold has INTRODUCES on the pair.
 * - `any`: pairs, whatever the relation — the headline figure.
 * Recall is given over gold links whose technique is named in the title or abstract (`named`), and over all.
 */
export interface EvaluationRow {
  relation: 'USES' | 'INTRODUCES' | 'any';
  mined: number;
  correct: number;
  precision: number;
  goldNamed: number;
  foundNamed: number;
  recallNamed: number;
  goldAll: number;
  foundAll: number;
  recallAll: number;
}

export interface Evaluation {
  rulesVersion: string;
  papers: number;
  rows: EvaluationRow[];
  /** Gold links named in the text that no mined link covers (pair level), with the gold reason. */
  misses: GoldEntry[];
  /** Gold INTRODUCES named in the text that were mined only as USES. */
  relationMisses: GoldEntry[];
  /** Mined links whose pair is not in the gold standard. */
  falseHits: Mention[];
  /** Mined INTRODUCES where gold has the pair only as USES. */
  falseIntroductions: Mention[];
  /** Gold entries that state a mention kind the linker did not give. */
  kindMismatches: { gold: GoldEntry; mined: Mention }[];
  mentions: Mention[];
}

const pair = (paper: string, technique: string) => `${paper} ${technique}`;
const ratio = (a: number, b: number) => (b === 0 ? 1 : a / b);

export function evaluate(corpus: Pick<SeedCorpus, 'techniques' | 'papers'>, gold: readonly GoldEntry[]): Evaluation {
  const linker = compileLinker(vocabularyOf(corpus.techniques));
  const mentions = corpus.papers.flatMap((p) => linker.link({ id: p.id, title: p.title, abstract: p.abstract }));
  const goldPairs = new Set(gold.map((g) => pair(g.paper, g.technique)));
  const goldIntro = new Set(gold.filter((g) => g.relation === 'INTRODUCES').map((g) => pair(g.paper, g.technique)));
  const minedBy = (relation: string) =>
    new Set(mentions.filter((m) => m.relation === relation).map((m) => pair(m.paperId, m.techniqueId)));
  const minedPairs = new Set(mentions.map((m) => pair(m.paperId, m.techniqueId)));

  const row = (relation: EvaluationRow['relation']): EvaluationRow => {
    const mined = relation === 'any' ? minedPairs : minedBy(relation);
    const truth = relation === 'INTRODUCES' ? goldIntro : goldPairs;
    const entries = relation === 'any' ? gold : gold.filter((g) => g.relation === relation);
    const keys = (es: readonly GoldEntry[]) => new Set(es.map((g) => pair(g.paper, g.technique)));
    const all = keys(entries);
    const named = keys(entries.filter((g) => g.named !== null));
    const correct = [...mined].filter((k) => truth.has(k)).length;
    const foundNamed = [...named].filter((k) => mined.has(k)).length;
    const foundAll = [...all].filter((k) => mined.has(k)).length;
    return {
      relation,
      mined: mined.size,
      correct,
      precision: ratio(correct, mined.size),
      goldNamed: named.size,
      foundNamed,
      recallNamed: ratio(foundNamed, named.size),
      goldAll: all.size,
      foundAll,
      recallAll: ratio(foundAll, all.size),
    };
  };

  const introMined = minedBy('INTRODUCES');
  const kindMismatches: Evaluation['kindMismatches'] = [];
  for (const g of gold) {
    if (!g.kind) continue;
    const m = mentions.find((x) => x.paperId === g.paper && x.techniqueId === g.technique);
    if (m && m.mentionKind !== g.kind) kindMismatches.push({ gold: g, mined: m });
  }
  return {
    rulesVersion: linker.rulesVersion,
    papers: corpus.papers.length,
    rows: [row('USES'), row('INTRODUCES'), row('any')],
    misses: gold.filter((g) => g.named !== null && !minedPairs.has(pair(g.paper, g.technique))),
    relationMisses: gold.filter(
      (g) =>
        g.named !== null &&
        g.relation === 'INTRODUCES' &&
        minedPairs.has(pair(g.paper, g.technique)) &&
        !introMined.has(pair(g.paper, g.technique)),
    ),
    falseHits: mentions.filter((m) => !goldPairs.has(pair(m.paperId, m.techniqueId))),
    falseIntroductions: mentions.filter(
      (m) =>
        m.relation === 'INTRODUCES' &&
        goldPairs.has(pair(m.paperId, m.techniqueId)) &&
        !goldIntro.has(pair(m.paperId, m.techniqueId)),
    ),
    kindMismatches,
    mentions,
  };
}

const pct = (x: number) => x.toFixed(2);

/** The evaluation as a plain-text report: the table, then every miss and false hit. */
export function formatEvaluation(e: Evaluation): string {
  const lines = [
    `Linker evaluation (${e.rulesVersion}) on ${e.papers} papers: curated edges hidden, every paper linked, compared with the gold file.`,
    '',
    '| relation   | mined | correct | precision | gold named | found | recall (named) | gold all | found | recall (all) |',
    '|------------|------:|--------:|----------:|-----------:|------:|---------------:|---------:|------:|-------------:|',
    ...e.rows.map(
      (r) =>
        `| ${r.relation.padEnd(10)} | ${r.mined} | ${r.correct} | ${pct(r.precision)} | ${r.goldNamed} | ${r.foundNamed} | ${pct(r.recallNamed)} | ${r.goldAll} | ${r.foundAll} | ${pct(r.recallAll)} |`,
    ),
    '',
    `Misses (named in the text, not linked): ${e.misses.length}`,
    ...e.misses.map((g) => `  - ${g.relation} ${g.paper} → ${g.technique}: ${g.reason}`),
    `Introductions mined only as USES: ${e.relationMisses.length}`,
    ...e.relationMisses.map((g) => `  - ${g.paper} → ${g.technique}: ${g.reason}`),
    `False hits (not in gold): ${e.falseHits.length}`,
    ...e.falseHits.map((m) => `  - ${m.relation} ${m.paperId} → ${m.techniqueId} "${m.surface}": ${m.evidence}`),
    `False introductions (gold says USES): ${e.falseIntroductions.length}`,
    ...e.falseIntroductions.map((m) => `  - ${m.paperId} → ${m.techniqueId}: ${m.evidence}`),
    `Mention kind differs from gold: ${e.kindMismatches.length}`,
    ...e.kindMismatches.map(
      ({ gold, mined }) => `  - ${gold.paper} → ${gold.technique}: gold ${gold.kind}, mined ${mined.mentionKind}`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
