import path from 'node:path';
import { z } from 'zod';

/**
 * The one place that reads process.env. Everything is parsed with zod once at
 * start-up; a bad value fails fast with every problem listed at once.
 */

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const port = z.coerce.number().int().min(0).max(65535);
const positiveInt = z.coerce.number().int().positive();
const memSize = z
  .string()
  .regex(/^\d+[kmg]$/i, 'a size such as 512m or 1g')
  .transform((v) => v.toLowerCase());

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: port.default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['auto', 'pretty', 'json']).default('auto'),

  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'a bolt://, neo4j://, neo4j+s:// or bolt+s:// URI')
    .optional(),
  NEO4J_USER: z.string().min(1).default('neo4j'),
  NEO4J_PASSWORD: z.string().min(8, 'Neo4j requires at least 8 characters').default('papergraph'),
  NEO4J_DATABASE: z.string().min(1).default('neo4j'),
  NEO4J_MAX_POOL_SIZE: positiveInt.default(100),
  NEO4J_TX_TIMEOUT_MS: positiveInt.default(15_000),
  NEO4J_ACQUIRE_TIMEOUT_MS: positiveInt.default(5_000),

  NEO4J_VERSION: z
    .string()
    .regex(/^5\.26\.\d+$/, 'a 5.26.x version (the LTS line that runs on Java 17)')
    .default('5.26.30'),
  NEO4J_BOLT_PORT: port.default(7687),
  NEO4J_HEAP: memSize.default('1g'),
  NEO4J_PAGECACHE: memSize.default('512m'),
  PAPERGRAPH_HOME: z.string().min(1).default('.papergraph'),
  NEO4J_DATA_DIR: z.string().min(1).optional(),
  NEO4J_HOME_DIR: z.string().min(1).optional(),
  NEO4J_START_TIMEOUT_MS: positiveInt.default(180_000),
  NEO4J_CLASS_SHARING: bool.default(true),

  SEED_ON_START: bool.default(true),
  LINK_ON_LOAD: bool.default(true),
  PAPERGRAPH_WRITE_TOKENS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().min(16, 'write tokens must be at least 16 characters'))),
  GRAPHIQL: bool.optional(),
  PAGES: bool.optional(),
  INTROSPECTION: bool.optional(),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.url('each CORS origin must be a URL such as https://dash.example.com'))),
  LIMIT_DEPTH: positiveInt.default(12),
  LIMIT_COST: positiveInt.default(20_000),
  LIMIT_ALIASES: positiveInt.default(15),
  LIMIT_TOKENS: positiveInt.default(2_000),
  LIMIT_DIRECTIVES: positiveInt.default(10),
  LIMIT_BATCH: positiveInt.default(10),
  LIMIT_BODY_BYTES: positiveInt.default(100_000),
  // GET /metrics (Prometheus) on its own loopback port; off unless METRICS=true.
  METRICS: bool.default(false),
  METRICS_PORT: port.default(9464),
  /** Test hook: a source-format import SIGKILLs itself after this many committed work batches. */
  PAPERGRAPH_IMPORT_KILL_AFTER_BATCH: positiveInt.optional(),

  CACHE: bool.default(true),
  CACHE_TTL_MS: positiveInt.default(300_000),
  CACHE_MAX_ENTRIES: positiveInt.default(10_000),
  CACHE_MAX_BYTES: positiveInt.default(64 * 1024 * 1024),
  CACHE_MAX_STALENESS_MS: positiveInt.default(1_000),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\/.+/, 'a redis:// or rediss:// URL')
    .optional(),
  HTTP_CACHE_MAX_AGE: z.coerce.number().int().min(0).optional(),
  PERSISTED_OPERATIONS: z.enum(['only', 'allow', 'off']).default('allow'),
  PERSISTED_OPERATIONS_FILE: z.string().min(1).default('operations.json'),
  PERSISTED_OPERATIONS_MAX: positiveInt.default(1_000),
  PERSISTED_OPERATIONS_MAX_BYTES: positiveInt.default(10_000),
});

export type Env = z.input<typeof envSchema>;

