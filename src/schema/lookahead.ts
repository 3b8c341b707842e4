import {
  type FieldNode,
  type GraphQLField,
  type GraphQLResolveInfo,
  getArgumentValues,
  getNamedType,
  isObjectType,
  Kind,
  type SelectionSetNode,
} from 'graphql';
import type { PaperLinks } from '../db/stores/rows.js';
import { windowFor } from './pagination.js';

/**
 * Look ahead from the field being resolved: every place its selection reaches
 * `path` (child field names, through fragments and inline fragments), as the
 * argument values given there. Resolvers use it to fetch the links a query asks
 * for in the same Cypher as the rows they hang off — one round trip instead of
 * one per level. `@skip`/`@include` are not evaluated: a skipped field is
 * fetched and left unused, never the other way round.
 */
export function selections(info: GraphQLResolveInfo, path: readonly string[]): Record<string, unknown>[] {
  let nodes: readonly FieldNode[] = info.fieldNodes;
  let type = getNamedType(info.returnType);
  let field: GraphQLField<unknown, unknown> | undefined;
  for (const name of path) {
    if (!isObjectType(type)) return [];
    field = type.getFields()[name];
    if (!field) return [];
    nodes = nodes.flatMap((node) => childFields(node.selectionSet, name, info));
    if (!nodes.length) return [];
    type = getNamedType(field.type);
  }
  const last = field;
  if (!last) return [];
  return nodes.map((node) => getArgumentValues(last, node, info.variableValues));
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
  const links: PaperLinks = {
    authors: has('authors').length > 0,
    topics: has('topics').length > 0,
    techniques: has('techniques').some((args) => args.role == null),
  };
  const papers = deep && links.authors ? selections(info, [...path, 'authors', 'papers']) : [];
  if (papers.length === 1) {
    try {
      const window = windowFor(papers[0]);
      const { topics, techniques } = connectionPaperLinks(info, [...path, 'authors', 'papers'], false);
      links.authorPapers = { window, links: { topics, techniques } };
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
  return {
    authors: edges.authors || nodes.authors,
    topics: edges.topics || nodes.topics,
    techniques: edges.techniques || nodes.techniques,
    // Both places asking for authors' papers: left to the fields themselves.
    authorPapers: edges.authorPapers && nodes.authorPapers ? undefined : (edges.authorPapers ?? nodes.authorPapers),
  };
}
