import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createDriver } from '../../src/db/driver.js';
import { contentSecurityPolicy, webDir } from '../../src/http/pages.js';
import { createLogger } from '../../src/logger.js';

// What papergraph serves for the pages, over yoga.fetch (no browser): headers, caching, the switch.
const driver = createDriver({ uri: 'bolt://127.0.0.1:1', user: 'neo4j', password: 'unused-here' });
const appWith = (env: Record<string, string>) =>
  createApp({ driver, config: loadConfig(env), logger: createLogger('silent') });
const manifest = JSON.parse(readFileSync(path.join(webDir, 'manifest.json'), 'utf8')) as Record<string, string>;
const html = { accept: 'text/html' };

describe('pages over HTTP', () => {
  const app = appWith({ NODE_ENV: 'test' });

  it.each(['/explore', '/dashboard', '/graphql'])(
    '%s is HTML with the CSP, loading only hashed assets of this origin',
    async (url) => {
      const res = await app.fetch(`http://papergraph${url}`, { headers: html });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toBe(contentSecurityPolicy);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      const body = await res.text();
      expect(body).not.toMatch(/(src|href)="(https?:)?\/\//);
      const refs = [...body.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
      for (const ref of refs.filter((r) => r?.startsWith('/assets/'))) expect(Object.values(manifest)).toContain(ref);
      expect(refs.filter((r) => r?.startsWith('/assets/')).length).toBeGreaterThanOrEqual(3);
    },
  );

  it('serves hashed assets for a year, immutable, with their type; unknown ones are 404', async () => {
    for (const [name, url] of Object.entries(manifest)) {
      const res = await app.fetch(`http://papergraph${url}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(res.headers.get('content-type')).toMatch(
        name.endsWith('.js') ? /^text\/javascript/ : name.endsWith('.css') ? /^text\/css/ : /^image\//,
      );
      await res.arrayBuffer();
    }
    for (const bad of ['/assets/nope-123.js', '/assets/..%2Fmanifest.json', '/assets/.hidden.js']) {
      expect((await app.fetch(`http://papergraph${bad}`)).status, bad).toBe(404);
    }
    expect((await app.fetch('http://papergraph/favicon.ico')).headers.get('content-type')).toBe('image/x-icon');
  });

  it('has no pages in production unless PAGES=true (GraphiQL has its own switch)', async () => {
    const prod = appWith({ NODE_ENV: 'production' });
    expect((await prod.fetch('http://papergraph/explore', { headers: html })).status).toBe(404);
    expect((await prod.fetch('http://papergraph/dashboard', { headers: html })).status).toBe(404);
    const on = appWith({ NODE_ENV: 'production', PAGES: 'true' });
    expect((await on.fetch('http://papergraph/explore', { headers: html })).status).toBe(200);
    const graphiqlOnly = appWith({ NODE_ENV: 'production', GRAPHIQL: 'true' });
    const res = await graphiqlOnly.fetch('http://papergraph/graphql', { headers: html });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(manifest['graphiql-app.js']);
    expect((await graphiqlOnly.fetch('http://papergraph/explore', { headers: html })).status).toBe(404);
  });
});
