import {
  type AcyclicRelation,
  type DerivedProperty,
  type InputOf,
  type Label,
  type LineageRelation,
  type MaintainedProperty,
  type NodeType,
  nodes,
  type Property,
  type PropertyType,
  type RelationshipType,
  relationships,
  type StructuralRelation,
  touchedAt,
} from './model.js';

/**
 * What the write and read sides need, computed once from the model
 * (src/graph/model.ts) at start: lists of labels and types, the row a node is
 * stored from, the Cypher that stores it, the projection that reads it. Never
 * per row: callers hold on to the precomputed lists and functions.
 */

const keys = <T extends object>(o: T) => Object.keys(o) as (keyof T & string)[];

export const labels: readonly Label[] = keys(nodes);
export const relationshipTypes: readonly RelationshipType[] = keys(relationships);
export const nodeTypes: readonly NodeType[] = labels.map((l) => nodes[l].record);
export const labelOf = Object.fromEntries(labels.map((l) => [nodes[l].record, l])) as Record<NodeType, Label>;
export const typeOf = Object.fromEntries(labels.map((l) => [l, nodes[l].record])) as Record<Label, NodeType>;

const has =
  <K extends string>(key: K) =>
  (t: RelationshipType) =>
    key in relationships[t];
/** The lineage relations, as a non-empty tuple (zod enums want one). */
export const lineageRelations = relationshipTypes.filter(has('lineage')) as [LineageRelation, ...LineageRelation[]];
export const structuralRelations = relationshipTypes.filter(has('listed')) as StructuralRelation[];
export const acyclicRelations = relationshipTypes.filter(has('acyclic')) as AcyclicRelation[];

/** The record type each end of a relationship must have. */
export const relationEnds = Object.fromEntries(
  relationshipTypes.map((t) => [t, { from: typeOf[relationships[t].from], to: typeOf[relationships[t].to] }]),
) as Record<RelationshipType, { from: NodeType; to: NodeType }>;

type AnyProperty = Property<never>;
const isMaintained = (p: AnyProperty): p is MaintainedProperty => 'maintained' in p;
const propertiesOf = (label: Label) => Object.entries(nodes[label].properties) as [string, AnyProperty][];

/** Input-derived properties of a label, in model order: [name, spec]. */
export const derivedProperties = Object.fromEntries(
  labels.map((l) => [l, propertiesOf(l).filter(([, p]) => 'from' in p)]),
) as Record<Label, [string, DerivedProperty<never>][]>;

/** Properties the graph maintains, per label: [name, spec]. */
export const maintainedProperties = Object.fromEntries(
  labels.map((l) => [l, propertiesOf(l).filter(([, p]) => isMaintained(p))]),
) as Record<Label, [string, MaintainedProperty][]>;

/** The Cypher that stores a parameter value `expr` as `type`. */
export function stored(type: PropertyType, expr: string): string {
  switch (type) {
    case 'int':
      return `toInteger(${expr})`;
    case 'float':
      return `toFloat(${expr})`;
    case 'date':
      return `date(${expr})`;
    case 'datetime':
      return `datetime(${expr})`;
    default:
      return expr;
  }
}

export type StoredRow = { id: string } & Record<string, unknown>;

/** Builds the row a node is stored from (`{id, ...each derived property}`), from its input. */
export function rowBuilder<L extends Label>(label: L): (input: InputOf<L>) => StoredRow {
  const derived = derivedProperties[label].map(([name, p]) => [name, p.from as (i: InputOf<L>) => unknown] as const);
  return (input) => {
    const row: StoredRow = { id: input.id };
    for (const [name, from] of derived) row[name] = from(input) ?? null;
    return row;
  };
}

/** Row builders per label. */
export const storedRow = {
  Author: rowBuilder('Author'),
  Topic: rowBuilder('Topic'),
  Technique: rowBuilder('Technique'),
  Paper: rowBuilder('Paper'),
} satisfies { [L in Label]: (input: InputOf<L>) => StoredRow };

/**
 * The SET items storing a row `r` (built by storedRow) on node `n`: every derived property,
 * converted to its type, and each maintained property kept (its initial value on a new node).
 */
