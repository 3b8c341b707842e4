import type { NodeType } from '../db/stores/import-store.js';
import type { RecordError } from './errors.js';
import { type ImportRecord, relationEnds } from './records.js';
import type { ParsedLine } from './validate.js';

/** An id a record points at, where it does so, and the node type it must have. */
export interface Reference extends RecordError {
  id: string;
  type: NodeType;
}

const types: NodeType[] = ['author', 'topic', 'technique', 'paper'];
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
 * was read (the id was not seen yet, or had another type), in read order, to
 * be checked once every record is known. Kept compactly, not as objects: a
 * file that puts its edges before its nodes defers two references per edge.
 */
export class DeferredReferences {
  private ids: string[] = [];
  /** Where, packed as by the validator (file index * 2^32 + line). */
  private at: Float64Array = new Float64Array(1 << 12);
  /** type code + 4 * (field + 8 * list index). */
  private codes: Float64Array = new Float64Array(1 << 12);

  /** `known`: the import's ids seen so far, with their types (filled by the caller as it reads). */
  constructor(private readonly known: Map<string, NodeType>) {}

  get size(): number {
    return this.ids.length;
  }

  /** Check the references of one record against the ids seen so far; keep those not confirmed. */
  add(r: ImportRecord, here: number): void {
    switch (r.type) {
      case 'paper':
        for (let i = 0; i < r.authors.length; i++) this.ref(r.authors[i], 0, AUTHORS, i, here);
        for (let i = 0; i < r.topics.length; i++) this.ref(r.topics[i], 1, TOPICS, i, here);
        return;
      case 'technique':
        for (let i = 0; i < r.topics.length; i++) this.ref(r.topics[i], 1, TOPICS, i, here);
        return;
      case 'topic':
        if (r.parent) this.ref(r.parent, 1, PARENT, 0, here);
        return;
      case 'edge': {
        const ends = relationEnds[r.relation] as { from: NodeType; to: NodeType };
        this.ref(r.from, typeCode[ends.from], FROM, 0, here);
        this.ref(r.to, typeCode[ends.to], TO, 0, here);
        return;
      }
    }
  }

  private ref(id: string, type: number, field: number, index: number, here: number): void {
    if (this.known.get(id) === types[type]) return;
    const n = this.ids.length;
    if (n === this.at.length) {
      this.at = grow(this.at);
      this.codes = grow(this.codes);
    }
    this.ids.push(id);
    this.at[n] = here;
    this.codes[n] = type + 4 * (field + 8 * index);
  }

  /** The deferred references in the order they were added. */
  *entries(unpack: (at: number) => { file: string; line: number }): Generator<Reference> {
    for (let i = 0; i < this.ids.length; i++) {
      const code = this.codes[i];
      const field = Math.floor(code / 4) % 8;
      const index = Math.floor(code / 32);
      const path = field <= TOPICS ? `${fields[field]}[${index}]` : fields[field];
      yield { ...unpack(this.at[i]), path, id: this.ids[i], type: types[code % 4], message: '' };
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
      const ends = relationEnds[r.relation] as { from: NodeType; to: NodeType };
      return [at('from', r.from, ends.from), at('to', r.to, ends.to)];
    }
    default:
      return [];
  }
}
