import type { Query } from './executor.js';

/**
 * Prefetch, the Cypher side: how rows of a node type are projected, and the
 * relations ("links") fetched inside the projection of the rows they hang off,
 * so a nested GraphQL selection costs one round trip. Which links a query
 * fetches is decided once, from the selection, in src/schema/lookahead.ts.
 */

/**
 * The ONE table of a node type: its `__type`, and for every property a row of it
 * may carry, the Cypher that reads it — the stored property's name, or an
 * expression over the node variable `v`. `id` is always read.
 */
export interface Table {
  type: string;
  properties: Readonly<Record<string, string | ((v: string) => string)>>;
}

/** What a fetch reads for the rows at one place of the selection. */
export interface Plan {
  /** Properties to project besides `id` (all when absent). */
  properties?: readonly string[];
  /** Links fetched with each row, each into `row[slot]`. */
  links: readonly PlannedLink[];
  /** Named yes/no choices a link's Cypher may depend on (e.g. whether shared papers are selected). */
  flags: Readonly<Record<string, boolean>>;
}

/** Everything, no links: what rows get when nobody planned for them. */
export const FULL: Plan = { links: [], flags: {} };

export interface PlannedLink {
  slot: string;
  link: Link;
  /** The input the link's parameters are made from (its argument key, see lookahead.ts). */
  input: unknown;
  /** The plan of the rows the link reaches. */
  plan: Plan;
}

/** A relation fetched inside its parent's projection. */
export interface Link<Input = never> {
  /** The table of the rows it reaches, projected with the nested plan through `Nest.project`. */
  target?: Table;
  /** A Cypher expression over the parent node `v` (a COLLECT subquery or a map of them); with `call`, see there. */
  cypher(v: string, n: Nest): string;
  /**
   * The Cypher is the body of a `CALL (v) { … }` that returns one column named `n.v('value')`:
   * for links that aggregate, which Neo4j refuses inside an expression next to the parent's
   * projection ("implicit grouping expressions"), even inside a COLLECT or CALL nested in it.
   * So such a link is prefetched only for a query's top-level rows, whose query places it with
   * `calls` before its RETURN; below other links it is left to its batched fallback.
   */
  call?: boolean;
  /** The values of the parameters the Cypher names with `Nest.param`. */
  params?(input: Input): Record<string, unknown>;
  /**
   * A literal part of the Cypher chosen by the input, for what Cypher takes no parameter for (a
   * variable-length bound): the Cypher reads it as `Nest.variant`, and it names and keys the query
   * variant. It must come from a whitelist, never the input's text: the input is the caller's.
   */
  variant?(input: Input): string;
}

/** Names unique to one link's place in a query, and the projection of what it reaches. */
export interface Nest {
  v(name: string): string;
  param(name: string): string;
  project(w: string, extra?: string): string;
  flag(name: string): boolean;
  /**
   * Whether the selection reads `name` (a flag of the link): true when its flag is set, and when
   * nobody planned the rows (the FULL plan: everything) — for values a link may leave out.
   */
  reads(name: string): boolean;
  /** The link's `variant` for its input, or ''. */
  variant: string;
}

const scoped = (scope: string, slot: string) => (scope ? `${scope}_${slot}` : slot);

/** The variant of a planned link (see `Link.variant`), or ''. */
const variantOf = (link: PlannedLink) => link.link.variant?.(link.input as never) ?? '';

function nest(link: PlannedLink, scope: string): Nest {
  return {
    v: (name) => `${name}_${scope}`,
    param: (name) => `$${scope}_${name}`,
    project: (w, extra) => {
      if (!link.link.target) throw new Error(`link ${link.slot} has no target table`);
      return project(link.link.target, w, link.plan, extra, scope);
    },
    flag: (name) => link.plan.flags[name] === true,
    reads: (name) => link.plan.properties === undefined || link.plan.flags[name] === true,
    variant: variantOf(link),
  };
}

/** The Cypher of a planned link, as it reads at `scope` (the slot path from the query's rows). */
const linkCypher = (link: PlannedLink, v: string, scope: string) => link.link.cypher(v, nest(link, scope));

/** The value of a planned link in its parent's projection: its expression, or the variable its CALL binds. */
const linkValue = (link: PlannedLink, v: string, scope: string) =>
  link.link.call ? nest(link, scope).v('value') : linkCypher(link, v, scope);

/** The CALL clauses the projection of `v` per `plan` needs before it (for its `call` links), or ''. */
export function calls(v: string, plan: Plan = FULL, scope = ''): string {
  return plan.links
    .filter((link) => link.link.call)
    .map((link) => `CALL (${v}) { ${linkCypher(link, v, scoped(scope, link.slot))} }`)
    .join('\n');
}

