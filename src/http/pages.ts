import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GraphiQLOptions, Plugin } from 'graphql-yoga';

/**
 * The pages (/explore, /dashboard) and GraphiQL's assets, all served by papergraph itself from
 * dist/web/ (built by src/cli/build-web.mjs with hashed names, listed in dist/web/manifest.json).
 * Every HTML page gets a Content-Security-Policy; hashed assets are cached for a year.
 */
export const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'web');

type Manifest = Record<string, string>;

/**
 * dist/web/manifest.json, read for each page (a few hundred bytes), so a rebuild under a running
 * server is picked up; undefined while the front end was never built (then the pages say so).
 */
function manifest(): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(path.join(webDir, 'manifest.json'), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

/**
 * The policy of every page: nothing from anywhere but papergraph. Exceptions, each needed by
 * GraphiQL's prebuilt bundle (the explorer and dashboard need none of them, but share one policy):
 * - style-src 'unsafe-inline': Monaco and GraphiQL's React components write <style> elements and
 *   style attributes at run time (no script is inline, so script-src stays 'self');
 * - font-src/img-src data: — GraphiQL's CSS carries its fonts (codicons, Fira Code) and icons as data: URLs.
 * Workers (Monaco's editor, JSON and GraphQL workers) load from 'self', so no blob: is needed.
 */
export const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "font-src 'self' data:",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const htmlHeaders = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': contentSecurityPolicy,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
  'cache-control': 'no-cache',
};

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
/** JSON inside <script type="application/json">: `<` escaped so no string can close the element. */
const jsonForScript = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

const notBuilt =
  '<!doctype html><meta charset="utf-8"><title>papergraph</title><p>The pages are not built: run <code>npm run build</code> (or <code>npm start</code>, which builds them).</p>';

function shell(title: string, page: 'explore' | 'dashboard', m: Manifest): string {
  const nav = [
    ['/explore', 'Explorer'],
    ['/dashboard', 'Dashboard'],
    ['/graphql', 'GraphiQL'],
  ]
    .map(([href, label]) => `<a href="${href}"${href === `/${page}` ? ' aria-current="page"' : ''}>${label}</a>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · papergraph</title>
<link rel="icon" href="${m['favicon.ico']}">
<link rel="stylesheet" href="${m[`${page}.css`]}">
<script type="module" src="${m[`${page}.js`]}"></script>
</head>
<body>
<header class="top"><strong>papergraph</strong><nav>${nav}</nav></header>
<main id="app" aria-live="polite"></main>
</body>
</html>`;
}

/** GraphiQL's page (yoga's renderGraphiQL): the options as JSON, every script and worker a file. */
export function renderGraphiQL(options: GraphiQLOptions): string {
  const m = manifest();
  if (!m) return notBuilt;
  const config = {
    workers: {
      editorWorkerService: m['worker-editor.js'],
      json: m['worker-json.js'],
      graphql: m['worker-graphql.js'],
    },
    options,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title ?? 'GraphiQL')}</title>
<link rel="icon" href="${m['favicon.ico']}">
<link rel="stylesheet" href="${m['graphiql-app.css']}">
</head>
<body id="body" class="no-focus-outline">
<noscript>GraphiQL needs JavaScript.</noscript>
<div id="root"></div>
<script type="application/json" id="graphiql-config">${jsonForScript(config)}</script>
<script src="${m['graphiql.js']}"></script>
<script src="${m['graphiql-app.js']}"></script>
</body>
</html>`;
}

const types: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};
const assetName = /^\/assets\/([A-Za-z0-9_.-]+)$/;

async function asset(name: string): Promise<Response> {
  const type = types[path.extname(name)];
  if (!type || name.startsWith('.')) return new Response('not found', { status: 404 });
  try {
    const body = await readFile(path.join(webDir, 'assets', name));
    return new Response(body, {
      headers: {
        'content-type': type,
        'cache-control': 'public, max-age=31536000, immutable',
        'x-content-type-options': 'nosniff',
      },
    });
  } catch {
    return new Response('not found', { status: 404 });
  }
}

/**
 * Serves /assets/* (for GraphiQL and the pages), /favicon.ico, and — when `pages` is on —
 * /explore and /dashboard; adds the CSP to GraphiQL's HTML too.
 */
export function usePages({ pages }: { pages: boolean }): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') return;
      const asAsset = assetName.exec(url.pathname);
      if (asAsset?.[1]) return endResponse(await asset(asAsset[1]));
      if (url.pathname === '/favicon.ico') {
        const icon = manifest()?.['favicon.ico'];
        return endResponse(icon ? await asset(icon.slice('/assets/'.length)) : new Response(null, { status: 404 }));
      }
      if (!pages) return;
      const page = url.pathname === '/explore' ? 'explore' : url.pathname === '/dashboard' ? 'dashboard' : undefined;
      if (!page) return;
      const m = manifest();
      const title = page === 'explore' ? 'Explorer' : 'Dashboard';
      endResponse(new Response(m ? shell(title, page, m) : notBuilt, { status: m ? 200 : 503, headers: htmlHeaders }));
    },
    onResponse({ response }) {
      // GraphiQL's page comes from yoga: give it the same policy and headers as the pages.
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        for (const [k, v] of Object.entries(htmlHeaders)) if (k !== 'content-type') response.headers.set(k, v);
      }
    },
  };
}
