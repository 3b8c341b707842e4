import path from 'node:path';
import type { IdTable } from '../edge-keys.js';
import type { LineageRelation } from '../records.js';
import type { Interned, ParsedLine } from '../validate.js';
import { Backlog, CsvFile, patchFile } from './csv.js';

/**
 * The CSV files of a bulk import and how each record becomes rows. The node
 * properties, derived ones included, are exactly those the transactional
 * importer sets (src/db/stores/import-store.ts nodeProperties): nameLower,
 * aliasText, lookupKeys, titleLower, year, published as a date, citationCount.
 * Nodes are matched by the validator's interned ids (integers: the admin
 * import maps them faster than strings), not stored; `id` is the property.
 */
const lineage = ['evidence', 'confidence:double', 'source', 'recordedAt:datetime'];
const ends = (from: string, to: string) => [`:START_ID(${from})`, `:END_ID(${to})`];

const layout = {
  nodes: {
    Author: [':ID(Author)', 'id', 'name', 'nameLower', 'kind', 'aliases:string[]', 'aliasText'],
    Topic: [':ID(Topic)', 'id', 'name', 'nameLower', 'description'],
    Technique: [
      ':ID(Technique)',
      'id',
      'name',
      'nameLower',
      'aliases:string[]',
      'aliasText',
      'description',
      'lookupKeys:string[]',
    ],
    Paper: [
      ':ID(Paper)',
      'id',
      'title',
      'titleLower',
      'abstract',
      'published:date',
      'year:int',
      'arxivId',
      'url',
      'kind',
      'citationCount:int',
    ],
  },
  relationships: {
    AUTHORED: [...ends('Author', 'Paper'), 'position:int'],
    ABOUT: ends('Paper', 'Topic'),
    IN_TOPIC: ends('Technique', 'Topic'),
    SUBTOPIC_OF: ends('Topic', 'Topic'),
    INTRODUCES: [...ends('Paper', 'Technique'), ...lineage],
    USES: [...ends('Paper', 'Technique'), ...lineage],
    BUILDS_ON: [...ends('Technique', 'Technique'), ...lineage],
    CITES: [...ends('Paper', 'Paper'), ...lineage],
  },
} as const;

type Label = keyof typeof layout.nodes;
type RelType = keyof typeof layout.relationships;

/**
 * citationCount is the Paper rows' last cell: written as zeros of this width
 * while the CITES edges are still being read, then overwritten in place.
 */
const COUNT_WIDTH = 10;
const NO_COUNT = `,${'0'.repeat(COUNT_WIDTH)}`;

/** `aliasText` as the transactional importer builds it: each alias followed by one space. */
const aliasText = (aliases: string[]) => aliases.map((a) => `${a} `).join('');

export class BulkCsv {
  readonly nodes: Record<Label, CsvFile>;
  readonly relationships: Record<RelType, CsvFile>;
  private readonly backlog = new Backlog();
  /** Incoming CITES per interned id. */
  private citations: Uint32Array = new Uint32Array(1 << 16);
  /** Per Paper row: the paper's interned id and the byte offset of its citationCount. */
  private paperIds: Float64Array = new Float64Array(1 << 12);
  private countAt: Float64Array = new Float64Array(1 << 12);
  private papers = 0;

  constructor(
    readonly dir: string,
    /** The validator's interned ids (every id of a record is in it when the record is added). */
    private readonly ids: IdTable,
    /** Provenance for edges without a `source`. */
    private readonly sourceOf: (file: string) => string,
    /** recordedAt for edges without one (the transactional importer uses the write time). */
    private readonly now: string,
  ) {
    const open = <K extends string>(spec: Record<K, readonly string[]>) =>
      Object.fromEntries(
        Object.entries(spec).map(([name, header]) => [
          name,
          new CsvFile(dir, name, [...(header as string[])], this.backlog),
        ]),
      ) as Record<K, CsvFile>;
    this.nodes = open(layout.nodes);
    this.relationships = open(layout.relationships);
  }

