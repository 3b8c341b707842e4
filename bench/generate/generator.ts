import { drawUsed, extraAliases, introducerOf, nameOf, paperMentions } from './mentions.js';
import { distinct, intIn, pick, powerIndex, type Rng, rngFor } from './prng.js';
import { ADJECTIVES, FIRST_NAMES, LAST_NAMES, NOUNS, TOPIC_LEAVES, TOPIC_ROOTS } from './words.js';

/**
 * Deterministic synthetic graph in the import format (src/ingest/records.ts),
 * streamed record by record with O(1) memory: every record is derived from
 * (seed, stream, index) alone. Node records come first (topics, techniques,
 * authors, papers), then edges (BUILDS_ON, INTRODUCES, then per paper USES and
 * CITES), so every edge points at ids already written.
 */

export interface GenerateOptions {
  papers: number;
  seed: number;
}

export interface DatasetShape {
  papers: number;
  authors: number;
  techniques: number;
  topics: number;
  /** Techniques 0..hubs-1 attract a quarter of all BUILDS_ON edges. */
  hubs: number;
  /** Roughly how many records the whole file has (for progress and ETA). */
  expectedRecords: number;
}

const S = { topic: 1, technique: 2, author: 3, paper: 4, paperEdges: 5, buildsOn: 6 } as const;
const HUBS = 5;
const START_YEAR = 2000;
const YEARS = 25;
const GROWTH = 1.15;

export function shapeOf(papers: number): DatasetShape {
  const authors = Math.max(1, Math.round(papers / 5));
  const techniques = Math.min(2000, Math.max(50, Math.round(papers / 50)));
  const topics = TOPIC_ROOTS.length * (1 + TOPIC_LEAVES.length);
  const expectedRecords = Math.round(topics + techniques * 3.3 + authors + papers * (1 + 1.2 + 10));
  return { papers, authors, techniques, topics, hubs: HUBS, expectedRecords };
}

export const paperId = (i: number) => `paper:g-${i}`;
export const authorId = (i: number) => `author:g-${i}`;
export const techniqueId = (i: number) => `technique:g-${i}`;
export const topicId = (i: number) => `topic:g-${i}`;

const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
const words = (rng: Rng, n: number) =>
  Array.from({ length: n }, (_, i) => (i % 2 === 0 ? pick(rng, ADJECTIVES) : pick(rng, NOUNS))).join(' ');
const pad = (n: number) => String(n).padStart(2, '0');

/** Technique `t`'s name (recomputed wherever an edge's evidence mentions it). */
const techniqueName = nameOf;

/** Publication year of paper i: papers are generated in time order, with ~15 % more each year. */
export function yearOf(i: number, papers: number): number {
  const f = i / papers;
  const y = Math.floor(Math.log(1 + f * (GROWTH ** YEARS - 1)) / Math.log(GROWTH));
  return START_YEAR + Math.min(YEARS - 1, y);
}

const leafTopic = (k: number) => TOPIC_ROOTS.length + k;
const leafCount = TOPIC_ROOTS.length * TOPIC_LEAVES.length;

function* topics(): Generator<object> {
  for (let r = 0; r < TOPIC_ROOTS.length; r++) {
    yield { type: 'topic', id: topicId(r), name: TOPIC_ROOTS[r], description: `Research on ${TOPIC_ROOTS[r]}.` };
  }
  for (let k = 0; k < leafCount; k++) {
    const root = Math.floor(k / TOPIC_LEAVES.length);
    const name = `${TOPIC_ROOTS[root]}: ${TOPIC_LEAVES[k % TOPIC_LEAVES.length]}`;
    yield { type: 'topic', id: topicId(leafTopic(k)), name, parent: topicId(root) };
  }
}

function* techniques(seed: number, shape: DatasetShape): Generator<object> {
  for (let t = 0; t < shape.techniques; t++) {
    const rng = rngFor(seed, S.technique, t);
    const adjective = pick(rng, ADJECTIVES);
    const noun = pick(rng, NOUNS);
    const name = techniqueName(seed, t);
    const aliases = [
      ...(t % 3 === 0 ? [`${adjective[0]}${noun[0]}-${t}`.toUpperCase()] : []),
      ...extraAliases(seed, t),
    ];
    const topicIds = distinct(1 + (rng() < 0.3 ? 1 : 0), () => powerIndex(rng, leafCount, 1.3));
    yield {
      type: 'technique',
      id: techniqueId(t),
      name,
      aliases,
      description: `A ${adjective} ${noun} method: ${words(rng, 6)}.`,
      topics: topicIds.map((k) => topicId(leafTopic(k))),
    };
  }
}

function* authors(seed: number, shape: DatasetShape): Generator<object> {
  for (let i = 0; i < shape.authors; i++) {
    const rng = rngFor(seed, S.author, i);
    const organization = i % 250 === 249;
    const name = organization
      ? `${cap(pick(rng, NOUNS))} Lab ${i}`
      : `${pick(rng, FIRST_NAMES)} ${String.fromCharCode(65 + intIn(rng, 0, 25))}. ${pick(rng, LAST_NAMES)}`;
    yield { type: 'author', id: authorId(i), name, kind: organization ? 'organization' : 'person' };
  }
}

