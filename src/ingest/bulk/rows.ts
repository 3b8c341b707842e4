import path from 'node:path';
import {
  type AnyInput,
  derivedProperties,
  edgeProperties,
  labelOf,
  labels,
  lineageRelations,
  listedRelations,
  maintainedProperties,
  relationshipTypes,
} from '../../graph/derive.js';
import {
  type Label,
  type LineageRelation,
  type PropertyType,
  type RelationshipType,
  relationships,
} from '../../graph/model.js';
import type { IdTable } from '../edge-keys.js';
import type { Interned, ParsedLine } from '../validate.js';
import { Backlog, type Cell, CsvFile, patchFile } from './csv.js';

/**
 * The CSV files of a bulk import and how each record becomes rows, derived
 * from the graph model (src/graph/model.ts): the same properties, computed by
 * the same functions, that the transactional importer stores. Nodes are
 * matched by the validator's interned ids (integers: the admin import maps
 * them faster than strings), not stored; `id` is the property.
 */
export const csvType: Record<PropertyType, string> = {
  string: '',
  'string[]': ':string[]',
  int: ':int',
  float: ':double',
  date: ':date',
  datetime: ':datetime',
};
const column = ([name, p]: [string, { type: PropertyType }]) => `${name}${csvType[p.type]}`;

// The one maintained property the bulk path computes: Paper.citationCount (from CITES), written last.
const [counted, ...others] = labels.flatMap((l) => maintainedProperties[l].map(([name]) => `${l}.${name}`));
if (counted !== 'Paper.citationCount' || others.length) {
  throw new Error(`the bulk import computes Paper.citationCount only; the model maintains ${[counted, ...others]}`);
}

const header = {
  node: (label: Label) => [
    `:ID(${label})`,
    'id',
    ...derivedProperties[label].map(column),
    // Provenance (a kept property the papergraph-format writes set on papers: src/ingest/load.ts).
    ...(label === 'Paper' ? ['source'] : []),
    ...maintainedProperties[label].map(column),
  ],
  relationship: (type: RelationshipType) => [
    `:START_ID(${relationships[type].from})`,
    `:END_ID(${relationships[type].to})`,
    ...Object.entries(relationships[type].properties).map(column),
  ],
};

/** Per label: the functions computing its derived properties from a record, in header order. */
const nodeCells = Object.fromEntries(
  labels.map((l) => [l, derivedProperties[l].map(([, p]) => p.from as (r: AnyInput) => Cell)]),
) as Record<Label, ((r: AnyInput) => Cell)[]>;

type EdgeFields = Record<string, Cell>;

/**
 * citationCount is the Paper rows' last cell: written as zeros of this width
 * while the CITES edges are still being read, then overwritten in place.
 */
const COUNT_WIDTH = 10;
const NO_COUNT = `,${'0'.repeat(COUNT_WIDTH)}`;

