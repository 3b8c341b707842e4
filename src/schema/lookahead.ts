import type { FieldNode, GraphQLField, GraphQLOutputType, GraphQLResolveInfo, SelectionSetNode } from 'graphql';
import type { Link, Plan, PlannedLink } from '../db/prefetch.js';
import { Kind, valueFromASTUntyped } from '../graphql.js';

/**
 * Prefetch, the deciding side: from the selection below a field, the plan of
 * what to fetch with its rows (src/db/prefetch.ts turns it into Cypher) — the
 * stored properties the selected fields declare (`extensions.property`) and the
 * relations they declare prefetchable (`extensions.prefetch`, see `relation` in
 * links.ts). Each prefetched relation is recorded under its response path with
 * its argument key; the relation's field looks its own path up (links.ts) and
 * uses the parent's value, else its batched fallback. Like the loader map of
 * Pothos' prisma plugin. `@skip`/`@include` are not evaluated: a skipped field
 * is fetched and left unused, never the other way round.
 *
 * Only AST kinds and duck-typed schema objects are used, no `instanceof`-based
 * helpers (isObjectType, getArgumentValues): a test runner may load graphql
 * twice (ESM for this file, CommonJS for Pothos and yoga), and those helpers
 * throw on types from the other copy.
 */

/** What lookahead needs from a relation's declaration. */
export interface Prefetchable {
  /** Where the parent row carries the value. */
  slot: string;
  link: Link<never>;
  /** The link's input for these arguments (its JSON is the argument key), or undefined: not prefetched so. */
  key(args: Record<string, unknown>): unknown;
  /** Where the rows the link reaches sit below the field (`[]`: the field's own value). */
  rows: readonly (readonly string[])[];
  /** Flags of the link, each set when the selection reaches its path below the field. */
  flags: Readonly<Record<string, readonly string[]>>;
}

/** Relations nest at most this deep in one query (a three-level query is one round trip). */
const MAX_DEPTH = 3;

/** The rows of a list field's connection: `edges.node` and `nodes`. */
export const CONNECTION_ROWS = [['edges', 'node'], ['nodes']] as const;

/** One place rows sit in the response: its path (response keys, no list indices), field nodes and type. */
interface Place {
  path: string;
  nodes: readonly FieldNode[];
  type: GraphQLOutputType;
}

/** Argument keys of the relations prefetched in a request, by response path. */
const prefetched = new WeakMap<object, Map<string, string>>();

/** The response path of the field being resolved, without list indices. */
export function responsePath(info: GraphQLResolveInfo): string {
  const keys: string[] = [];
  for (let at: GraphQLResolveInfo['path'] | undefined = info.path; at; at = at.prev) {
    if (typeof at.key === 'string') keys.unshift(at.key);
  }
  return keys.join('.');
}

/** The argument key under which the parent prefetched the field being resolved, if it did. */
export function prefetchedKey(ctx: object, info: GraphQLResolveInfo): string | undefined {
  return prefetched.get(ctx)?.get(responsePath(info));
}

/**
 * The plan for the rows the current field returns, at `at` below it (default: the field's own
 * value), recording each relation planned so its field finds it. `calls`: the query binds these
 * rows by a clause and places their CALL links (`calls` in src/db/prefetch.ts), so links that
 * aggregate may be planned for them too.
 */
export function planRows(
  ctx: object,
  info: GraphQLResolveInfo,
  at: readonly (readonly string[])[] = [[]],
  calls = false,
): Plan {
  const here: Place = { path: responsePath(info), nodes: info.fieldNodes, type: info.returnType };
  return planFor(
    at.flatMap((sub) => descend(here, sub, info)),
    info,
    ctx,
    0,
    calls,
  );
}

/**
 * The plan for rows of a union or interface at `at` below the current field, as rows of the
 * object type `typeName`: the fields selected on them directly and through fragments that apply
 * to that type. Links that aggregate are not planned (the rows are not bound by a clause).
 */
export function planRowsAs(ctx: object, info: GraphQLResolveInfo, at: readonly string[], typeName: string): Plan {
  const type = info.schema.getType(typeName) as GraphQLOutputType | undefined;
  if (!type) throw new Error(`no type ${typeName} in the schema`);
  const here: Place = { path: responsePath(info), nodes: info.fieldNodes, type: info.returnType };
  const places = descend(here, at, info).map((place) => ({ ...place, type }));
  return planFor(places, info, ctx, 0, false);
}

/** The plan for the rows a relation reaches below the places its field is selected at. */
function planBelow(relation: Prefetchable, fields: readonly Place[], info: GraphQLResolveInfo, ctx: object, depth = 0) {
  const rows = relation.rows.flatMap((sub) => fields.flatMap((place) => descend(place, sub, info)));
  const flags = Object.fromEntries(
    Object.entries(relation.flags).map(([flag, sub]) => [
      flag,
      fields.some((place) => descend(place, sub, info).length > 0),
    ]),
  );
  return { ...planFor(rows, info, ctx, depth, false), flags };
}

