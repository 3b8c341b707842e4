import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { graphCounts } from '../../src/db/schema-store.js';
import { useTestApp } from '../helpers/app.js';
import { graphHash } from '../helpers/graph-hash.js';
import { INJECTIONS, ODD, operationArb } from '../helpers/graphql-arbitraries.js';

/**
 * Hostile input, generated with fast-check (seeded, fixed run counts, so every
 * run sends the same ≥ 10,000 requests): documents built by walking the schema
 * (right and wrong argument types, variables, aliases, fragments, nesting) and
 * raw HTTP abuse (bad JSON, oversized and streamed bodies, odd unicode, bombs,
 * batches, GET, wrong methods and media types). Each answer must be < 500, JSON,
 * every error coded; a mutation without a valid token never writes; the heap
 * stays bounded, a healthy share of answers carry data (a server refusing everything fails),
 * and the graph is unchanged (a hash of every node, relationship and property).
 */
const t = useTestApp();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const SEED = Number(process.env.PAPERGRAPH_FUZZ_SEED ?? 20_250_614);
const PARALLEL = 8;
/**
 * Least share of answers carrying data, for the schema's documents and for raw requests. This
 * seed's mix (most generated documents fail validation on purpose) measured 9.7% and 8.8%
 * (773 of 8,000 and 226 of 2,560); the floors are about half that.
 */
const SCHEMA_DATA_FLOOR = 0.05;
const RAW_DATA_FLOOR = 0.04;
v8.setFlagsFromString('--expose-gc');
/** Heap in use after a full collection: what the server retains, not its garbage. */
const retainedHeap = () => {
  (vm.runInNewContext('gc') as () => void)();
  return process.memoryUsage().heapUsed;
};

