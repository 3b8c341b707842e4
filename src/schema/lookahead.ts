import {
  type FieldNode,
  type GraphQLField,
  type GraphQLOutputType,
  type GraphQLResolveInfo,
  Kind,
  type SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { AUTHOR_FIELDS, PAPER_FIELDS, type PaperLinks, TECHNIQUE_FIELDS } from '../db/stores/rows.js';
import { windowFor } from './pagination.js';

/**
 * Look ahead from the field being resolved: every place its selection reaches
 * `path` (child field names, through fragments and inline fragments), as the
 * argument values given there. Resolvers use it to fetch the links a query asks
 * for in the same Cypher as the rows they hang off — one round trip instead of
 * one per level. `@skip`/`@include` are not evaluated: a skipped field is
 * fetched and left unused, never the other way round.
 *
 * Only AST kinds and duck-typed schema objects are used, no `instanceof`-based
 * helpers (isObjectType, getArgumentValues): a test runner may load graphql
 * twice (ESM for this file, CommonJS for Pothos and yoga), and those helpers
 * throw on types from the other copy.
 */
export function selections(info: GraphQLResolveInfo, path: readonly string[]): Record<string, unknown>[] {
  const { nodes, field } = fieldNodesAt(info, path);
  if (!field) return [];
  return nodes.map((node) => argumentValues(field, node, info.variableValues));
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

/** The named type under lists and non-nulls, and its fields when it has any (object or interface). */
function fieldsOf(type: GraphQLOutputType): Record<string, GraphQLField<unknown, unknown>> | undefined {
  let named: unknown = type;
  while (named && typeof named === 'object' && 'ofType' in named && named.ofType) named = named.ofType;
  const withFields = named as { getFields?: () => Record<string, GraphQLField<unknown, unknown>> };
  return typeof withFields.getFields === 'function' ? withFields.getFields() : undefined;
}

/** The names of the fields selected right below `path` (the current field's own selection when empty). */
export function selectedNames(info: GraphQLResolveInfo, path: readonly string[]): Set<string> {
  const names = new Set<string>();
  const collect = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (selection.kind === Kind.FIELD) names.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
      else collect(info.fragments[selection.name.value]?.selectionSet);
    }
  };
  for (const node of fieldNodesAt(info, path).nodes) collect(node.selectionSet);
  return names;
}

/** The field nodes the selection reaches at `path`, and the schema field they select (none when absent). */
function fieldNodesAt(
  info: GraphQLResolveInfo,
  path: readonly string[],
): { nodes: readonly FieldNode[]; field?: GraphQLField<unknown, unknown> } {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  let type: GraphQLOutputType = info.returnType;
  let field: GraphQLField<unknown, unknown> | undefined;
  for (const name of path) {
    field = fieldsOf(type)?.[name];
    if (!field) return { nodes: [] };
    nodes = nodes.flatMap((node) => childFields(node.selectionSet, name, info));
    if (!nodes.length) return { nodes: [] };
    type = field.type;
  }
  return { nodes, field };
}

function childFields(set: SelectionSetNode | undefined, name: string, info: GraphQLResolveInfo): FieldNode[] {
  const found: FieldNode[] = [];
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) {
      if (selection.name.value === name) found.push(selection);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      found.push(...childFields(selection.selectionSet, name, info));
    } else {
      const fragment = info.fragments[selection.name.value];
      if (fragment) found.push(...childFields(fragment.selectionSet, name, info));
    }
  }
  return found;
}

/**
 * The links of papers reached at `path` below the current field that the query
 * selects: `authors`, `topics`, `techniques` without a `role` filter and, when
 * `deep`, one page of the authors' papers (selected once, with a valid window).
 */
export function paperLinks(info: GraphQLResolveInfo, path: readonly string[] = [], deep = true): PaperLinks {
  const has = (name: string) => selections(info, [...path, name]);
  const fieldsAt = <F extends string>(all: readonly F[], at: readonly string[]) => {
    const names = selectedNames(info, [...path, ...at]);
    return all.filter((f) => names.has(f));
  };
  const links: PaperLinks = {
    fields: fieldsAt(PAPER_FIELDS, []),
    authors: has('authors').length > 0,
    topics: has('topics').length > 0,
    techniques: has('techniques').some((args) => args.role == null),
  };
  if (links.authors) links.authorFields = fieldsAt(AUTHOR_FIELDS, ['authors']);
  if (links.techniques) links.techniqueFields = fieldsAt(TECHNIQUE_FIELDS, ['techniques', 'technique']);
  const papers = deep && links.authors ? selections(info, [...path, 'authors', 'papers']) : [];
  if (papers.length === 1) {
    try {
      const window = windowFor(papers[0]);
      const { fields, topics, techniques, techniqueFields } = connectionPaperLinks(
        info,
        [...path, 'authors', 'papers'],
        false,
      );
      links.authorPapers = { window, links: { fields, topics, techniques, techniqueFields } };
    } catch {
      // Invalid arguments: the field itself answers with the error.
    }
  }
  return links;
}

/** `paperLinks` for the papers of a connection at `path` (default: the current field): `edges.node` or `nodes`. */
export function connectionPaperLinks(info: GraphQLResolveInfo, path: readonly string[] = [], deep = true): PaperLinks {
  const edges = paperLinks(info, [...path, 'edges', 'node'], deep);
  const nodes = paperLinks(info, [...path, 'nodes'], deep);
  const union = <F>(a: readonly F[] = [], b: readonly F[] = []) => [...new Set([...a, ...b])];
  return {
    fields: union(edges.fields, nodes.fields),
    authors: edges.authors || nodes.authors,
    authorFields: union(edges.authorFields, nodes.authorFields),
    topics: edges.topics || nodes.topics,
    techniques: edges.techniques || nodes.techniques,
    techniqueFields: union(edges.techniqueFields, nodes.techniqueFields),
    // Both places asking for authors' papers: left to the fields themselves.
    authorPapers: edges.authorPapers && nodes.authorPapers ? undefined : (edges.authorPapers ?? nodes.authorPapers),
  };
}
