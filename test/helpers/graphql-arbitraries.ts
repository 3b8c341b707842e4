import fc from 'fast-check';
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
} from 'graphql';
import { schema } from '../../src/schema/index.js';
import { loadSeedGraph } from './seed-graph.js';

/**
 * fast-check arbitraries for GraphQL operations built by walking papergraph's
 * schema: root fields, arguments of the right type (mostly real keys from the
 * seed) or of a wrong one, variables (declared right or wrong), aliases, inline
 * and named fragments, nesting to a chosen depth; string values include
 * Cypher/Lucene injection attempts, odd unicode and long strings.
 */
const seed = loadSeedGraph();

/** Strings that would change a query if they were ever spliced into Cypher or Lucene. */
export const INJECTIONS = [
  "x' OR 1=1 //",
  '"}) MATCH (n) DETACH DELETE n //',
  "'}) MATCH (n) DETACH DELETE n RETURN 1 //",
  '\u0027; CALL dbms.shutdown() //',
  '`) DETACH DELETE n //',
  '$id',
  '*:*',
  'title:(a OR b)~',
  'a AND NOT b^3 [* TO *] /re.*/',
];
/** Odd unicode: NUL, lone surrogates, bidi overrides, zero-width, combining marks, RTL, astral. */
export const ODD = [
  '\u0000',
  '\ud800',
  'x\udfffy',
  '\u202eevil\u202c',
  'a\u200b\u200d\ufeffb',
  'e\u0301\u0301',
  'שלום',
  '🧪🔬'.repeat(9),
];
const gid = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64');
const IDS = [
  ...[...seed.papers.keys()].slice(0, 6),
  ...[...seed.authors.keys()].slice(0, 6),
  ...[...seed.topics.keys()].slice(0, 3),
  ...[...seed.techniques.keys()].slice(0, 6),
  gid('Paper', 'arxiv:2203.02155'),
  gid('Author', 'author:ilya-sutskever'),
  gid('Nope', 'x'),
  'not base64 ::',
];
const NAMES = ['RLHF', 'chain of thought', 'Ilya Sutskever', 'alignment', 'GPT-4 Technical Report', '2203.02155'];

const lone = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const str: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NAMES, ...IDS), weight: 4 },
  { arbitrary: fc.constantFrom(...INJECTIONS, ...ODD), weight: 3 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 24 }), weight: 2 },
  {
    arbitrary: fc
      .array(fc.oneof(lone, fc.constantFrom('\u202e', '\u200b', 'a', '"')), { maxLength: 6 })
      .map((a) => a.join('')),
    weight: 1,
  },
  { arbitrary: fc.integer({ min: 400, max: 30_000 }).map((n) => 'ж'.repeat(n)), weight: 1 },
);
const id = fc.oneof({ arbitrary: fc.constantFrom(...IDS), weight: 3 }, str, fc.integer());
const int = fc.oneof(fc.integer({ min: -3, max: 120 }), fc.constantFrom(0, 2 ** 31 - 1, -(2 ** 31)));
const float = fc.oneof(fc.double({ min: -2, max: 2, noNaN: true }), fc.constantFrom(0, 1, 1e-300, 1e308));
/** DateTime: epoch milliseconds (beyond Int, as Grafana sends them) or ISO 8601 dates and date-times. */
const dateTime = fc.oneof(
  fc.integer({ min: 0, max: 2_000_000_000_000 }),
  fc.constantFrom('2017', '2020-06', '2022-01-01', '2023-06-01T12:00:00Z', '2024-01-01T00:00:00+02:00'),
);
/** Scalars for well-formed operations: mostly real keys and in-range numbers, so most of them reach Neo4j. */
const plain = {
  DateTime: dateTime,
  String: fc.oneof({ arbitrary: fc.constantFrom(...NAMES, ...IDS), weight: 6 }, str),
  ID: fc.oneof({ arbitrary: fc.constantFrom(...IDS), weight: 6 }, id),
  Int: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 10 }), weight: 6 }, int),
  Float: fc.oneof({ arbitrary: fc.double({ min: 0, max: 1, noNaN: true }), weight: 6 }, float),
  Boolean: fc.boolean(),
};
const anyScalar = {
  String: str,
  ID: id,
  Int: int,
  Float: float,
  Boolean: fc.boolean(),
  DateTime: fc.oneof(dateTime, str),
};

