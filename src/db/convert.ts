import neo4j from 'neo4j-driver';

/**
 * Convert driver values to plain JavaScript: Integers to numbers, temporals to
 * ISO strings, nodes and relationships to their properties. Everything the
 * stores return passes through here, so nothing above src/db/ sees a driver type.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  // Lists and maps first: most values of a row are, and the driver's type checks below cost ten property lookups.
  if (Array.isArray(value)) return value.map(toPlain);
  if (Object.getPrototypeOf(value) === Object.prototype) return plainMap(value);
  if (neo4j.isInt(value)) return (value as { toNumber(): number }).toNumber();
  if (
    neo4j.isDate(value) ||
    neo4j.isDateTime(value) ||
    neo4j.isLocalDateTime(value) ||
    neo4j.isTime(value) ||
    neo4j.isLocalTime(value) ||
    neo4j.isDuration(value)
  ) {
    return value.toString();
  }
  if (neo4j.isNode(value) || neo4j.isRelationship(value)) {
    return toPlain((value as { properties: object }).properties);
  }
  if (neo4j.isPath(value)) {
    return (value as { segments: unknown[] }).segments.map(toPlain);
  }
  return plainMap(value);
}

function plainMap(value: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    // A key named __proto__ (the driver defines it as an own property) stays a property, not the prototype.
    if (key === '__proto__') Object.defineProperty(out, key, { value: toPlain(v), enumerable: true, writable: true });
    else out[key] = toPlain(v);
  }
  return out;
}