/** The map projection of node `v` per `table`: `id`, the planned properties, then the links and `extra` entries. */
export function project(table: Table, v: string, plan: Plan = FULL, extra = '', scope = ''): string {
  const entries = ['.id'];
  for (const [name, read] of Object.entries(table.properties)) {
    if (plan.properties && !plan.properties.includes(name)) continue;
    entries.push(
      typeof read === 'function' ? `${name}: ${read(v)}` : read === name ? `.${name}` : `${name}: ${v}.${read}`,
    );
  }
  for (const link of plan.links) entries.push(`${link.slot}: ${linkValue(link, v, scoped(scope, link.slot))}`);
  if (extra) entries.push(extra);
  return `${v} { __type: '${table.type}', ${entries.join(', ')} }`;
}

/** The parameters a plan's links need, named as `Nest.param` names them. */
export function planParams(plan: Plan = FULL, scope = ''): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const link of plan.links) {
    const at = scoped(scope, link.slot);
    for (const [name, value] of Object.entries(link.link.params?.(link.input as never) ?? {})) {
      params[`${at}_${name}`] = value;
    }
    Object.assign(params, planParams(link.plan, at));
  }
  return params;
}

/**
 * A stable suffix naming the links (with their variants) and flags a query fetches, for query
 * names: `+authors(+papers(+techniques))`, `+ancestors[4]`.
 */
export function planName(plan: Plan = FULL): string {
  const flags = Object.keys(plan.flags)
    .filter((f) => plan.flags[f])
    .sort()
    .map((f) => `+${f}`);
  const links = [...plan.links]
    .sort((a, b) => a.slot.localeCompare(b.slot))
    .map((l) => {
      const variant = variantOf(l);
      return `+${l.slot}${variant ? `[${variant}]` : ''}${planName(l.plan) ? `(${planName(l.plan)})` : ''}`;
    });
  return [...links, ...flags].join('');
}

/** What tells two query variants apart: links (with their variants) and flags, and the projected properties (in any order). */
export function planKey(plan: Plan = FULL): string {
  const shape = (p: Plan): unknown => [
    p.properties ? [...p.properties].sort() : null,
    Object.keys(p.flags)
      .filter((f) => p.flags[f])
      .sort(),
    [...p.links].sort((a, b) => a.slot.localeCompare(b.slot)).map((l) => [l.slot, variantOf(l), shape(l.plan)]),
  ];
  return JSON.stringify(shape(plan));
}

/**
 * A bounded cache of query variants: selections choose links and properties, so the number
 * of variants is finite but large; past `max` entries a variant is built per use, not kept.
 */
export function variantCache(max = 500) {
  const cache = new Map<string, Query>();
  return (key: string, build: () => Query): Query => {
    const hit = cache.get(key);
    if (hit) return hit;
    const query = build();
    if (cache.size < max) cache.set(key, query);
    return query;
  };
}

/**
 * A query per plan: `build(plan)` is the Cypher, named `name` plus the plan's links; built
 * once per variant. `planParams(plan)` gives the parameters its links need.
 */
export function planned(name: string, build: (plan: Plan) => string): (plan?: Plan) => Query {
  const built = variantCache();
  return (plan = FULL) => built(planKey(plan), () => ({ name: `${name}${planName(plan)}`, cypher: build(plan) }));
}

/** The query fetching one link alone for many parents, and the parameters it needs. */
export interface LinkQuery<Input = never> {
  /** The query for the plan below the link; the input chooses the link's variant, if it has any. */
  query(plan?: Plan, input?: Input): Query;
  params(plan?: Plan, input?: Input): Record<string, unknown>;
}

/**
 * The query fetching `link` alone for many parents (the batched fallback when a parent did
 * not prefetch it): `owner` matches the parent node `v` from `id`; rows `{key, value}`. One
 * query per variant and plan, named `name`, then `-` and the variant, then the plan's links.
 */
export function linkQuery<Input>(name: string, owner: string, v: string, link: Link<Input>): LinkQuery<Input> {
  const at = (plan: Plan, input?: Input): PlannedLink => ({ slot: 'value', link: link as Link, input, plan });
  const built = variantCache();
  return {
    query: (plan = FULL, input) => {
      const alone = at(plan, input);
      const variant = variantOf(alone);
      return built(`${variant}|${planKey(plan)}`, () => ({
        name: `${name}${variant ? `-${variant}` : ''}${planName(plan)}`,
        cypher: `UNWIND $ids AS id MATCH ${owner} ${calls(v, { links: [alone], flags: {} })}
         RETURN id AS key, ${linkValue(alone, v, 'value')} AS value`,
      }));
    },
    params: (plan = FULL, input) => planParams({ links: [at(plan, input)], flags: {} }),
  };
}