export function setProperties(label: Label, n: string, r: string): string {
  return [
    ...derivedProperties[label].map(([name, p]) => `${n}.${name} = ${stored(p.type, `${r}.${name}`)}`),
    ...maintainedProperties[label].map(([name, p]) => `${n}.${name} = coalesce(${n}.${name}, ${p.initial})`),
  ].join(', ');
}

/**
 * The clause that stamps node `n` of `label` with the write's time (src/graph/model.ts touchedAt) when
 * its properties differ from `before` (its properties before the write), for labels that carry one;
 * '' for the others. Goes right after the SET that stores the node.
 */
export function touch(label: Label, n: string, before: string): string {
  const property = (touchedAt as Partial<Record<Label, string>>)[label];
  if (!property) return '';
  return `SET ${n}.${property} = CASE WHEN ${before} <> properties(${n}) THEN datetime() ELSE ${n}.${property} END`;
}

/** The SET items recomputing every maintained property of node `n`. */
export function recount(label: Label, n: string): string {
  return maintainedProperties[label].map(([name, p]) => `${n}.${name} = ${p.maintained(n)}`).join(', ');
}

/** The relationship properties set on every write / only on create, from row `r` on relationship `e`. */
export function setRelationship(type: RelationshipType, e: string, r: string): { always: string; onCreate: string } {
  const props = Object.entries(relationships[type].properties) as [string, { type: PropertyType; onCreate?: true }][];
  const items = (create: boolean) =>
    props
      .filter(([, p]) => Boolean(p.onCreate) === create)
      .map(([name, p]) => `${e}.${name} = ${stored(p.type, create ? `coalesce(${r}.${name}, $now)` : `${r}.${name}`)}`)
      .join(', ');
  return { always: items(false), onCreate: items(true) };
}

/** The properties of label L the read side projects (all but the `internal` ones). */
export type ReadableProperty<L extends Label> = {
  [K in keyof (typeof nodes)[L]['properties']]: (typeof nodes)[L]['properties'][K] extends { internal: true }
    ? never
    : K;
}[keyof (typeof nodes)[L]['properties']] &
  string;

/**
 * How the read side projects each property an API field reads, per label, in model order: the
 * stored property's name when it is read as stored, else a Cypher expression over node variable
 * `v` (`toString(v.published)`, `coalesce(v.citationCount, 0)`, …). Internal properties
 * (`titleLower`, `aliasText`, …) are left out. The stores' row tables (src/db/stores/*-rows.ts)
 * are these, so a property added to the model is projected with no other edit.
 */
export const propertyReads = Object.fromEntries(
  labels.map((l) => [
    l,
    Object.fromEntries(
      propertiesOf(l)
        .filter(([, p]) => !('internal' in p))
        .map(([name, p]) => [name, p.read ?? name]),
    ),
  ]),
) as { [L in Label]: Record<ReadableProperty<L>, string | ((v: string) => string)> };

/** The input of any label. */
export type AnyInput = InputOf<Label>;

/** The row `input` of `label` is stored from. */
export const rowOf = (label: Label, input: AnyInput): StoredRow =>
  (storedRow[label] as (i: AnyInput) => StoredRow)(input);

export interface ListedRelation {
  type: StructuralRelation;
  /** The ids the owner's input lists. */
  refs: (input: AnyInput) => readonly string[];
  /** The relationship property numbering them in list order, if any. */
  position?: string;
  /** The owner is the relationship's end node (AUTHORED: Author → Paper, listed by the paper). */
  inbound: boolean;
}

/** Per node record type: the structural relations its record lists. */
export const listedRelations = Object.fromEntries(
  labels.map((label) => [
    nodes[label].record,
    structuralRelations
      .filter((t) => relationships[t].listed.owner === label)
      .map((t): ListedRelation => {
        const spec = relationships[t];
        return {
          type: t,
          refs: spec.listed.refs as (input: AnyInput) => readonly string[],
          position: 'position' in spec.listed ? spec.listed.position : undefined,
          inbound: 'inbound' in spec.listed,
        };
      }),
  ]),
) as Record<NodeType, ListedRelation[]>;

/** Per lineage relation: its properties in model order, [name, spec]. */
export const edgeProperties = Object.fromEntries(
  lineageRelations.map((t) => [t, Object.entries(relationships[t].properties)]),
) as Record<LineageRelation, [string, { type: PropertyType; onCreate?: true }][]>;
