import { nodeTypes } from '../graph/derive.js';
import type { NodeType } from '../graph/model.js';

/** Interned ids per import (2^25): edge keys pack relation, from and to into one number below 2^53. */
const MAX_IDS = 2 ** 25;

/**
 * Every id an import names (its records' ids, the ids they point at), each
 * interned once to a small integer, with the type and first-seen place of
 * the record that defines it. One map lookup per id mentioned; the rest is
 * typed arrays (no object per id).
 */
export class IdTable {
  private readonly index = new Map<string, number>();
  private readonly names: string[] = [];
  /** Node type index + 1 of the record that defines the id; 0 while none has. */
  types: Uint8Array = new Uint8Array(1 << 16);
  /** Where the defining record is (packed file index * 2^32 + line). */
  firstSeen: Float64Array = new Float64Array(1 << 16);

  get size(): number {
    return this.names.length;
  }

  intern(id: string): number {
    let n = this.index.get(id);
    if (n === undefined) {
      n = this.names.length;
      if (n >= MAX_IDS) throw new Error(`more than ${MAX_IDS} distinct ids in one import`);
      this.index.set(id, n);
      this.names.push(id);
      if (n === this.types.length) {
        const types = new Uint8Array(n * 2);
        types.set(this.types);
        this.types = types;
        const firstSeen = new Float64Array(n * 2);
        firstSeen.set(this.firstSeen);
        this.firstSeen = firstSeen;
      }
    }
    return n;
  }

  name(n: number): string {
    const name = this.names[n];
    if (name === undefined) throw new RangeError(`id ${n} was never interned (${this.names.length} ids)`);
    return name;
  }

  /** The type of the record that defines `id`, if one does. */
  typeOf(id: string): NodeType | undefined {
    const n = this.index.get(id);
    // n < names.length <= types.length; code 0 (not defined) reads nodeTypes[-1], undefined.
    return n === undefined ? undefined : nodeTypes[this.types[n]! - 1];
  }

  /** The ids defined by a record of `type`. */
  *defined(type: NodeType): Generator<string> {
    const code = nodeTypes.indexOf(type) + 1;
    let n = 0;
    for (const name of this.names) if (this.types[n++] === code) yield name;
  }
}

/**
 * First-seen positions of edges (relation, from, to), kept compactly: each
 * edge is one 52-bit number (relation and the interned ends) in an
 * open-addressing table of typed arrays, key and value side by side (one
 * cache line per probe), 32 bytes per edge at most instead of a string key
 * and an object per edge (which made validating 12M edges take 3 GB and
 * spend most of its time in garbage collection).
 */
export class EdgeKeys {
  /** [key, value] per slot; key 0 is an empty slot. */
  private slots = new Float64Array(2 << 16);
  private size = 0;

  /** The value stored for the edge (ends interned), or undefined after storing `value` for it. */
  firstOrSet(relation: number, from: number, to: number, value: number): number | undefined {
    // +1 so that 0 means an empty slot.
    const key = (relation * MAX_IDS + from) * MAX_IDS + to + 1;
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = hash(key) & mask;
    while (slots[2 * slot] !== 0) {
      if (slots[2 * slot] === key) return slots[2 * slot + 1];
      slot = (slot + 1) & mask;
    }
    slots[2 * slot] = key;
    slots[2 * slot + 1] = value;
    this.size += 1;
    if (this.size * 10 > (slots.length >> 1) * 7) this.grow();
    return undefined;
  }

  private grow(): void {
    const old = this.slots;
    const slots = new Float64Array(old.length * 2);
    const mask = (slots.length >> 1) - 1;
    for (let i = 0; i < old.length; i += 2) {
      // i + 1 < old.length: the length is even.
      const key = old[i]!;
      if (key === 0) continue;
      let slot = hash(key) & mask;
      while (slots[2 * slot] !== 0) slot = (slot + 1) & mask;
      slots[2 * slot] = key;
      slots[2 * slot + 1] = old[i + 1]!;
    }
    this.slots = slots;
  }
}

/** A 32-bit mix of a non-negative integer below 2^53. */
function hash(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 2 ** 32) >>> 0;
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