interface Req {
  label: string;
  url: string;
  init: RequestInit;
  /** A mutation sent without a valid token: must not write. */
  unauthorizedWrite?: boolean;
  [fc.toStringMethod]?: () => string;
}
const JSONH = { 'content-type': 'application/json' };
const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { ...JSONH, ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const URL_ = 'http://papergraph/graphql';
/** A request; fast-check prints only its label (bodies can be a megabyte). */
const req = (label: string, init: RequestInit, url = URL_, unauthorizedWrite = false): Req => ({
  label,
  url,
  init,
  unauthorizedWrite,
  [fc.toStringMethod]: () => label.slice(0, 500),
});
const AUTH_HEADERS: Record<string, string>[] = [
  {},
  { authorization: 'Bearer not-the-write-token-at-all' },
  { authorization: 'Basic dTpw' },
  { authorization: 'Bearer ' },
  { authorization: `Bearer ${'x'.repeat(5000)}` },
];

/** A document generated from the schema, sent as POST JSON, GET or application/graphql, with some header. */
const schemaRequest: fc.Arbitrary<Req> = fc
  .tuple(
    operationArb,
    fc.constantFrom('post', 'post', 'post', 'get', 'graphql'),
    fc.constantFrom(...AUTH_HEADERS),
    fc.boolean(),
  )
  .map(([{ query, variables, mutation }, transport, auth, explain]) => {
    const headers: Record<string, string> = { ...auth, ...(explain ? { 'x-papergraph-explain': '1' } : {}) };
    const label = `${transport} ${query.slice(0, 300)} ${JSON.stringify(variables).slice(0, 200)}`;
    if (transport === 'get') {
      const qs = new URLSearchParams({ query, variables: JSON.stringify(variables) });
      return req(label, { headers: { ...headers, 'x-papergraph-csrf': '1' } }, `${URL_}?${qs}`, mutation);
    }
    const init =
      transport === 'graphql'
        ? { method: 'POST', headers: { ...headers, 'content-type': 'application/graphql' }, body: query }
        : json({ query, variables, operationName: 'Fuzz' }, headers);
    return req(label, init, URL_, mutation);
  });

const codes = new Map<string, number>();
const statuses = new Map<number, number>();
const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
let sent = 0;
let ok = 0;
let withData = 0;
let maxHeap = 0;

/** Send one request and check the invariants; throws with the request's label on a violation. */
async function check(req: Req): Promise<void> {
  const fail = (why: string): never => {
    throw new Error(`${why}\n  request: ${req.label.slice(0, 600)}`);
  };
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer in 30 s\n  request: ${req.label.slice(0, 600)}`)), 30_000);
  });
  const res = await Promise.race([t.app.fetch(req.url, req.init), hang]).finally(() => clearTimeout(timer));
  const text = await res.text();
  sent++;
  bump(statuses, res.status);
  if (res.status >= 500) fail(`status ${res.status}: ${text.slice(0, 300)}`);
  if (res.status === 204 && req.init.method === 'OPTIONS') return;
  // /health, /ready, /livez answer in their own way; any other path with a coded 404.
  if (!req.url.startsWith(URL_) && res.status < 400) return;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    fail(`status ${res.status}, body is not JSON: ${text.slice(0, 200)}`);
  }
  const results = (Array.isArray(body) ? body : [body]) as {
    data?: unknown;
    errors?: { extensions?: { code?: unknown } }[];
  }[];
  if (res.status >= 400 && !results[0]?.errors?.length)
    fail(`status ${res.status} without a coded error: ${text.slice(0, 300)}`);
  if (res.status === 200 && results.every((r) => r && !r.errors)) ok++;
  if (results.some((r) => r?.data && Object.values(r.data).some((v) => v !== null))) withData++;
  for (const r of results) {
    if (!r || typeof r !== 'object' || !('data' in r || 'errors' in r))
      fail(`neither data nor errors: ${text.slice(0, 300)}`);
    for (const e of r.errors ?? []) {
      const code = e?.extensions?.code;
      if (typeof code !== 'string') fail(`uncoded error: ${JSON.stringify(e).slice(0, 300)}`);
      bump(codes, code as string);
      // The database is up and the seed is small: a timeout here is a query anyone can use to tie it up.
      if (code === 'INTERNAL_SERVER_ERROR' || String(code).startsWith('DB_')) fail(`${code}: ${text.slice(0, 300)}`);
    }
    if (req.unauthorizedWrite && r.data && Object.values(r.data).some((v) => v !== null)) {
      fail(`a mutation without a valid token returned data: ${text.slice(0, 300)}`);
    }
  }
}

const runAll = async (reqs: Req[]) => {
  await Promise.all(reqs.map(check));
  t.queries.length = 0; // the test helper's own log of every Cypher query, not the server's
  maxHeap = Math.max(maxHeap, process.memoryUsage().heapUsed);
};

/** Raw HTTP abuse, outside what a schema-aware client would send. */
const stream = (text: string) =>
  ({
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: new Blob([text]).stream(),
    duplex: 'half',
  }) as RequestInit;
const sized = (label: string, min: number, max: number, init: (n: number) => RequestInit) =>
  fc.integer({ min, max }).map((n) => req(`${label} ${n}`, init(n)));
const q = (query: string, extra: Record<string, unknown> = {}) => json({ query, ...extra });
const deepPaper = (n: number) =>
  `{ paper(id: "arxiv:2203.02155") ${'{ authors { papers { edges { node '.repeat(n)}{ key }${' } } } }'.repeat(n)} }`;
const laughs = (n: number) =>
  `{ ...F${n} } fragment F0 on Query { stats { papersPerYear { year } } }${Array.from({ length: n }, (_, i) => ` fragment F${i + 1} on Query { ...F${i} ...F${i} }`).join('')}`;
const aliases = (n: number) => Array.from({ length: n }, (_, i) => `a${i}: technique(name: "RLHF") { key }`).join(' ');
const SMALL_OPS = [
  '{ __typename }',
  '{ papers(first: 2) { totalCount } }',
  '{ paper(',
  '{ search(query: "*:*") { score } }',
  'mutation { deletePaper(id: "arxiv:2203.02155") { deletedId } }',
];
const TYPED = [
  '($f: Int) { papers(first: $f) { totalCount } }',
  '($t: String!) { technique(name: $t) { key } }',
  '($w: PaperFilter) { papers(where: $w) { totalCount } }',
  '($i: [ID!]!) { nodes(ids: $i) { id } }',
];
const TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  'application/graphql',
  '',
];
const ACCEPT = [
  'application/xml',
  '*/*',
  'text/html',
  'application/graphql-response+json',
  'application/json;q=0',
  ';,',
];
const PATHS = ['/', '/graphql/x', '/health', '/ready', '/livez', '/../../etc/passwd', '/graphql?query=%E0%A4%A'];

const rawRequest: fc.Arbitrary<Req> = fc.oneof(
  fc.string({ maxLength: 30 }).map((s) => req(`invalid json ${s}`, json(`{"query": "{ __typename }"${s}`))),
  sized('truncated', 0, 40, (n) => json('{"query":"{ papers { totalCount } }","variables":{}}'.slice(0, n))),
  fc.json({ maxDepth: 3 }).map((s) => req(`json ${s.slice(0, 80)}`, json(s))),
  sized('huge variable', 95_000, 1_100_000, (n) => q('{ __typename }', { variables: { s: 'a'.repeat(n) } })),
  sized('huge streamed', 95_000, 1_100_000, (n) => stream(`{"query":"{ __typename }","x":"${'b'.repeat(n)}"}`)),
  sized('huge argument', 1_000, 60_000, (n) => q(`{ search(query: "${'é'.repeat(n)}") { score } }`)),
  fc.tuple(fc.constantFrom(...ODD, ...INJECTIONS), fc.boolean()).map(([s, opName]) => {
    const body = q(opName ? `query ${s} { __typename }` : `{ search(query: "${s}") { score } }`);
    return req(`odd unicode raw ${JSON.stringify(s)} in ${opName ? 'name' : 'string'}`, body);
  }),
  fc.constantFrom('\ufeff', '\u0000', '\u202e').map((p) => req(`prefix ${p}`, json(`${p}{"query":"{ __typename }"}`))),
  sized('deep selection', 13, 60, (n) => q(deepPaper(n))),
  sized('deep braces', 100, 30_000, (n) => q(`${'{ a '.repeat(n)}${'}'.repeat(n)}`)),
  sized('deep json', 100, 90_000, (n) =>
    json(`{"query":"{ __typename }","variables":{"x":${'['.repeat(n)}0${']'.repeat(n)}}}`),
  ),
  sized('deep list literal', 60, 3_000, (n) => q(`{ nodes(ids: ${'['.repeat(n)}"x"${']'.repeat(n)}) { id } }`)),
  sized('alias bomb', 16, 600, (n) => q(`{ ${aliases(n)} }`)),
  sized('field repeat', 100, 3_000, (n) => q(`{ papers { ${'totalCount '.repeat(n)}} }`)),
  fc
    .tuple(fc.integer({ min: 500, max: 1_990 }), fc.nat())
    .map(([n, k]) => req(`dense ${n}`, q(`{ ${'a '.repeat(n)}} #${k}`))),
  sized('fragment laughs', 5, 40, (n) => q(laughs(n))),
  fc.constant(req('fragment cycle', q('{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }'))),
  sized('directive bomb', 11, 200, (n) => q(`{ __typename ${'@include(if: true) '.repeat(n)}}`)),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...SMALL_OPS).map((query) => ({ query })),
        fc.constantFrom(null, 1, 'x', [], {}),
      ),
      {
        maxLength: 14,
      },
    )
    .map((ops) => req(`batch ${JSON.stringify(ops).slice(0, 200)}`, json(ops))),
  fc.tuple(fc.constantFrom(...TYPED), fc.anything({ maxDepth: 2 })).map(([sig, v]) => {
    const variables = { f: v, t: v, w: v, i: v };
    return req(`wrong variables ${sig} ${JSON.stringify(v)?.slice(0, 100)}`, q(`query${sig}`, { variables }));
  }),
  fc
    .tuple(fc.constantFrom(...SMALL_OPS), fc.constantFrom('', '{', '{"f":1}', 'null', '[]'), fc.constantFrom('', '}'))
    .chain(([query, variables, extensions]) => {
      const url = `${URL_}?${new URLSearchParams({ query, variables, extensions })}`;
      return fc.boolean().map((csrf) => req(`GET ${url}`, { headers: csrf ? { 'x-papergraph-csrf': '1' } : {} }, url));
    }),
  fc
    .tuple(fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'), fc.constantFrom(...TYPES), fc.boolean())
    .map(([method, type, csrf]) => {
      const headers = { ...(type ? { 'content-type': type } : {}), ...(csrf ? { 'x-papergraph-csrf': '1' } : {}) };
      const form = type.startsWith('application/x-www');
      const body =
        method === 'OPTIONS' ? undefined : form ? 'query=%7B__typename%7D&variables=%7B' : '{"query":"{ a }"}';
      return req(`${method} ${type} csrf=${csrf}`, { method, headers, body });
    }),
  fc.constantFrom(...ACCEPT).map((accept) => req(`accept ${accept}`, json({ query: '{ paper(' }, { accept }))),
  fc
    .uint8Array({ maxLength: 64 })
    .map((bytes) => req(`bytes ${bytes}`, { method: 'POST', body: bytes, headers: JSONH })),
  fc
    .constantFrom(...PATHS)
    .map((p) => req(`path ${p}`, { headers: { 'x-papergraph-csrf': '1' } }, `http://papergraph${p}`)),
);

