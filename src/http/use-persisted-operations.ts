import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { GraphQLParams, Plugin } from 'graphql-yoga';
import type { RedisLink } from '../cache/redis.js';
import type { PersistedOperationsConfig } from '../config.js';
import { httpError } from '../errors.js';
import { type Manifest, manifestDocument, sha256 } from '../persisted/manifest.js';
import { memoryRegistry, type Registry, redisRegistry } from '../persisted/registry.js';

/**
 * Persisted operations (trusted documents) with @graphql-yoga/plugin-persisted-operations:
 * a request names its document by APQ (`extensions.persistedQuery.sha256Hash`) or
 * `documentId` (`sha256:<hex>` or the bare hex; in a GET, a query parameter).
 * Ids resolve from the manifest (operations.json), and with `allow` also from APQ
 * registrations: a request carrying the document and its hash registers it.
 */

const HEX = /^(?:sha256:)?([0-9a-f]{64})$/;

/** The persisted-operation id a request names, or null. */
export function persistedOperationId(
  params: GraphQLParams & { documentId?: unknown },
  request: Request,
): string | null {
  const apq = (params.extensions?.persistedQuery ?? undefined) as
    | { version?: unknown; sha256Hash?: unknown }
    | undefined;
  const raw =
    (apq?.version === 1 && typeof apq.sha256Hash === 'string' ? apq.sha256Hash : undefined) ??
    (typeof params.documentId === 'string' ? params.documentId : undefined) ??
    (request.method === 'GET' ? new URL(request.url).searchParams.get('documentId') : null);
  return raw ? (HEX.exec(raw)?.[1] ?? raw) : null;
}

/** Where a persisted-operation id is looked up: the manifest, and with `allow` the APQ registrations. */
export interface PersistedSources {
  mode: PersistedOperationsConfig['mode'];
  manifest: Manifest;
  registry?: Registry;
}

/** The document `id` names, as these plugins resolve it (the response cache's early lookup asks the same). */
export const persistedDocument = async ({ mode, manifest, registry }: PersistedSources, id: string) =>
  manifestDocument(manifest, id) ?? (mode === 'allow' ? await registry?.get(id) : undefined);

/** Where APQ registrations live: Redis when the cache has it (shared by replicas), else this process's memory. */
export const apqRegistry = (config: PersistedOperationsConfig, redis: RedisLink | undefined): Registry =>
  redis ? redisRegistry(redis, config.maxRegistered) : memoryRegistry(config.maxRegistered);

/**
 * `manifest`: the config's manifest file, read once by the app; `registry`: the APQ registrations
 * (apqRegistry). The response cache resolves ids from both too (src/http/early-hit.ts).
 */
export function persistedOperationPlugins(
  config: PersistedOperationsConfig,
  manifest: Manifest,
  registry: Registry,
): Plugin[] {
  if (config.mode === 'off') return [];
  const register: Plugin = {
    async onParams({ params, request }) {
      if (!params || typeof params !== 'object') return; // yoga answers a batch entry that is not an operation
      const id = persistedOperationId(params, request);
      if (!id || !params.query) return;
      if (config.mode === 'only') throw httpError('PERSISTED_QUERY_REQUIRED');
      if (sha256(params.query) !== id)
        throw httpError('BAD_REQUEST', 'The persisted operation id is not the sha256 of the document sent with it.');
      if (params.query.length <= config.maxBytes && !manifestDocument(manifest, id))
        await registry.register(id, params.query);
    },
  };
  const resolve = usePersistedOperations({
    allowArbitraryOperations: config.mode === 'allow',
    extractPersistedOperationId: (params, request) => persistedOperationId(params, request),
    getPersistedOperation: async (id) =>
      (await persistedDocument({ mode: config.mode, manifest, registry }, id)) ?? null,
    customErrors: {
      notFound: () => httpError('PERSISTED_QUERY_NOT_FOUND'),
      keyNotFound: () =>
        httpError('BAD_REQUEST', 'Send a GraphQL document (`query`), a `documentId` or an APQ `sha256Hash`.'),
      persistedQueryOnly: () => httpError('PERSISTED_QUERY_REQUIRED'),
    },
  });
  const onParams = resolve.onParams;
  return [
    register,
    {
      ...resolve,
      // The plugin reads `params.query` unguarded; yoga answers a batch entry that is not an operation.
      onParams: (payload) => (payload.params && typeof payload.params === 'object' ? onParams?.(payload) : undefined),
    },
  ];
}