export class BulkCsv {
  readonly nodes: Record<Label, CsvFile>;
  readonly relationships: Record<RelationshipType, CsvFile>;
  /** Per lineage relation: its property cells from an edge record and its file. */
  private readonly edgeCells: Record<LineageRelation, ((r: EdgeFields, file: string) => Cell)[]>;
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
    /** Provenance of the papers a file brings (`source`; null: none, read `curated`). */
    private readonly provenanceOf: (file: string) => string | null,
    /** recordedAt for edges without one (the transactional importer uses the write time). */
    private readonly now: string,
  ) {
    const open = <K extends string>(names: readonly K[], headerOf: (name: K) => string[]) =>
      Object.fromEntries(names.map((name) => [name, new CsvFile(dir, name, headerOf(name), this.backlog)])) as Record<
        K,
        CsvFile
      >;
    this.nodes = open(labels, header.node);
    this.relationships = open(relationshipTypes, header.relationship);
    // The defaults the transactional importer applies: provenance from the file, recordedAt = import time.
    this.edgeCells = Object.fromEntries(
      lineageRelations.map((t) => [
        t,
        edgeProperties[t].map(([name, p]): ((r: EdgeFields, file: string) => Cell) =>
          name === 'source'
            ? (r, file) => r.source ?? this.sourceOf(file)
            : p.onCreate
              ? (r) => r[name] ?? this.now
              : (r) => r[name],
        ),
      ]),
    ) as Record<LineageRelation, ((r: EdgeFields, file: string) => Cell)[]>;
  }

  /**
   * Write the rows of one record (validated but for its references, which
   * are checked at the end); returns a promise only while some file's stream
   * is full.
   */
  add({ file, record: r }: ParsedLine, interned: Interned): Promise<void> | undefined {
    if (r.type === 'edge') {
      if (r.relation === 'CITES') {
        if (interned.to >= this.citations.length) {
          this.citations = grown(this.citations, Math.max(2 * this.citations.length, interned.to + 1));
        }
        // In range: grown just above to hold interned.to.
        this.citations[interned.to]! += 1;
      }
      const cells = this.edgeCells[r.relation];
      const row: Cell[] = [interned.from, interned.to];
      for (const cell of cells) row.push(cell(r as unknown as EdgeFields, file));
      this.relationships[r.relation].row(row);
      return this.backlog.wait();
    }
    const label = labelOf[r.type];
    const cells = nodeCells[label];
    const row: Cell[] = [interned.id, r.id];
    for (const cell of cells) row.push(cell(r));
    const nodeFile = this.nodes[label];
    if (label === 'Paper') {
      row.push(this.provenanceOf(file));
      nodeFile.row(row, NO_COUNT);
      const n = this.papers++;
      if (n === this.countAt.length) {
        this.countAt = grown(this.countAt, n * 2);
        this.paperIds = grown(this.paperIds, n * 2);
      }
      this.countAt[n] = nodeFile.bytes - COUNT_WIDTH - 1;
      this.paperIds[n] = interned.id;
    } else nodeFile.row(row);
    for (const listed of listedRelations[r.type]) {
      const refs = listed.refs(r);
      const out = this.relationships[listed.type];
      let position = 0;
      for (const id of refs) {
        position += 1;
        const ref = this.ids.intern(id);
        const from = listed.inbound ? ref : interned.id;
        const to = listed.inbound ? interned.id : ref;
        out.row(listed.position ? [from, to, position] : [from, to]);
      }
    }
    return this.backlog.wait();
  }

  /** After close: write each cited paper's citationCount into its row; returns how many were set. */
  async patchCitationCounts(): Promise<number> {
    const { papers, paperIds, countAt, citations } = this;
    function* patches(): Generator<[number, string]> {
      for (let i = 0; i < papers; i++) {
        // i < papers, which paperIds and countAt are grown to hold.
        const count = citations[paperIds[i]!] ?? 0;
        if (count) yield [countAt[i]!, String(count).padStart(COUNT_WIDTH, '0')];
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
    return importArgs(Object.values<CsvFile>(this.nodes), Object.values<CsvFile>(this.relationships));
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

/** The admin import's --nodes / --relationships / --multiline-fields arguments for these files (empty ones left out). */
export function importArgs(nodeFiles: CsvFile[], relationshipFiles: CsvFile[]): string[] {
  const group = (f: CsvFile) => `${f.name}=${f.headerFile},${f.dataFile}`;
  const args = [
    '--id-type=integer',
    ...nodeFiles.filter((f) => f.rows).map((f) => `--nodes=${group(f)}`),
    ...relationshipFiles.filter((f) => f.rows).map((f) => `--relationships=${group(f)}`),
  ];
  const multiline = [...nodeFiles, ...relationshipFiles].filter((f) => f.multiline);
  if (multiline.length) {
    args.push('--multiline-fields-format=v2', `--multiline-fields=${multiline.map((f) => f.dataFile).join(',')}`);
  }
  return args;
}

/** A copy of `a` in a larger array of the same kind. */
function grown<T extends Float64Array | Uint32Array>(a: T, length: number): T {
  const bigger = new (a.constructor as new (n: number) => T)(length);
  bigger.set(a);
  return bigger;
}

export const csvDir = (cacheDir: string, stamp: string) => path.join(cacheDir, 'tmp', `bulk-${stamp}`);
