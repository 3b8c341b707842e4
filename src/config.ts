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
  user: string;
  password: string;
}

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
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
  introspection: boolean;
  /** Origins allowed by CORS; empty = no cross-origin access. */
  corsOrigins: string[];
  limits: Limits;
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

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(source).filter(([key, value]) => key in envSchema.shape && value !== ''),
  );
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const key = issue.path.join('.');
        return `${key}: ${issue.message} (got ${JSON.stringify(present[key])})`;
      }),
    );
  }
  const e = parsed.data;
  const home = path.resolve(e.PAPERGRAPH_HOME);
  const production = e.NODE_ENV === 'production';
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
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
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
    },
    seedOnStart: e.SEED_ON_START,
    linkOnLoad: e.LINK_ON_LOAD,
    writeTokens: e.PAPERGRAPH_WRITE_TOKENS,
    graphiql: e.GRAPHIQL ?? !production,
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
  };
}
