import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLObjectType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Executor } from '../../src/db/executor.js';
import { graphCounts } from '../../src/db/schema-store.js';
import { schema } from '../../src/schema/index.js';
import { useTestApp, WRITE_TOKEN } from '../helpers/app.js';
import { graphHash as hashOf } from '../helpers/graph-hash.js';
import { INJECTIONS } from '../helpers/graphql-arbitraries.js';
import { must } from '../helpers/must.js';

/**
 * Cypher (and Lucene) injection through every string and ID argument of the
 * schema — root fields, fields of the types they return, and every string field
 * of input objects — found by walking the schema, so a new argument is covered
 * without editing this file. Each string goes in as a variable and as an inline
 * literal, without and with the write token. Reads and failed writes must leave
 * the graph byte-for-byte as it was (a hash of every node, relationship and
 * property); a write the token makes must store the string literally, and this
 * file removes what it wrote.
 */
const t = useTestApp();
const executor = new Executor(t.driver, { database: inject('neo4j').database, txTimeoutMs: 30_000 });
const AUTH = { authorization: `Bearer ${WRITE_TOKEN}` };
const PAPER = 'arxiv:9999.2001';
const AUTHOR = 'author:test-inj-ada';
const TECH = 'technique:test-inj-a';

/** Strings that reach Cypher only as parameters, if at all: ids that pass the id pattern, too. */
const STRINGS = [
  ...INJECTIONS,
  "arxiv:2203.02155'})-[r]-()DELETE/**/r//",
  'technique:rlhf"}),(n)DETACH/**/DELETE/**/n//',
  'author:x`]->(n)SET/**/n.x=1//',
  '\\u0027 }) RETURN 1 UNION MATCH (n) DETACH DELETE n //',
  '{id: "arxiv:2203.02155"}',
  'RLHF OR *',
  '"RLHF"~10 AND title:*',
  '\\',
];

/** How to reach an object type from the query root, so its fields' arguments can be tried. */
const ENTRY: Record<string, string> = {
  Query: '',
  Mutation: '',
  Author: 'author(id: "author:ilya-sutskever")',
  Paper: 'paper(id: "arxiv:2203.02155")',
  Technique: 'technique(id: "technique:rlhf")',
  Topic: 'topic(id: "topic:alignment")',
  Stats: 'stats',
};

/** A valid value for each argument and input field (the slot under test gets the injection instead). */
const GOOD: Record<string, unknown> = {
  input: {
    id: PAPER,
    title: 'Injection test paper',
    abstract: 'An abstract.',
    published: '2025-02-01',
    arxivId: '9999.20010',
    url: 'https://example.org/inj',
    kind: 'PAPER',
    authors: [AUTHOR],
    newAuthors: [{ id: AUTHOR, name: 'Ada Inj', kind: 'PERSON' }],
    topics: ['topic:alignment'],
    introduces: [{ technique: TECH, evidence: 'It proposes A.', confidence: 0.5 }],
    uses: [{ technique: 'technique:rlhf', evidence: 'It uses RLHF.', confidence: 0.5 }],
  },
  from: PAPER,
  to: TECH,
  relation: 'USES',
  evidence: 'Some evidence.',
  confidence: 0.5,
  technique: 'RLHF',
  query: 'RLHF',
  // rejectLink: the test paper (absent but while a write is checked: NOT_FOUND) and who rejects.
  paper: PAPER,
  by: 'injection-test',
};
const GOOD_FOR_FIELD: Record<string, unknown> = {
  'collaborationPath.from': 'author:paul-christiano',
  'collaborationPath.to': 'author:yang-song',
};
const goodFor = (field: string, arg: GraphQLArgument) => GOOD_FOR_FIELD[`${field}.${arg.name}`] ?? GOOD[arg.name];

interface Slot {
  /** e.g. `Mutation.upsertPaper(input.newAuthors.0.name)` */
  name: string;
  type: GraphQLObjectType;
  field: string;
  args: readonly GraphQLArgument[];
  /** The argument and, inside input objects, the path to the string. */
  path: (string | number)[];
}

/** Paths to every String/ID leaf inside an input type (lists by their first item). */
function stringPaths(type: GraphQLInputType): (string | number)[][] {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (isListType(inner)) return stringPaths(inner.ofType).map((p) => [0, ...p]);
  if (isInputObjectType(inner))
    return Object.values(inner.getFields()).flatMap((f) => stringPaths(f.type).map((p) => [f.name, ...p]));
  if (isScalarType(inner) && (inner.name === 'String' || inner.name === 'ID')) return [[]];
  return [];
}

