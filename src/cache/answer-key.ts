import { createHash } from 'node:crypto';

/** The answer's cache key; undefined (bypass the cache) for variables nested too deep to walk. */
export const keyOf = (version: number, query: string, operationName: unknown, variables: unknown, request: Request) => {
  try {
    return hashKey(version, query, operationName, variables, request);
  } catch (error) {
    if (error instanceof RangeError) return undefined; // call stack exceeded: e.g. 20,000 nested lists
    throw error;
  }
};

// The document goes in as it is, after its length in bytes (no JSON escaping of the longest part on every request);
// the small parts as canonical JSON after it.
const hashKey = (version: number, query: string, operationName: unknown, variables: unknown, request: Request) =>
  createHash('sha256')
    .update(`${Buffer.byteLength(query)}:`)
    .update(query)
    .update(
      canonical([
        version,
        operationName ?? null,
        variables ?? {},
        request.headers.get('authorization'),
        request.headers.get('accept'),
      ]),
    )
    .digest('hex');

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` share a key. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
