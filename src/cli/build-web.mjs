// The pages' front end (src/web/ → <out>/web/), called by build.mjs into the directory it is
// building, so dist/web/ is renamed into place with the server code it belongs to.
//
// - explore, dashboard and graphiql (the small script that starts GraphiQL) are bundled by esbuild
//   from src/web/*.ts with cytoscape.js, Chart.js and their CSS;
// - GraphiQL itself (v5, Monaco) is the prebuilt bundle of @graphql-yoga/render-graphiql: its JS,
//   CSS and three Monaco workers, written as files here instead of the 9 MB inline <script> and blob:
//   workers that package renders, so the page needs no inline script and loads workers from 'self';
// - every file name carries a hash of its content; manifest.json maps each logical name to it
//   (src/http/pages.ts reads it and serves /assets/* with immutable cache headers).
//
// Plain JavaScript for the same reason as build.mjs: it runs before there is compiled code.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const hashOf = (text) => createHash('sha256').update(text).digest('hex').slice(0, 10).toUpperCase();

/** Bundle src/web/ and GraphiQL's assets into `<outDir>/web`; returns the manifest. */
export async function buildWeb(root, outDir) {
  const { build } = await import('esbuild');
  const assets = path.join(outDir, 'web', 'assets');
  mkdirSync(assets, { recursive: true });
  const result = await build({
    absWorkingDir: root,
    entryPoints: {
      explore: 'src/web/explore.ts',
      dashboard: 'src/web/dashboard.ts',
      graphiql: 'src/web/graphiql.ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    entryNames: '[name]-[hash]',
    outdir: assets,
    metafile: true,
    logLevel: 'warning',
    legalComments: 'eof',
  });
  const manifest = {};
  for (const [file, meta] of Object.entries(result.metafile.outputs)) {
    if (!meta.entryPoint && !file.endsWith('.css')) continue;
    const name = path.basename(file).replace(/-[A-Z0-9]+\.(js|css)$/, '.$1');
    manifest[name] = `/assets/${path.basename(file)}`;
  }
  const graphiql = await import('@graphql-yoga/render-graphiql/graphiql');
  const copies = {
    'graphiql-app.js': graphiql.js,
    'graphiql-app.css': graphiql.css,
    'worker-editor.js': graphiql.editorWorkerService,
    'worker-json.js': graphiql.jsonWorker,
    'worker-graphql.js': graphiql.graphqlWorker,
  };
  for (const [name, text] of Object.entries(copies)) {
    const file = name.replace(/\.(js|css)$/, `-${hashOf(text)}.$1`);
    writeFileSync(path.join(assets, file), text);
    manifest[name] = `/assets/${file}`;
  }
  // The favicon GraphiQL ships (a data: URL), as a file: one icon for every page.
  const [, base64] = graphiql.favicon.split(',');
  const icon = Buffer.from(base64, 'base64');
  const iconFile = `favicon-${hashOf(icon)}.ico`;
  writeFileSync(path.join(assets, iconFile), icon);
  manifest['favicon.ico'] = `/assets/${iconFile}`;
  writeFileSync(path.join(outDir, 'web', 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}
