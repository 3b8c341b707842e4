import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Context } from './context.js';
import { writeDenied } from './errors.js';
import { fieldCost } from './http/cost.js';
import { invalidArguments } from './schema/arg-checks.js';
import { pageSize } from './schema/pagination.js';

export type { Context } from './context.js';

/**
 * The schema builder: plugins, the Context type and the root types; nothing else.
 * - scope-auth: mutations require the `writer` scope (a configured bearer token).
 * - relay: Node interface, global ids, connections.
 * - dataloader: one batched query per type and nesting level.
 * - validation: zod schemas on arguments and inputs; every failure is one BAD_USER_INPUT naming
 *   the argument (`invalidArguments`). Page sizes are checked on every connection's `first`/`last`.
 * - complexity: the cost of each field (src/http/cost.ts); the limit is checked before execution
 *   by src/http/use-cost-limit.ts (so not per root field here: `disabled`).
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { writer: boolean };
  DefaultFieldNullability: false;
  Connection: { totalCount: number };
  Scalars: {
    ID: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date | string };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ValidationPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  validation: { validationError: (result) => invalidArguments(result.issues) },
  complexity: { fieldComplexity: fieldCost, disabled: true },
  scopeAuth: {
    authScopes: (context) => ({ writer: context.canWrite }),
    unauthorizedError: (_parent, context) => writeDenied(context),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Fetch any object by its global id (as returned in `id` fields).',
      args: { id: { description: 'A global id.' } },
    },
    nodesQueryOptions: {
      description: 'Fetch several objects by their global ids, in the order given.',
      args: { ids: { description: 'Global ids.' } },
    },
    nodeTypeOptions: { description: 'An object with a global id (Relay): Paper, Author, Topic or Technique.' },
    idFieldOptions: { description: 'Global id (Relay); opaque, stable, usable with `node(id:)`.' },
    pageInfoTypeOptions: { description: 'Where a page sits in the whole list.' },
    hasNextPageFieldOptions: { description: 'True when more items follow this page.' },
    hasPreviousPageFieldOptions: { description: 'True when items precede this page.' },
    startCursorFieldOptions: { description: 'Cursor of the first item on this page.' },
    endCursorFieldOptions: {
      description: 'Cursor of the last item on this page; pass it as `after` for the next page.',
    },
    firstArgOptions: { description: 'Page size, 0..100 (default 20).', validate: pageSize.first },
    afterArgOptions: { description: 'Return items after this cursor.' },
    lastArgOptions: { description: 'Page size from the end, 0..100; needs `before`.', validate: pageSize.last },
    beforeArgOptions: { description: 'Return items before this cursor.' },
    cursorFieldOptions: { description: 'Opaque position of this item; use it with `after` or `before`.' },
    nodeFieldOptions: { description: 'The item.' },
    edgesFieldOptions: { description: 'The items of this page, each with its cursor.' },
    pageInfoFieldOptions: { description: 'Paging information.' },
    defaultConnectionTypeOptions: { description: 'A page of a list, with its total size.' },
    defaultEdgeTypeOptions: { description: 'An item in a page, with its cursor.' },
  },
});

builder.queryType({
  description:
    'Relationship questions over the papers knowledge graph. Every answer can explain itself: ask for `path`, `reasons` or send `x-papergraph-explain: 1` to see the Cypher.',
});

builder.mutationType({
  description:
    'Changes to the graph. Every mutation needs a write token (`Authorization: Bearer <token>`) and runs as one transaction: all of it lands, or none.',
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list has, across all pages.',
    resolve: (parent) => parent.totalCount,
  }),
);
