import { distinct, intIn, pick, powerIndex, type Rng, rngFor } from './prng.js';
import { ADJECTIVES, NOUNS } from './words.js';

/**
 * What generated abstracts say about techniques, and the TRUE links that follows from it — written here, from the
 * generator's own choices, never by running the linker (src/link). Each paper's abstract names the techniques its
 * USES edges point at (by name, alias, or an acronym it defines), the introducing paper proposes its technique,
 * and planted distractors must NOT become links: acronyms inside words ("ST-12x", "preST-12"), a lower-cased
 * acronym, a name-like phrase with another number, a generic one-word alias used once; a negation ("Unlike X, …")
 * must become a CONTRAST link; a nested alias ("<name of t-1> ensemble", technique t) must link t, not t-1.
 */

export interface TruthLink {
  paper: string;
  technique: string;
  relation: 'USES' | 'INTRODUCES';
  kind: 'MENTION' | 'CONTRAST';
}

/** One-word aliases that are ordinary words (techniques 3, 13, 23, …): a lone use is not a link. */
export const GENERIC_ALIASES = ['verifier', 'ranker', 'planner', 'router', 'sampler', 'scheduler', 'judge', 'filter'];

export const S_MENTIONS = 7;
const S_TECHNIQUE = 2;

interface Shape {
  papers: number;
  techniques: number;
}

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);

/** Technique t's adjective and noun (the first two draws of its stream, as in the generator). */
function partsOf(seed: number, t: number): { adjective: string; noun: string } {
  const rng = rngFor(seed, S_TECHNIQUE, t);
  const adjective = pick(rng, ADJECTIVES);
  return { adjective, noun: pick(rng, NOUNS) };
}

export const nameOf = (seed: number, t: number) => {
  const { adjective, noun } = partsOf(seed, t);
  return `${cap(adjective)} ${noun} ${t}`;
};

/** The generator's original alias (every third technique): "ST-12". */
export function acronymAliasOf(seed: number, t: number): string | undefined {
  if (t % 3 !== 0) return undefined;
  const { adjective, noun } = partsOf(seed, t);
  return `${adjective[0]}${noun[0]}-${t}`.toUpperCase();
}

/** A nested alias (t ≡ 7 mod 10): technique t-1's name plus "ensemble". */
const nestedAliasOf = (seed: number, t: number) => (t % 10 === 7 ? `${nameOf(seed, t - 1)} ensemble` : undefined);
const genericAliasOf = (t: number) => (t % 10 === 3 ? GENERIC_ALIASES[(t - 3) / 10] : undefined);

/** Aliases added for the linker benchmark (after the original ones). */
export const extraAliases = (seed: number, t: number): string[] =>
  [nestedAliasOf(seed, t), genericAliasOf(t)].filter((a): a is string => a !== undefined);

/** Techniques popular by a fixed permutation, so the most used are not simply the oldest. */
const popular = (rank: number, techniques: number) => (rank * 2003 + 101) % techniques;

/** The techniques paper i uses: the first draws of its edge stream (the generator's USES edges use the same). */
export const drawUsed = (rng: Rng, techniques: number) =>
  distinct(Math.floor(3 * rng() ** 1.5), () => popular(powerIndex(rng, techniques, 2), techniques));

export const introducerOf = (t: number, shape: Shape) =>
  Math.min(shape.papers - 1, Math.floor(((t + 0.5) * shape.papers) / shape.techniques));

function introducedBy(i: number, shape: Shape): number[] {
  const out: number[] = [];
  for (let t = Math.max(0, Math.floor((i * shape.techniques) / shape.papers) - 1); t < shape.techniques; t++) {
    const p = introducerOf(t, shape);
    if (p > i) break;
    if (p === i) out.push(t);
  }
  return out;
}

/** Sentences added to paper i's abstract and the true links they make. */
export function paperMentions(
  seed: number,
  shape: Shape,
  i: number,
  paperEdgesStream: number,
): { sentences: string[]; truth: TruthLink[] } {
  const paper = `paper:g-${i}`;
  const tech = (t: number) => `technique:g-${t}`;
  const rng = rngFor(seed, S_MENTIONS, i);
  const sentences: string[] = [];
  const truth: TruthLink[] = [];
  const introduced = introducedBy(i, shape);
  for (const t of introduced) {
    sentences.push(`We propose ${nameOf(seed, t)}, a new ${pick(rng, NOUNS)} method.`);
    truth.push({ paper, technique: tech(t), relation: 'INTRODUCES', kind: 'MENTION' });
  }
  const used = drawUsed(rngFor(seed, paperEdgesStream, i), shape.techniques).filter((t) => !introduced.includes(t));
  for (const t of used) {
    const name = nameOf(seed, t);
    const form = rng();
    const nested = nestedAliasOf(seed, t);
    const alias = acronymAliasOf(seed, t);
    if (form < 0.2 && nested) sentences.push(`We build on ${nested}.`);
    else if (form < 0.4 && alias) sentences.push(`Our pipeline applies ${alias} to ${pick(rng, NOUNS)} data.`);
    else if (form < 0.6) {
      const { adjective, noun } = partsOf(seed, t);
      const acr = `${adjective[0]}${noun[0]}${t}`.toUpperCase();
      sentences.push(`${name} (${acr}) is part of our setup.`, `In ablations, ${acr} matters most.`);
    } else if (form < 0.8) sentences.push(`${name} serves as a component of our system.`);
    else sentences.push(`We build on ${name.charAt(0).toLowerCase()}${name.slice(1)}.`);
    truth.push({ paper, technique: tech(t), relation: 'USES', kind: 'MENTION' });
  }
  // Distractors, each about a technique this paper does not otherwise name.
  const named = [...used, ...introduced];
  const other = () => {
    const t = intIn(rng, 0, shape.techniques - 1);
    return named.includes(t) ? undefined : t;
  };
  if (rng() < 0.2) {
    const u = other();
    if (u !== undefined) {
      named.push(u);
      sentences.push(`Unlike ${nameOf(seed, u)}, our method needs no ${pick(rng, NOUNS)}.`);
      truth.push({ paper, technique: tech(u), relation: 'USES', kind: 'CONTRAST' });
    }
  }
  if (rng() < 0.2) {
    const v = other();
    const alias = v === undefined ? undefined : acronymAliasOf(seed, v);
    if (alias)
      sentences.push(`Ablations include ${alias}x and pre${alias} variants; we log ${alias.toLowerCase()} counts.`);
  }
  if (rng() < 0.15) {
    const v = intIn(rng, 0, shape.techniques - 1);
    const { adjective, noun } = partsOf(seed, v);
    sentences.push(`${cap(adjective)} ${noun} ${v + shape.techniques} is unrelated.`);
  }
  if (rng() < 0.2) {
    const g = Math.min(GENERIC_ALIASES.length - 1, intIn(rng, 0, GENERIC_ALIASES.length - 1));
    const t = 3 + 10 * g;
    if (t < shape.techniques && !named.includes(t)) {
      sentences.push(`A ${GENERIC_ALIASES[g]} checks each output.`);
    }
  }
  return { sentences, truth };
}
