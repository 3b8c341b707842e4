import SchemaBuilder from '@pothos/core';
import DataloaderPlugin from '@pothos/plugin-dataloader';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import ValidationPlugin from '@pothos/plugin-validation';
import type { Context } from './context.js';
import { badInput, forbidden, unauthenticated } from './errors.js';

export type { Context } from './context.js';

/**
 * The schema builder: plugins, the Context type and the root types; nothing else.
 * - scope-auth: mutations require the `writer` scope (a configured bearer token).
 * - relay: Node interface, global ids, connections.
 * - dataloader: one batched query per type and nesting level.
 * - validation: zod schemas on arguments and inputs.
 */
export const builder = new SchemaBuilder<{
  Context: Context;
  AuthScopes: { writer: boolean };
  DefaultFieldNullability: false;
  Connection: { totalCount: number };
  Scalars: {
    ID: { Input: string; Output: string };
  };
}>({
  plugins: [ScopeAuthPlugin, RelayPlugin, DataloaderPlugin, ValidationPlugin],
  defaultFieldNullability: false,
  validation: {
    validationError: (result) =>
      badInput(
        `Invalid arguments: ${result.issues.map((i) => `${i.path?.map((p) => (typeof p === 'object' ? p.key : p)).join('.') || 'input'}: ${i.message}`).join('; ')}`,
      ),
  },
  scopeAuth: {
    authScopes: (context) => ({ writer: context.canWrite }),
    unauthorizedError: (_parent, context) => {
      if (!context.writesEnabled)
        return forbidden('Writes are disabled: no write token is configured on this server (PAPERGRAPH_WRITE_TOKENS).');
      if (!context.presentedToken)
        return unauthenticated('This mutation needs a write token: send `Authorization: Bearer <token>`.');
      return forbidden('The bearer token is not a valid write token.');
    },
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodeQueryOptions: {
      description: 'Fetch any object by its global id (as returned in `id` fields).',
    },
    nodesQueryOptions: {
      description: 'Fetch several objects by their global ids, in the order given.',
    },
  },
});

builder.queryType({
  description:
    'Relationship questions over the papers knowledge graph. Every answer can explain itself: ask for `path`, `reasons` or send `x-papergraph-explain: 1` to see the Cypher.',
});

builder.globalConnectionField('totalCount', (t) =>
  t.int({
    description: 'How many items the whole list has, across all pages.',
    resolve: (parent) => parent.totalCount,
  }),
);