class Enum {
  constructor(readonly name: string) {}
}
const wrong: fc.Arbitrary<unknown> = fc.oneof(
  str,
  fc.integer(),
  fc.constantFrom(2 ** 31, 2 ** 53 + 1, 1.5, Number.NaN, Number.POSITIVE_INFINITY),
  fc.boolean(),
  fc.constant(null),
  fc.constant(new Enum('NOT_A_VALUE')),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.constant({ nope: 1 }),
);

const valueCache = new Map<string, fc.Arbitrary<unknown>>();
/** A value of the right type (null now and then where nullable). */
function valueArb(type: GraphQLInputType, hostile: boolean): fc.Arbitrary<unknown> {
  const key = `${type}/${hostile}`;
  const cached = valueCache.get(key);
  if (cached) return cached;
  const inner = isNonNullType(type) ? type.ofType : type;
  let arb: fc.Arbitrary<unknown>;
  if (isListType(inner)) arb = fc.array(valueArb(inner.ofType, hostile), { maxLength: 3 });
  else if (isEnumType(inner)) arb = fc.constantFrom(...inner.getValues().map((v) => new Enum(v.name)));
  else if (isInputObjectType(inner)) {
    const fields = Object.values(inner.getFields());
    arb = fc.record(Object.fromEntries(fields.map((f) => [f.name, valueArb(f.type, hostile)])), {
      requiredKeys: fields.filter((f) => isNonNullType(f.type)).map((f) => f.name),
    });
  } else arb = (hostile ? anyScalar : plain)[inner.name as keyof typeof plain] ?? wrong;
  if (!isNonNullType(type)) arb = fc.option(arb, { freq: 8, nil: null });
  valueCache.set(key, arb);
  return arb;
}

interface Arg {
  name: string;
  value: unknown;
  declared: string;
  asVariable: boolean;
}
type Sel = { field: string; alias?: string; args: Arg[]; children: Sel[] } | { on: string; children: Sel[] };

const argsOf = (field: GraphQLField<unknown, unknown>, hostile: boolean): fc.Arbitrary<Arg[]> =>
  fc
    .tuple(
      ...field.args.map((a) => {
        const required = isNonNullType(a.type) && a.defaultValue === undefined;
        const right = required
          ? valueArb(a.type, hostile)
          : fc.option(valueArb(a.type, hostile), { freq: 2, nil: undefined });
        const value = hostile ? fc.oneof({ arbitrary: right, weight: 3 }, wrong, fc.constant(undefined)) : right;
        const declared = hostile
          ? fc.oneof(
              { arbitrary: fc.constant(String(a.type)), weight: 4 },
              fc.constantFrom('Int', 'String!', '[ID]', 'Nope'),
            )
          : fc.constant(String(a.type));
        return fc.record({ name: fc.constant(a.name), value, declared, asVariable: fc.boolean() });
      }),
    )
    .map((args) => args.filter((a) => a.value !== undefined));

/** A selection set on `type`, `depth` levels deep at most (past that, leaves only). */
function selectionOf(type: GraphQLNamedType, depth: number, hostile: boolean): fc.Arbitrary<Sel[]> {
  if (isLeafType(type)) return fc.constant([]);
  if (isAbstractType(type)) {
    return fc
      .subarray([...schema.getPossibleTypes(type)], { minLength: 1, maxLength: 2 })
      .chain((types) =>
        fc.tuple(...types.map((o) => selectionOf(o, depth, hostile).map((c) => ({ on: o.name, children: c })))),
      )
      .map((inline) => [{ field: '__typename', args: [], children: [] }, ...inline]);
  }
  if (!isObjectType(type)) return fc.constant([]);
  const all = Object.values(type.getFields());
  const leaves = all.filter((f) => isLeafType(getNamedType(f.type)));
  const pool = depth <= 0 ? leaves : all;
  if (!pool.length) return fc.constant([{ field: '__typename', args: [], children: [] }]);
  return fc
    .subarray(pool, { minLength: 1, maxLength: Math.min(3, pool.length) })
    .chain((fields) => fc.tuple(...fields.map((f) => fieldOf(f, depth - 1, hostile))));
}