  /**
   * Write the rows of one record (validated but for its references, which
   * are checked at the end); returns a promise only while some file's stream
   * is full.
   */
  add({ file, record: r }: ParsedLine, interned: Interned): Promise<void> | undefined {
    const rel = this.relationships;
    switch (r.type) {
      case 'author':
        this.nodes.Author.row([
          interned.id,
          r.id,
          r.name,
          r.name.toLowerCase(),
          r.kind,
          r.aliases,
          aliasText(r.aliases),
        ]);
        break;
      case 'topic':
        this.nodes.Topic.row([interned.id, r.id, r.name, r.name.toLowerCase(), r.description]);
        if (r.parent) rel.SUBTOPIC_OF.row([interned.id, this.ids.intern(r.parent)]);
        break;
      case 'technique':
        this.nodes.Technique.row([
          interned.id,
          r.id,
          r.name,
          r.name.toLowerCase(),
          r.aliases,
          aliasText(r.aliases),
          r.description,
          [r.name.toLowerCase(), ...r.aliases.map((a) => a.toLowerCase())],
        ]);
        for (const t of r.topics) rel.IN_TOPIC.row([interned.id, this.ids.intern(t)]);
        break;
      case 'paper': {
        const papers = this.nodes.Paper;
        papers.row(
          [
            interned.id,
            r.id,
            r.title,
            r.title.toLowerCase(),
            r.abstract,
            r.published,
            Number(r.published.slice(0, 4)),
            r.arxivId,
            r.url,
            r.kind,
          ],
          NO_COUNT,
        );
        const n = this.papers++;
        if (n === this.countAt.length) {
          this.countAt = grown(this.countAt, n * 2);
          this.paperIds = grown(this.paperIds, n * 2);
        }
        this.countAt[n] = papers.bytes - COUNT_WIDTH - 1;
        this.paperIds[n] = interned.id;
        for (let i = 0; i < r.authors.length; i++)
          rel.AUTHORED.row([this.ids.intern(r.authors[i]), interned.id, i + 1]);
        for (const t of r.topics) rel.ABOUT.row([interned.id, this.ids.intern(t)]);
        break;
      }
      case 'edge':
        if (r.relation === 'CITES') {
          if (interned.to >= this.citations.length) {
            this.citations = grown(this.citations, Math.max(2 * this.citations.length, interned.to + 1));
          }
          this.citations[interned.to] += 1;
        }
        rel[r.relation as LineageRelation].row([
          interned.from,
          interned.to,
          r.evidence,
          r.confidence,
          r.source ?? this.sourceOf(file),
          r.recordedAt ?? this.now,
        ]);
        break;
    }
    return this.backlog.wait();
  }

  /** After close: write each cited paper's citationCount into its row; returns how many were set. */
  async patchCitationCounts(): Promise<number> {
    const { papers, paperIds, countAt, citations } = this;
    function* patches(): Generator<[number, string]> {
      for (let i = 0; i < papers; i++) {
        const count = citations[paperIds[i]] ?? 0;
        if (count) yield [countAt[i], String(count).padStart(COUNT_WIDTH, '0')];
      }
    }
    return await patchFile(this.nodes.Paper.dataFile, patches());
  }

  async close(): Promise<void> {
    for (const f of this.files()) await f.close();
  }

  files(): CsvFile[] {
    return [...Object.values<CsvFile>(this.nodes), ...Object.values<CsvFile>(this.relationships)];
  }

  /** The admin import's --nodes / --relationships / --multiline-fields arguments (empty groups left out). */
  importArgs(): string[] {
    const group = (f: CsvFile) => `${f.name}=${f.headerFile},${f.dataFile}`;
    const args = [
      '--id-type=integer',
      ...Object.values<CsvFile>(this.nodes)
        .filter((f) => f.rows)
        .map((f) => `--nodes=${group(f)}`),
      ...Object.values<CsvFile>(this.relationships)
        .filter((f) => f.rows)
        .map((f) => `--relationships=${group(f)}`),
    ];
    const multiline = this.files().filter((f) => f.multiline);
    if (multiline.length) {
      args.push('--multiline-fields-format=v2', `--multiline-fields=${multiline.map((f) => f.dataFile).join(',')}`);
    }
    return args;
  }

  /** Records counted per kind, for the summary. */
  counts(): { nodes: number; relationships: number } {
    const sum = (files: CsvFile[]) => files.reduce((n, f) => n + f.rows, 0);
    return {
      nodes: sum(Object.values<CsvFile>(this.nodes)),
      relationships: sum(Object.values<CsvFile>(this.relationships)),
    };
  }
}

/** A copy of `a` in a larger array of the same kind. */
function grown<T extends Float64Array | Uint32Array>(a: T, length: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(length);
  bigger.set(a);
  return bigger;
}

export const csvDir = (cacheDir: string, stamp: string) => path.join(cacheDir, 'tmp', `bulk-${stamp}`);
