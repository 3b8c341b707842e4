/**
 * First-seen positions of edges (relation, from, to), kept compactly: ids are
 * interned to integers and each edge is one 50-bit number in an open-addressing
 * table of typed arrays, about 32 bytes per edge instead of a string key and an
 * object per edge (which made validating 12M edges take 3 GB and spend most of
 * its time in garbage collection).
 */
export class EdgeKeys {
  private readonly ids = new Map<string, number>();
  private keys = new Float64Array(1 << 16);
  private values = new Float64Array(1 << 16);
  private size = 0;

  /** The value stored for the edge, or undefined after storing `value` for it. */
  firstOrSet(relation: number, from: string, to: string, value: number): number | undefined {
    // +1 so that 0 means an empty slot.
    const key = (relation * 2 ** 24 + this.intern(from)) * 2 ** 24 + this.intern(to) + 1;
    let mask = this.keys.length - 1;
    let slot = hash(key) & mask;
    while (this.keys[slot] !== 0) {
      if (this.keys[slot] === key) return this.values[slot];
      slot = (slot + 1) & mask;
    }
    this.keys[slot] = key;
    this.values[slot] = value;
    this.size += 1;
    if (this.size * 10 > this.keys.length * 7) {
      this.grow();
      mask = this.keys.length - 1;
    }
    return undefined;
  }

  private intern(id: string): number {
    let n = this.ids.get(id);
    if (n === undefined) {
      n = this.ids.size;
      if (n >= 2 ** 24) throw new Error('more than 16.7M distinct edge end ids in one import');
      this.ids.set(id, n);
    }
    return n;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    this.keys = new Float64Array(oldKeys.length * 2);
    this.values = new Float64Array(oldKeys.length * 2);
    const mask = this.keys.length - 1;
    for (let i = 0; i < oldKeys.length; i++) {
      const key = oldKeys[i];
      if (key === 0) continue;
      let slot = hash(key) & mask;
      while (this.keys[slot] !== 0) slot = (slot + 1) & mask;
      this.keys[slot] = key;
      this.values[slot] = oldValues[i];
    }
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
