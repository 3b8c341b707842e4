import { schema } from '../../src/schema/index.js';

/** Duck-typed schema shapes (graphql may be loaded twice under the test runner: no instanceof). */
interface Type {
  name: string;
  ofType?: Type;
  getFields?: () => Record<string, Field>;
  getTypes?: () => unknown[];
  getInterfaces?: () => { name: string }[];
}
interface Field {
  name: string;
  type: Type;
  args: readonly { type: Type; defaultValue: unknown }[];
  extensions: { prefetch?: unknown };
}

const named = (type: Type): Type => (type.ofType ? named(type.ofType) : type);
const isNode = (type: Type) => (type.getInterfaces?.() ?? []).some((i) => i.name === 'Node');
const needsArgs = (field: Field) =>
  field.args.some((a) => String(a.type).endsWith('!') && a.defaultValue === undefined);

/**
 * A selection of everything below `type` a client could read without arguments: the fields of
 * objects that are not nodes (connections, edges, usages) and the scalars of nodes, so the
 * selection reaches no further relation than the one under test.
 */
export function selectionOf(type: Type): string {
  const fields = named(type).getFields?.();
  if (!fields) return '';
  const parts: string[] = [];
  for (const field of Object.values(fields)) {
    if (needsArgs(field)) continue;
    const inner = named(field.type);
    if (inner.getTypes) continue;
    if (!inner.getFields) parts.push(field.name);
    else if (!isNode(named(type))) parts.push(`${field.name} ${selectionOf(inner)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

/** Every field of the schema whose relation is declared prefetchable, with a selection of it. */
export function prefetchableRelations(): { type: string; field: string; selection: string }[] {
  const found: { type: string; field: string; selection: string }[] = [];
  for (const type of Object.values(schema.getTypeMap()) as unknown as Type[]) {
    if (type.name.startsWith('__') || !type.getFields || type.getTypes) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.extensions?.prefetch)
        found.push({ type: type.name, field: field.name, selection: selectionOf(field.type) });
    }
  }
  return found;
}