const fieldOf = (f: GraphQLField<unknown, unknown>, depth: number, hostile: boolean): fc.Arbitrary<Sel> =>
  fc
    .tuple(fc.option(fc.nat(30), { freq: 4 }), argsOf(f, hostile), selectionOf(getNamedType(f.type), depth, hostile))
    .map(([alias, args, children]) => ({
      field: f.name,
      alias: alias === null ? undefined : `a${alias}`,
      args,
      children,
    }));

const quote = (s: string, raw: boolean) =>
  raw
    ? `"${s
        .replace(/["\\]/g, (c) => `\\${c}`)
        .replace(/\n/g, '\\n')
        .replace(/\r/g, '\\r')}"`
    : JSON.stringify(s);
function literal(v: unknown, raw: boolean): string {
  if (v instanceof Enum) return v.name;
  if (typeof v === 'string') return quote(v, raw);
  if (Array.isArray(v)) return `[${v.map((x) => literal(x, raw)).join(', ')}]`;
  if (v && typeof v === 'object')
    return `{${Object.entries(v)
      .map(([k, x]) => `${k}: ${literal(x, raw)}`)
      .join(', ')}}`;
  return String(v);
}
const jsonValue = (v: unknown): unknown =>
  v instanceof Enum ? v.name : JSON.parse(JSON.stringify(v, (_k, x) => (x instanceof Enum ? x.name : x)) ?? 'null');

function render(sels: Sel[], vars: Record<string, unknown>, decls: string[], raw: boolean): string {
  if (!sels.length) return '';
  const parts = sels.map((s) => {
    if ('on' in s) return `... on ${s.on} ${render(s.children, vars, decls, raw)}`;
    const args = s.args.map((a) => {
      if (!a.asVariable) return `${a.name}: ${literal(a.value, raw)}`;
      const name = `v${decls.length}`;
      decls.push(`$${name}: ${a.declared}`);
      vars[name] = jsonValue(a.value);
      return `${a.name}: $${name}`;
    });
    return `${s.alias ? `${s.alias}: ` : ''}${s.field}${args.length ? `(${args.join(', ')})` : ''} ${render(s.children, vars, decls, raw)}`;
  });
  return `{ ${parts.join(' ')} }`;
}

/** An operation on the query or mutation root, its variables, and whether it is a mutation. */
export interface GeneratedOperation {
  query: string;
  variables: Record<string, unknown>;
  mutation: boolean;
}

/** Operations from the schema: a quarter of them mutations, half with hostile argument values. */
export const operationArb: fc.Arbitrary<GeneratedOperation> = fc
  .record({
    mutation: fc.constantFrom(false, false, false, true),
    hostile: fc.boolean(),
    depth: fc.oneof({ arbitrary: fc.integer({ min: 0, max: 4 }), weight: 5 }, fc.integer({ min: 10, max: 14 })),
    raw: fc.constantFrom(false, false, false, true),
    fragment: fc.boolean(),
  })
  .chain((o) => {
    const root = (o.mutation ? schema.getMutationType() : schema.getQueryType())!;
    return fc
      .subarray(Object.values(root.getFields()), { minLength: 1, maxLength: 2 })
      .chain((fields) => fc.tuple(...fields.map((f) => fieldOf(f, o.depth, o.hostile))))
      .map((sels) => {
        const variables: Record<string, unknown> = {};
        const decls: string[] = [];
        const body = render(sels, variables, decls, o.raw);
        const head = `${o.mutation ? 'mutation' : 'query'} Fuzz${decls.length ? `(${decls.join(', ')})` : ''}`;
        const query = o.fragment ? `${head} { ...F } fragment F on ${root.name} ${body}` : `${head} ${body}`;
        return { query, variables, mutation: o.mutation };
      });
  });
