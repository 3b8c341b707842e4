import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import { bearerToken, isWriteToken } from './auth.js';
import { CacheRuntime } from './cache/runtime.js';
import type { Config } from './config.js';
import type { Context } from './context.js';
import { type Driver, isReachable } from './db/driver.js';
import { Executor, type QueryLogEntry } from './db/executor.js';
import { createStores } from './db/stores.js';
import { examples } from './examples.js';
import { documentCaches } from './http/document-caches.js';
import { limitPlugins } from './http/limits.js';
import { maskErrors } from './http/mask-error.js';
import type { RequestMetrics } from './http/metrics.js';
import { renderGraphiQL, usePages } from './http/pages.js';
import { useArgumentNames } from './http/use-argument-names.js';
import { useCsrf } from './http/use-csrf.js';
import { useExplain } from './http/use-explain.js';
import { useMetrics } from './http/use-metrics.js';
import { apqRegistry, persistedOperationPlugins } from './http/use-persisted-operations.js';
import { useRequestLog } from './http/use-request-log.js';
import { useResponseCache } from './http/use-response-cache.js';
import { useResultFormat } from './http/use-result-format.js';
import { useStatusEndpoints } from './http/use-status-endpoints.js';
import { useWriteGuard } from './http/use-write-guard.js';
import type { Logger } from './logger.js';
import { readManifest } from './persisted/manifest.js';
import { schema } from './schema/index.js';

export interface AppOptions {
  driver: Driver;
  config: Pick<
    Config,
    | 'neo4j'
    | 'writeTokens'
    | 'graphiql'
    | 'pages'
    | 'introspection'
    | 'corsOrigins'
    | 'limits'
    | 'cache'
    | 'persistedOperations'
  >;
  logger: Logger;
  /** Called with every query any request runs (tests count round trips with it). */
  onQuery?: (entry: QueryLogEntry) => void;
  /** Prometheus metrics (METRICS=true), fed by every request; served by src/http/metrics-server.ts. */
  metrics?: RequestMetrics;
}

export type App = YogaServerInstance<Record<string, never>, Context>;

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

/** Build the yoga app (no listening): schema, context, errors, health and readiness. */
export function createApp({ driver, config, logger, onQuery, metrics }: AppOptions): App {
  const executor = new Executor(driver, {
    database: config.neo4j.database,
    txTimeoutMs: config.neo4j.txTimeoutMs,
    onQuery,
    onSession: metrics?.sessionDelta,
  });
  const startedAt = new Date().toISOString();
  const cache = new CacheRuntime(config.cache, executor, logger);
  const persisted = config.persistedOperations;
  const manifest = persisted.mode === 'off' ? {} : readManifest(persisted.file);
  const registry = apqRegistry(persisted, cache.redis);

  return createYoga<Record<string, never>, Context>({
    schema,
    logging: false,
    graphqlEndpoint: '/graphql',
    healthCheckEndpoint: '/livez',
    landingPage: false,
    batching: { limit: config.limits.batch },
    // useBodyLimit (src/http/limits.ts) enforces LIMIT_BODY_BYTES: declared lengths before reading, chunked bodies while streaming.
    maxRequestBodySize: false,
    parserAndValidationCache: documentCaches(),
    // Cross-origin access only for configured dashboards; none by default.
    cors: config.corsOrigins.length ? { origin: config.corsOrigins, methods: ['GET', 'POST'] } : false,
    graphiql: config.graphiql
      ? { title: 'papergraph', defaultQuery: examples.defaultQuery, defaultTabs: examples.tabs }
      : false,
    // GraphiQL with every asset served by papergraph (src/http/pages.ts), not yoga's CDN page.
    renderGraphiQL,
    context: ({ request }) => {
      const queries: QueryLogEntry[] = [];
      const token = bearerToken(request.headers.get('authorization'));
      // The URL is parsed only when it can name the flag (most requests are a POST to /graphql).
      const explainFlag =
        request.headers.get('x-papergraph-explain') ??
        (request.url.includes('explain') ? new URL(request.url).searchParams.get('explain') : null);
      return {
        stores: createStores(executor.withListener((entry) => queries.push(entry))),
        queries,
        explain: explainFlag === '1' || explainFlag === 'true',
        canWrite: isWriteToken(token, config.writeTokens),
        presentedToken: token !== undefined,
        writesEnabled: config.writeTokens.length > 0,
      };
    },
    maskedErrors: { maskError: maskErrors(logger) },
    plugins: [
      // Before the rest: /explore, /dashboard and /assets/* are pages, not GraphQL requests.
      ...(config.graphiql || config.pages ? [usePages({ pages: config.pages })] : []),
      ...(config.introspection ? [] : [useDisableIntrospection()]),
      // Browsers cannot send a cross-site "simple" request: GET needs a JSON content type or this header
      // (or names a persisted operation: src/http/use-csrf.ts says why that is safe).
      useCsrf(config.persistedOperations.mode !== 'off'),
      // Before the response cache: it keys the document a persisted id resolves to.
      ...persistedOperationPlugins(persisted, manifest, registry),
      ...limitPlugins(config.limits),
      useWriteGuard(),
      useRequestLog(logger),
      ...(metrics ? [useMetrics(metrics)] : []),
      useExplain(),
      // Accept: text/csv or application/x-bibtex on a list (README "Dashboards").
      useResultFormat(),
      useArgumentNames(),
      // A hit skips parsing and validation: it exists only for a document, variables and auth that passed them before.
      useResponseCache(cache, {
        onLookup: metrics?.recordCacheLookup,
        persisted: { mode: persisted.mode, manifest, registry },
      }),
      useStatusEndpoints({
        '/health': () => json({ status: 'ok', startedAt, uptimeSeconds: Math.round(process.uptime()) }),
        '/ready': async () => {
          const ok = await isReachable(driver, config.neo4j.database);
          return json({ ready: ok, neo4j: ok ? 'reachable' : 'unreachable' }, ok ? 200 : 503);
        },
      }),
    ],
  });
}
