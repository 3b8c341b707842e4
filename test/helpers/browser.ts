import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { createLogger } from '../../src/logger.js';
import { listen, type RunningServer } from '../../src/server.js';
import { neo4jEnv } from './app.js';

/** Debian's Chromium (`apt-get install chromium`); playwright-core never downloads a browser here. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = existsSync(chromiumPath);

/** Launched headless, with nothing of its own talking to the network (no updates, sync, QUIC…). */
export const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** What a page did: console errors, failed requests, and every URL it requested. */
export interface PageLog {
  errors: string[];
  requests: string[];
}

export interface BrowserHarness {
  /** papergraph's origin, e.g. http://127.0.0.1:41234 */
  readonly origin: string;
  /** A fresh page at this viewport, logging what it does. */
  open(width?: number, height?: number): Promise<{ page: Page; log: PageLog }>;
  /** POST a query to papergraph (the answers the tests compare the pages with). */
  gql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * papergraph listening on a free loopback port (the run's shared, seeded Neo4j) and one Chromium
 * with a fresh profile, both closed after the file. The front end must be built (dist/web): the
 * browser project's globalSetup runs the build when it is stale. `env`: more settings for papergraph.
 */
export function useBrowser(env: Record<string, string> = {}): BrowserHarness {
  let browser: Browser;
  let server: RunningServer;
  const closers: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    const neo4j = inject('neo4j');
    const config = loadConfig({
      NODE_ENV: 'test',
      ...neo4jEnv(),
      ...env,
    });
    const driver = createDriver({ uri: neo4j.uri, user: neo4j.user, password: neo4j.password });
    closers.push(() => driver.close());
    server = await listen({ driver, config, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
    closers.push(() => server.close(1_000));
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      // launch() gives the browser a fresh, throwaway profile (its own --user-data-dir) every time.
      args: chromiumFlags,
    });
    closers.unshift(() => browser.close());
  });
  afterAll(async () => {
    for (const close of closers) await close();
  });

  return {
    get origin() {
      return server.url;
    },
    async open(width = 1280, height = 800) {
      const context = await browser.newContext({ viewport: { width, height } });
      const page = await context.newPage();
      const log: PageLog = { errors: [], requests: [] };
      page.on('console', (m) => {
        if (m.type() === 'error') log.errors.push(m.text());
      });
      page.on('pageerror', (e) => log.errors.push(`uncaught: ${e.message}`));
      page.on('requestfailed', (r) => log.errors.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
      // Every request of the page and of its workers, as the browser saw it.
      context.on('request', (r) => log.requests.push(r.url()));
      return { page, log };
    },
    async gql<T>(query: string, variables: Record<string, unknown> = {}) {
      const response = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: T; errors?: unknown[] };
      if (body.errors || !body.data) throw new Error(`API: ${JSON.stringify(body.errors)}`);
      return body.data;
    },
  };
}

/** Requests that went anywhere but papergraph (data: URLs are the page's own bytes). */
export const foreign = (log: PageLog, origin: string) =>
  log.requests.filter((url) => !url.startsWith(`${origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));

/** True when the canvas has at least one non-transparent, non-white pixel. */
export async function canvasDrawn(page: Page, selector: string): Promise<boolean> {
  return page.$$eval(selector, (canvases) =>
    (canvases as HTMLCanvasElement[]).some((c) => {
      const ctx = c.getContext('2d');
      if (!ctx || c.width === 0 || c.height === 0) return false;
      const { data } = ctx.getImageData(0, 0, c.width, c.height);
      for (let i = 0; i < data.length; i += 4) {
        const [r, g, b, a] = [data[i], data[i + 1], data[i + 2], data[i + 3]];
        if (a !== 0 && !(r === 255 && g === 255 && b === 255)) return true;
      }
      return false;
    }),
  );
}