/** The sentences naming techniques (and the planted distractors) that end paper i's abstract. */
const mentionSentences = (seed: number, shape: DatasetShape, i: number) =>
  paperMentions(seed, shape, i, S.paperEdges).sentences;

/** The true technique links of paper i's title and abstract, as the generator wrote them (bench:link scores on these). */
export const truthOf = (seed: number, papers: number, i: number) =>
  paperMentions(seed, shapeOf(papers), i, S.paperEdges).truth;

function* papers(seed: number, shape: DatasetShape): Generator<object> {
  for (let i = 0; i < shape.papers; i++) {
    const rng = rngFor(seed, S.paper, i);
    // 1–15 authors, mean ≈ 4.5; authors by a power law (P(index < x) = (x/A)^(2/3)).
    const byline = distinct(1 + Math.floor(14 * rng() ** 3), () => powerIndex(rng, shape.authors, 1.5));
    const topicIdx = distinct(1 + Math.floor(3 * rng() ** 2), () => powerIndex(rng, leafCount, 1.3));
    const topicIds = topicIdx.map((k) => topicId(leafTopic(k)));
    // distinct() of at least one draw returns at least one value.
    if (rng() < 0.1) topicIds.push(topicId(Math.floor(topicIdx[0]! / TOPIC_LEAVES.length)));
    const title = cap(words(rng, intIn(rng, 4, 8)));
    yield {
      type: 'paper',
      id: paperId(i),
      title,
      abstract: [`We study ${words(rng, intIn(rng, 12, 24))}.`, ...mentionSentences(seed, shape, i)].join(' '),
      published: `${yearOf(i, shape.papers)}-${pad(intIn(rng, 1, 12))}-${pad(intIn(rng, 1, 28))}`,
      kind: rng() < 0.02 ? 'technical_report' : 'paper',
      authors: byline.map(authorId),
      topics: [...new Set(topicIds)],
    };
  }
}

const confidence = (rng: Rng, lo: number) => Math.round((lo + (1 - lo) * rng()) * 100) / 100;

function* lineageEdges(seed: number, shape: DatasetShape, source: string): Generator<object> {
  for (let t = 1; t < shape.techniques; t++) {
    const rng = rngFor(seed, S.buildsOn, t);
    const hubs = Math.min(HUBS, t);
    const targets = distinct(t === 1 ? 1 : rng() < 0.3 ? 2 : 1, () =>
      rng() < 0.25 ? intIn(rng, 0, hubs - 1) : t - 1 - Math.floor(rng() * Math.min(t, 40)),
    );
    const recordedAt = `${yearOf(introducerOf(t, shape), shape.papers)}-06-01T00:00:00Z`;
    for (const j of targets) {
      const evidence = `${techniqueName(seed, t)} extends ${techniqueName(seed, j)}.`;
      yield {
        type: 'edge',
        relation: 'BUILDS_ON',
        from: techniqueId(t),
        to: techniqueId(j),
        evidence,
        confidence: confidence(rng, 0.6),
        source,
        recordedAt,
      };
    }
  }
  for (let t = 0; t < shape.techniques; t++) {
    const p = introducerOf(t, shape);
    const evidence = `The paper proposes ${techniqueName(seed, t)}.`;
    const recordedAt = `${yearOf(p, shape.papers)}-06-01T00:00:00Z`;
    yield {
      type: 'edge',
      relation: 'INTRODUCES',
      from: paperId(p),
      to: techniqueId(t),
      evidence,
      confidence: 0.95,
      source,
      recordedAt,
    };
  }
}

function* paperEdges(seed: number, shape: DatasetShape, source: string): Generator<object> {
  for (let i = 0; i < shape.papers; i++) {
    const rng = rngFor(seed, S.paperEdges, i);
    const used = drawUsed(rng, shape.techniques);
    for (const t of used) {
      if (introducerOf(t, shape) === i) continue;
      const evidence = `Applies ${techniqueName(seed, t)}.`;
      yield {
        type: 'edge',
        relation: 'USES',
        from: paperId(i),
        to: techniqueId(t),
        evidence,
        confidence: confidence(rng, 0.5),
        source,
      };
    }
    // ~10 citations of earlier papers; old papers by a power law (P(j < x) = (x/i)^(1/2)).
    const cited = i === 0 ? [] : distinct(Math.min(i, intIn(rng, 2, 18)), () => powerIndex(rng, i, 2));
    for (const j of cited) {
      yield {
        type: 'edge',
        relation: 'CITES',
        from: paperId(i),
        to: paperId(j),
        evidence: 'Cited in the related work.',
        confidence: 1,
        source,
      };
    }
  }
}

/** Every record of the dataset, in file order. */
export function* generateRecords({ papers: n, seed }: GenerateOptions): Generator<object> {
  const shape = shapeOf(n);
  const source = `synthetic:seed-${seed}`;
  yield* topics();
  yield* techniques(seed, shape);
  yield* authors(seed, shape);
  yield* papers(seed, shape);
  yield* lineageEdges(seed, shape, source);
  yield* paperEdges(seed, shape, source);
}