describe('hostile input', () => {
  it('answers ≥ 10,000 generated operations with data or coded errors, never 5xx, and writes nothing', async () => {
    const started = Date.now();
    const heapBefore = retainedHeap();
    const before = await graphCounts(executor);
    const hashBefore = await graphHash(executor);
    const settings = { seed: SEED, endOnFailure: true, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true };
    await fc.assert(fc.asyncProperty(fc.array(schemaRequest, { minLength: PARALLEL, maxLength: PARALLEL }), runAll), {
      ...settings,
      numRuns: 1_000,
    });
    const schemaOps = sent;
    const schemaWithData = withData;
    const schemaS = ((Date.now() - started) / 1000).toFixed(1);
    await fc.assert(fc.asyncProperty(fc.array(rawRequest, { minLength: PARALLEL, maxLength: PARALLEL }), runAll), {
      ...settings,
      numRuns: 320,
    });
    expect(await graphCounts(executor)).toEqual(before);
    // Not only the counts: every node, relationship, property and value type is as it was.
    expect(await graphHash(executor)).toBe(hashBefore);
    const heapAfter = retainedHeap();
    const mb = (n: number) => Math.round(n / 1e6);
    console.log(
      `[hostile] ${sent} requests (${schemaOps} from the schema in ${schemaS} s, ${sent - schemaOps} raw) in ${((Date.now() - started) / 1000).toFixed(1)} s; ${withData} with data (${schemaWithData} of the schema's), ${ok} without errors; heap ${mb(heapBefore)} MB retained before, ${mb(heapAfter)} MB after, peak ${mb(maxHeap)} MB\n` +
        `[hostile] statuses ${JSON.stringify(Object.fromEntries([...statuses].sort()))}\n` +
        `[hostile] codes ${JSON.stringify(Object.fromEntries([...codes].sort((a, b) => b[1] - a[1])))}`,
    );
    expect(sent).toBeGreaterThanOrEqual(10_000);
    // The fuzz must reach the resolvers: a server that refused everything would pass every check above.
    expect(schemaWithData / schemaOps).toBeGreaterThan(SCHEMA_DATA_FLOOR);
    expect((withData - schemaWithData) / (sent - schemaOps)).toBeGreaterThan(RAW_DATA_FLOOR);
    expect(maxHeap - heapBefore).toBeLessThan(768e6);
    expect(heapAfter - heapBefore).toBeLessThan(100e6);
  }, 300_000);

  // What the fuzzing found, pinned down (each was a 500, an uncoded body, a 15 s query or a leak).
  const node = (technique: string) => `{ technique(id: "technique:rlhf") { buildsOn { technique { ${technique} } } } }`;
  it.each([
    [
      'GET with malformed variables',
      `${URL_}?query=%7B__typename%7D&variables=%7B`,
      { headers: { 'x-papergraph-csrf': '1' } },
      400,
      'BAD_REQUEST',
    ],
    ['a null in a batch', URL_, json([{ query: '{ __typename }' }, null]), 200, 'BAD_REQUEST'],
    [
      'an unsupported media type',
      URL_,
      { method: 'POST', headers: { 'content-type': 'application/xml' }, body: '<q/>' },
      415,
      'BAD_REQUEST',
    ],
    [
      'an Accept nothing matches',
      URL_,
      json({ query: '{ __typename }' }, { accept: 'application/xml' }),
      406,
      'BAD_REQUEST',
    ],
    ['an unknown path', 'http://papergraph/nope', {}, 404, 'NOT_FOUND'],
    [
      'a streamed body over the limit',
      URL_,
      stream(`{"query":"{ __typename }","x":"${'b'.repeat(200_000)}"}`),
      413,
      'PAYLOAD_TOO_LARGE',
    ],
    [
      'nesting deeper than 64',
      URL_,
      q(`{ nodes(ids: ${'['.repeat(990)}"x"${']'.repeat(990)}) { id } }`),
      200,
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a nested loader argument out of range',
      URL_,
      q(node('descendants(maxDepth: 0) { depth }')),
      200,
      'BAD_USER_INPUT',
    ],
    [
      'another one',
      URL_,
      q(`{ author(id: "author:ilya-sutskever") { coauthors(first: 101) { sharedPapers } } }`),
      200,
      'BAD_USER_INPUT',
    ],
  ] as const)('answers %s with a coded error', async (_name, url, init, status, code) => {
    const res = await t.app.fetch(url, init as RequestInit);
    expect(res.status).toBe(status);
    const body = await res.json();
    expect((Array.isArray(body) ? body.at(-1) : body).errors[0].extensions.code).toBe(code);
  });

  it('finds no collaboration path between unconnected authors quickly (no exhaustive search)', async () => {
    const started = Date.now();
    const res = await t.gql(
      '{ collaborationPath(from: "author:aditya-ramesh", to: "author:ajay-jain", maxLength: 10) { length } }',
    );
    expect(res.body).toEqual({ data: { collaborationPath: null } });
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('keeps the parse cache bounded: 400 distinct dense documents retain < 80 MB (yoga alone kept ~400 MB)', async () => {
    const before = retainedHeap();
    for (let i = 0; i < 400; i += 10) {
      await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          Promise.resolve(t.app.fetch(URL_, q(`{ ${'a '.repeat(1_990)}} #${i + k}`))).then((r) => r.text()),
        ),
      );
    }
    expect(retainedHeap() - before).toBeLessThan(80e6);
  });
});