export interface LocalNeo4jConfig {
  version: string;
  boltPort: number;
  heap: string;
  pageCache: string;
  /** Cache of resolved jars: <cacheDir>/neo4j/<version>/lib. */
  cacheDir: string;
  /** Neo4j home (conf, logs, run). */
  homeDir: string;
  dataDir: string;
  startTimeoutMs: number;
  /** Class-data sharing for the JVM: record an archive on the first clean stop, map it after (class-sharing.ts). */
  classSharing: boolean;
  user: string;
  password: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** How the command-line programs log: readable lines (`pretty`), JSON lines, or `auto` (pretty on a TTY). */
  logFormat: 'auto' | 'pretty' | 'json';
  neo4j: {
    /** Set when papergraph talks to an existing server and provisions nothing. */
    uri?: string;
    user: string;
    password: string;
    database: string;
    maxPoolSize: number;
    txTimeoutMs: number;
    acquireTimeoutMs: number;
  };
  local: LocalNeo4jConfig;
  seedOnStart: boolean;
  /** Run the linker after the seed loads at start (LINK_ON_LOAD; `npm start -- --no-link` also skips it). */
  linkOnLoad: boolean;
  writeTokens: string[];
  graphiql: boolean;
  /** The browser pages /explore and /dashboard (src/http/pages.ts). */
  pages: boolean;
  introspection: boolean;
  /** Origins allowed by CORS; empty = no cross-origin access. */
  corsOrigins: string[];
  limits: Limits;
  /** Prometheus metrics on 127.0.0.1:<port>/metrics, only when enabled. */
  metrics: { enabled: boolean; port: number };
  /** Test hook (PAPERGRAPH_IMPORT_KILL_AFTER_BATCH): kill a source-format import after this many batches. */
  importKillAfterBatch?: number;
  cache: CacheConfig;
  persistedOperations: PersistedOperationsConfig;
}

/** The response cache and HTTP caching (README "Dashboards"). */
export interface CacheConfig {
  enabled: boolean;
  ttlMs: number;
  maxEntries: number;
  /** Bound on the in-memory store's total size (JSON characters). */
  maxBytes: number;
  /** Writes by other processes are seen within this; the graph version is read at most this often. */
  maxStalenessMs: number;
  /** Shared cache, APQ registrations and version bumps through Redis when set. */
  redisUrl?: string;
  /** `Cache-Control: public, max-age=…` on anonymous GET queries when set. */
  httpMaxAgeSeconds?: number;
}

/** Trusted documents: `only` refuses other documents, `allow` also runs them and registers APQ, `off` ignores ids. */
export interface PersistedOperationsConfig {
  mode: 'only' | 'allow' | 'off';
  /** The manifest written by `npm run operations:extract` (sha256 → document). */
  file: string;
  /** APQ registrations kept (in memory, or in Redis). */
  maxRegistered: number;
  /** Largest document APQ registers. */
  maxBytes: number;
}

/** Per-request limits; each rejection is a coded error. */
export interface Limits {
  /** Deepest selection nesting. */
  depth: number;
  /** Largest estimated cost of an operation: page sizes, traversal depths and list bounds multiplied down the selection (src/http/cost.ts). */
  cost: number;
  aliases: number;
  tokens: number;
  directives: number;
  /** Operations in one batched request (a JSON array body). */
  batch: number;
  /** Largest request body, in bytes. */
  bodyBytes: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * This process's environment with `overrides` on top (and `defaults` under it, for variables it
 * does not set): what a child process (a benchmark server, the load test's papergraph) is
 * started with, or parses as its configuration.
 */
export function environmentWith(
  overrides: Record<string, string>,
  defaults: Record<string, string> = {},
): NodeJS.ProcessEnv {
  return { ...defaults, ...process.env, ...overrides };
}

/** `source`'s variables that `schema` names (empty ones left out), parsed; every problem at once in a ConfigError. */
function parseEnv<S extends z.ZodObject>(schema: S, source: Record<string, string | undefined>): z.output<S> {
  const present = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => key in schema.shape && value !== ''),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    parsed.error.issues.map((issue) => {
      const key = issue.path.join('.');
      return `${key}: ${issue.message} (got ${JSON.stringify(present[key])})`;
    }),
  );
}

