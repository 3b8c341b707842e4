import { relationEnds, nodeTypes as types } from '../graph/derive.js';
import type { NodeType } from '../graph/model.js';
import type { IdTable } from './edge-keys.js';
import type { RecordError } from './errors.js';
import type { ImportRecord } from './records.js';
import type { ParsedLine } from './validate.js';

/** An id a record points at, where it does so, and the node type it must have. */
export interface Reference extends RecordError {
  id: string;
  type: NodeType;
}

const typeCode = { author: 0, topic: 1, technique: 2, paper: 3 } as const;
/** Fields that hold references; list fields add `[index]`. */
const fields = ['authors', 'topics', 'parent', 'from', 'to'] as const;
const AUTHORS = 0;
const TOPICS = 1;
const PARENT = 2;
const FROM = 3;
const TO = 4;

/**
 * The references of an import that could not be confirmed when their record
 * was read (the id was not defined yet, or by a record of another type), in
 * read order, to be checked once every record is known. Kept in typed
 * arrays, not as objects: a file that puts its edges before its nodes defers
 * two references per edge.
 */
export class DeferredReferences {
  private count = 0;
  /** Interned ids. */
  private ids: Float64Array = new Float64Array(1 << 12);
  /** Where, packed as by the validator (file index * 2^32 + line). */
  private at: Float64Array = new Float64Array(1 << 12);
  /** type index + 4 * (field + 8 * list index). */
  private codes: Float64Array = new Float64Array(1 << 12);

  /** `table`: the import's ids, with the types of the records read so far (filled by the caller). */
  constructor(private readonly table: IdTable) {}

  get size(): number {
    return this.count;
  }

  /**
   * Check the references of one record against the records read so far;
   * keep those not confirmed. `from` and `to`: an edge's ends, interned.
   */
  add(r: ImportRecord, here: number, from = -1, to = -1): void {
    switch (r.type) {
      case 'paper': {
        let i = 0;
        for (const id of r.authors) this.ref(this.table.intern(id), 0, AUTHORS, i++, here);
        i = 0;
        for (const id of r.topics) this.ref(this.table.intern(id), 1, TOPICS, i++, here);
        return;
      }
      case 'technique': {
        let i = 0;
        for (const id of r.topics) this.ref(this.table.intern(id), 1, TOPICS, i++, here);
        return;
      }
      case 'topic':
        if (r.parent) this.ref(this.table.intern(r.parent), 1, PARENT, 0, here);
        return;
      case 'edge': {
        const ends = relationEnds[r.relation];
        this.ref(from < 0 ? this.table.intern(r.from) : from, typeCode[ends.from], FROM, 0, here);
        this.ref(to < 0 ? this.table.intern(r.to) : to, typeCode[ends.to], TO, 0, here);
        return;
      }
    }
  }

  private ref(id: number, type: number, field: number, index: number, here: number): void {
    if (this.table.types[id] === type + 1) return;
    const n = this.count;
    if (n === this.at.length) {
      this.ids = grow(this.ids);
      this.at = grow(this.at);
      this.codes = grow(this.codes);
    }
    this.ids[n] = id;
    this.at[n] = here;
    this.codes[n] = type + 4 * (field + 8 * index);
    this.count += 1;
  }

  /** The deferred references in the order they were added. */
  *entries(unpack: (at: number) => { file: string; line: number }): Generator<Reference> {
    for (let i = 0; i < this.count; i++) {
      // i < count, which the typed arrays are grown to hold.
      const code = this.codes[i]!;
      const field = Math.floor(code / 4) % 8;
      const index = Math.floor(code / 32);
      const name = fields[field];
      const type = types[code % 4];
      if (name === undefined || type === undefined) throw new Error(`corrupt deferred reference code ${code}`);
      const path = field <= TOPICS ? `${name}[${index}]` : name;
      yield { ...unpack(this.at[i]!), path, id: this.table.name(this.ids[i]!), type, message: '' };
    }
  }
}

function grow(a: Float64Array): Float64Array {
  const bigger = new Float64Array(a.length * 2);
  bigger.set(a);
  return bigger;
}

/** The ids a record points at, with the node type each must have. */
export function referencesOf({ file, line, record: r }: ParsedLine): Reference[] {
  const at = (path: string, id: string, type: NodeType): Reference => ({ file, line, path, id, type, message: '' });
  switch (r.type) {
    case 'paper':
      return [
        ...r.authors.map((id, i) => at(`authors[${i}]`, id, 'author')),
        ...r.topics.map((id, i) => at(`topics[${i}]`, id, 'topic')),
      ];
    case 'technique':
      return r.topics.map((id, i) => at(`topics[${i}]`, id, 'topic'));
    case 'topic':
      return r.parent ? [at('parent', r.parent, 'topic')] : [];
    case 'edge': {
      const ends = relationEnds[r.relation];
      return [at('from', r.from, ends.from), at('to', r.to, ends.to)];
    }
    default:
      return [];
  }
}