/** The plan for the current field's relation when its parent did not prefetch it. */
export function planFallback(relation: Prefetchable, info: GraphQLResolveInfo, ctx: object): Plan {
  return planBelow(relation, [{ path: responsePath(info), nodes: info.fieldNodes, type: info.returnType }], info, ctx);
}

function planFor(places: readonly Place[], info: GraphQLResolveInfo, ctx: object, depth: number, calls: boolean): Plan {
  const properties = new Set<string>();
  const chosen = new Map<Prefetchable, { input: unknown; key: string; at: Map<string, Place> }>();
  for (const place of places) {
    const fields = fieldsOf(place.type);
    for (const node of selected(place.nodes, place.type, info)) {
      const field = fields?.[node.name.value];
      const declared = field?.extensions as { property?: string; prefetch?: Prefetchable } | undefined;
      if (declared?.property) properties.add(declared.property);
      const relation = declared?.prefetch;
      // A link that aggregates can only be placed for rows the query binds by a clause (see `Link.call`).
      if (!field || !relation || depth >= MAX_DEPTH || (relation.link.call && !calls)) continue;
      const input = relation.key(argumentValues(field, node, info.variableValues));
      if (input === undefined) continue;
      const key = JSON.stringify(input);
      const entry = chosen.get(relation) ?? { input, key, at: new Map() };
      chosen.set(relation, entry);
      // One value per row and relation: a differently-argued selection loads its own.
      if (entry.key !== key) continue;
      const path = `${place.path}.${node.alias?.value ?? node.name.value}`;
      const at = entry.at.get(path);
      entry.at.set(path, { path, nodes: [...(at?.nodes ?? []), node], type: field.type });
    }
  }
  const links: PlannedLink[] = [...chosen].map(([relation, { input, key, at }]) => {
    const record = prefetched.get(ctx) ?? new Map<string, string>();
    prefetched.set(ctx, record);
    for (const path of at.keys()) record.set(path, key);
    return {
      slot: relation.slot,
      link: relation.link,
      input,
      plan: planBelow(relation, [...at.values()], info, ctx, depth + 1),
    };
  });
  return { properties: [...properties], links, flags: {} };
}

/** The places `names` (field names, any alias) reach below `place`. */
function descend(place: Place, names: readonly string[], info: GraphQLResolveInfo): Place[] {
  let places = [place];
  for (const name of names) {
    const next = new Map<string, Place>();
    for (const at of places) {
      const field = fieldsOf(at.type)?.[name];
      if (!field) continue;
      for (const node of selected(at.nodes, at.type, info)) {
        if (node.name.value !== name) continue;
        const path = `${at.path}.${node.alias?.value ?? name}`;
        next.set(path, { path, nodes: [...(next.get(path)?.nodes ?? []), node], type: field.type });
      }
    }
    places = [...next.values()];
  }
  return places;
}

/** Argument values at one field node: literal, variable, else the default (values are already validated). */
function argumentValues(
  field: GraphQLField<unknown, unknown>,
  node: FieldNode,
  variables: Record<string, unknown>,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const arg of field.args) {
    const given = node.arguments?.find((a) => a.name.value === arg.name)?.value;
    const value =
      given === undefined
        ? undefined
        : given.kind === Kind.VARIABLE
          ? variables[given.name.value]
          : valueFromASTUntyped(given, variables);
    values[arg.name] = value === undefined ? arg.defaultValue : value;
  }
  return values;
}

interface NamedType {
  name: string;
  getFields?: () => Record<string, GraphQLField<unknown, unknown>>;
  getInterfaces?: () => readonly { name: string }[];
}

/** The named type under lists and non-nulls. */
function named(type: GraphQLOutputType): NamedType {
  let at: unknown = type;
  while (at && typeof at === 'object' && 'ofType' in at && at.ofType) at = at.ofType;
  return at as NamedType;
}

/** The fields of a type when it has any (object or interface). */
function fieldsOf(type: GraphQLOutputType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  const of = named(type);
  return typeof of.getFields === 'function' ? of.getFields() : undefined;
}

/** The field nodes selected on `type` by `nodes`, through fragments that apply to it. */
function selected(nodes: readonly FieldNode[], type: GraphQLOutputType, info: GraphQLResolveInfo): FieldNode[] {
  const of = named(type);
  const applies = (condition: string | undefined) =>
    !condition || condition === of.name || (of.getInterfaces?.() ?? []).some((i) => i.name === condition);
  const found: FieldNode[] = [];
  const collect = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) found.push(selection);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (applies(selection.typeCondition?.name.value)) collect(selection.selectionSet);
      } else {
        const fragment = info.fragments[selection.name.value];
        if (fragment && applies(fragment.typeCondition.name.value)) collect(fragment.selectionSet);
      }
    }
  };
  for (const node of nodes) collect(node.selectionSet);
  return found;
}