const testkitSchema = z.object({
  PAPERGRAPH_NEO4J_IMAGE: z.string().min(1).optional(),
  PAPERGRAPH_TESTKIT_NETWORK: z.enum(['host', 'bridge']).default('host'),
});

/** What the container test kit (src/testkit/) takes from the environment when its options leave it open. */
export interface TestkitConfig {
  neo4jImage?: string;
  network: 'host' | 'bridge';
}

export function loadTestkitConfig(source: Record<string, string | undefined> = process.env): TestkitConfig {
  const e = parseEnv(testkitSchema, source);
  return { neo4jImage: e.PAPERGRAPH_NEO4J_IMAGE, network: e.PAPERGRAPH_TESTKIT_NETWORK };
}

/**
 * testcontainers reads its settings from process.env: papergraph's machines need no Ryuk (it is
 * pulled from Docker Hub and needs a bridge network) and the Docker host is this machine. Only
 * variables that are unset are given a value.
 */
export function applyTestcontainersDefaults(env: NodeJS.ProcessEnv = process.env): void {
  env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
  env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const e = parseEnv(envSchema, source);
  const home = path.resolve(e.PAPERGRAPH_HOME);
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    neo4j: {
      uri: e.NEO4J_URI,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
      maxPoolSize: e.NEO4J_MAX_POOL_SIZE,
      txTimeoutMs: e.NEO4J_TX_TIMEOUT_MS,
      acquireTimeoutMs: e.NEO4J_ACQUIRE_TIMEOUT_MS,
    },
    local: {
      version: e.NEO4J_VERSION,
      boltPort: e.NEO4J_BOLT_PORT,
      heap: e.NEO4J_HEAP,
      pageCache: e.NEO4J_PAGECACHE,
      cacheDir: home,
      homeDir: path.resolve(e.NEO4J_HOME_DIR ?? path.join(home, 'neo4j-home')),
      dataDir: path.resolve(e.NEO4J_DATA_DIR ?? path.join(home, 'data')),
      startTimeoutMs: e.NEO4J_START_TIMEOUT_MS,
      classSharing: e.NEO4J_CLASS_SHARING,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
    },
    seedOnStart: e.SEED_ON_START,
    linkOnLoad: e.LINK_ON_LOAD,
    writeTokens: e.PAPERGRAPH_WRITE_TOKENS,
    graphiql: e.GRAPHIQL ?? !production,
    pages: e.PAGES ?? !production,
    introspection: e.INTROSPECTION ?? !production,
    corsOrigins: e.CORS_ORIGINS,
    limits: {
      depth: e.LIMIT_DEPTH,
      cost: e.LIMIT_COST,
      aliases: e.LIMIT_ALIASES,
      tokens: e.LIMIT_TOKENS,
      directives: e.LIMIT_DIRECTIVES,
      batch: e.LIMIT_BATCH,
      bodyBytes: e.LIMIT_BODY_BYTES,
    },
    metrics: { enabled: e.METRICS, port: e.METRICS_PORT },
    importKillAfterBatch: e.PAPERGRAPH_IMPORT_KILL_AFTER_BATCH,
    cache: {
      enabled: e.CACHE,
      ttlMs: e.CACHE_TTL_MS,
      maxEntries: e.CACHE_MAX_ENTRIES,
      maxBytes: e.CACHE_MAX_BYTES,
      maxStalenessMs: e.CACHE_MAX_STALENESS_MS,
      redisUrl: e.REDIS_URL,
      httpMaxAgeSeconds: e.HTTP_CACHE_MAX_AGE,
    },
    persistedOperations: {
      mode: e.PERSISTED_OPERATIONS,
      file: path.resolve(e.PERSISTED_OPERATIONS_FILE),
      maxRegistered: e.PERSISTED_OPERATIONS_MAX,
      maxBytes: e.PERSISTED_OPERATIONS_MAX_BYTES,
    },
  };
}