const slots: Slot[] = Object.values(schema.getTypeMap())
  .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
  .flatMap((type) =>
    Object.values(type.getFields()).flatMap((field) =>
      field.args.flatMap((arg) =>
        stringPaths(arg.type).map((p) => ({
          name: `${type.name}.${field.name}(${[arg.name, ...p].join('.')})`,
          type,
          field: field.name,
          args: field.args,
          path: [arg.name, ...p],
        })),
      ),
    ),
  );

const setIn = (value: unknown, path: (string | number)[], leaf: unknown): unknown => {
  const [head, ...rest] = path;
  if (head === undefined) return leaf;
  const base = value ?? (typeof head === 'number' ? [] : {});
  const copy = (Array.isArray(base) ? [...base] : { ...(base as object) }) as Record<string | number, unknown>;
  copy[head] = setIn(copy[head], rest, leaf);
  return copy;
};
const literal = (v: unknown, type: GraphQLInputType): string => {
  const inner = isNonNullType(type) ? type.ofType : type;
  if (v === null || v === undefined) return 'null';
  if (isListType(inner)) return `[${(v as unknown[]).map((x) => literal(x, inner.ofType)).join(', ')}]`;
  if (isEnumType(inner)) return String(v);
  if (isInputObjectType(inner)) {
    const fields = inner.getFields();
    return `{${Object.entries(v as object)
      .map(([k, x]) => `${k}: ${literal(x, must(fields[k], `input field ${k}`).type)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(v);
};

/** The operation that puts `value` into the slot, as a variable or inline, with good values elsewhere. */
function operation(slot: Slot, value: string, inline: boolean) {
  const variables: Record<string, unknown> = {};
  const decls: string[] = [];
  const args = slot.args.flatMap((arg) => {
    const isTarget = arg.name === slot.path[0];
    const good = goodFor(slot.field, arg);
    const v = isTarget ? setIn(good, slot.path.slice(1), value) : good;
    const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
    if (v === undefined && !required) return [];
    if (inline) return [`${arg.name}: ${literal(v, arg.type)}`];
    decls.push(`$${arg.name}: ${arg.type}`);
    variables[arg.name] = v;
    return [`${arg.name}: $${arg.name}`];
  });
  const selection = `${slot.field}(${args.join(', ')}) { __typename }`;
  const entry = ENTRY[slot.type.name];
  const body = entry ? `{ ${entry} { ${selection} } }` : `{ ${selection} }`;
  const op = slot.type.name === 'Mutation' ? 'mutation' : 'query';
  return { query: `${op} Inject${decls.length ? `(${decls.join(', ')})` : ''} ${body}`, variables };
}

async function cypher(statement: string, params: Record<string, unknown> = {}) {
  return executor.write({ name: 'injection-test', cypher: statement }, params);
}
const UPSERT = 'mutation($input: PaperInput!) { upsertPaper(input: $input) { key } }';
/** The paper as the API shows it: every stored string of it, its authors and its technique links. */
const READ_BACK = `query Back($id: ID!) { paper(id: $id) {
  key title abstract published arxivId url kind
  authors { key name aliases } topics { key name }
  techniques { role evidence confidence technique { key } }
} }`;
/** Every string inside a JSON value. */
const strings = (v: unknown): unknown[] =>
  typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

/** Everything this file may have written: the test paper, author and technique, with their relationships. */
const mine = `MATCH (n) WHERE n.id IN [$paper, $author, $tech]`;
const cleanUp = () => cypher(`${mine} DETACH DELETE n`, { paper: PAPER, author: AUTHOR, tech: TECH });

const graphHash = () => hashOf(executor);

let before: { counts: Awaited<ReturnType<typeof graphCounts>>; hash: string };
let fixtureHash = '';
beforeAll(async () => {
  await cleanUp();
  before = { counts: await graphCounts(executor), hash: await graphHash() };
  // The API cannot create techniques: one shaped like an imported one, as an end for the write slots.
  await cypher(
    `CREATE (:Technique {id: $id, name: 'Inj A', nameLower: 'inj a', aliases: [], aliasText: '',
                         lookupKeys: ['inj a'], description: 'Made by the injection test.'})`,
    { id: TECH },
  );
  fixtureHash = await graphHash();
});
afterAll(cleanUp);

const chunks = <T>(items: T[], size: number) =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
const codesOf = (body: { errors?: { extensions?: { code?: unknown } }[] }) =>
  (body.errors ?? []).map((e) => e.extensions?.code);

describe('Cypher injection through every string argument', () => {
  it('covers every String and ID argument of every field, inputs included', () => {
    const missing = slots.filter((s) => ENTRY[s.type.name] === undefined).map((s) => s.name);
    expect(missing, 'add an ENTRY for these types').toEqual([]);
    expect(slots.map((s) => s.name)).toEqual(
      expect.arrayContaining([
        'Query.search(query)',
        'Query.papers(where.text)',
        'Mutation.upsertPaper(input.newAuthors.0.name)',
        'Mutation.addLineage(evidence)',
        'Stats.techniqueAdoption(technique)',
      ]),
    );
  });

  it('answers with data or coded errors, writes nothing without the token, and stores values literally with it', async () => {
    const stats = {
      requests: 0,
      written: 0,
      codes: {} as Record<string, number>,
      bySlot: {} as Record<string, number>,
    };
    const all = slots.flatMap((slot) =>
      STRINGS.flatMap((value) =>
        [true, false].flatMap((inline) => [false, true].map((token) => ({ slot, value, inline, token }))),
      ),
    );
    // Writes with the token go one after another, each checked against the graph; the rest eight at a time.
    const serial = all.filter((c) => c.token && c.slot.type.name === 'Mutation');
    const reads = chunks(
      all.filter((c) => !serial.includes(c)),
      8,
    );
    for (const [i, batch] of [...reads, ...chunks(serial, 1)].entries()) {
      // Everything before the token's writes must leave the graph exactly as it was.
      if (i === reads.length) expect(await graphHash()).toBe(fixtureHash);
      await Promise.all(
        batch.map(async ({ slot, value, inline, token }) => {
          const writes = slot.type.name === 'Mutation';
          if (writes && token && slot.field === 'addLineage') {
            // Its edges start at the test paper: make it (through the API) so the write can land.
            const made = await t.gql(UPSERT, { input: GOOD.input }, AUTH);
            expect(made.body.errors).toBeUndefined();
          }
          const { query, variables } = operation(slot, value, inline);
          const res = await t.gql(query, variables, token ? AUTH : {});
          stats.requests++;
          const where = `${slot.name} = ${JSON.stringify(value)} (${inline ? 'inline' : 'variable'}, ${token ? 'token' : 'no token'})`;
          expect(res.status, where).toBeLessThan(500);
          const codes = codesOf(res.body);
          for (const code of codes) stats.codes[String(code)] = (stats.codes[String(code)] ?? 0) + 1;
          expect(
            codes.every((c) => typeof c === 'string'),
            `${where}: ${JSON.stringify(res.body)}`,
          ).toBe(true);
          expect(
            codes.filter((c) => c === 'INTERNAL_SERVER_ERROR' || String(c).startsWith('DB_')),
            where,
          ).toEqual([]);
          if (!writes) return;
          if (!token) {
            expect(codes, where).toEqual(['UNAUTHENTICATED']);
            return;
          }
          if (codes.length) {
            expect(codes.length, where).toBe(1);
            expect(['BAD_USER_INPUT', 'NOT_FOUND'], where).toContain(codes[0]);
            return;
          }
          // It wrote: read back through the API, the string is one of the stored values, exactly as sent.
          const id = slot.path.join('.') === 'input.id' ? value : PAPER;
          const back = await t.gql<{ paper: unknown }>(READ_BACK, { id });
          expect(back.body.errors, where).toBeUndefined();
          expect(strings(back.body.data?.paper), where).toContain(value);
          if (slot.field === 'addLineage') {
            // The edge itself, with the evidence sent (the slot under test or the good one).
            const evidence = slot.path[0] === 'evidence' ? value : GOOD.evidence;
            expect(back.body.data?.paper, where).toMatchObject({
              techniques: expect.arrayContaining([
                { role: 'USES', evidence, confidence: 0.5, technique: { key: TECH } },
              ]),
            });
          }
          stats.bySlot[slot.name] = (stats.bySlot[slot.name] ?? 0) + 1;
          stats.written++;
          // Start the next write from scratch (an existing author keeps its name).
          await cypher('MATCH (n) WHERE n.id IN [$paper, $author] DETACH DELETE n', { paper: PAPER, author: AUTHOR });
        }),
      );
    }
    console.log(
      `[injection] ${slots.length} argument slots × ${STRINGS.length} strings × inline/variable × token/none = ${stats.requests} requests; ${stats.written} writes stored the string literally; codes ${JSON.stringify(stats.codes)}`,
    );
    expect(stats.written).toBeGreaterThan(0);
    // Every hostile evidence string is valid evidence: each one, inline and as a variable, was written.
    expect(stats.bySlot['Mutation.addLineage(evidence)']).toBe(STRINGS.length * 2);
  }, 180_000);

  it('leaves the graph exactly as it was once the test data is removed', async () => {
    await cleanUp();
    expect(await graphCounts(executor)).toEqual(before.counts);
    expect(await graphHash()).toBe(before.hash);
  });
});
