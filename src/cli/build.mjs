// Compile src/ to dist/ with tsc (tsconfig.build.json), and the pages' front end to dist/web/. Plain JavaScript, run with plain node: it is
// what decides whether there is compiled code to run, so it cannot itself need compiling.
//
//   node src/cli/build.mjs             npm run build: always compile, with the type check
//   node src/cli/build.mjs --if-stale  before npm start / neo4j / seed / import: compile only when an
//                                      input changed since the last build, else say so and exit
//
// The build writes dist/.build-stamp: a hash of the path, size and mtime of every input (src/**,
// tsconfig*.json, package.json). A different hash (a file edited, touched, added, removed, or a
// checkout) means dist/ is stale and is rebuilt before anything runs; an equal one costs a few
// stat calls, so a warm start pays no compile. Each build goes to a fresh directory renamed to
// dist/ only once tsc succeeded, with its stamp inside: a failed or interrupted build never leaves
// a dist/ that looks current.
//
// --if-stale skips tsc's type check (--noCheck): with isolatedModules the emitted JavaScript is
// the same file for file, and type errors are `npm run typecheck`'s and `npm test`'s to report (as
// they were when `npm start` ran the sources with tsx). `npm run build` and the image check types.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildWeb } from './build-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = path.join(root, 'dist');
const stampName = '.build-stamp';
const inputs = ['src', 'tsconfig.json', 'tsconfig.build.json', 'package.json'];

/** Files under `dir` (relative to the root), at any depth. */
function filesUnder(dir) {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
  );
}

/** Hash of the path, size and mtime of every input file, and how many there are. */
function fingerprint() {
  const files = inputs.flatMap((input) =>
    statSync(path.join(root, input)).isDirectory() ? filesUnder(input) : [input],
  );
  const hash = createHash('sha256');
  let count = 0;
  for (const file of files.sort()) {
    const stat = statSync(path.join(root, file));
    if (!stat.isFile()) continue;
    hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    count += 1;
  }
  return { hash: hash.digest('hex'), count };
}

function readStamp() {
  try {
    return readFileSync(path.join(dist, stampName), 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function build(hash, check) {
  const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  if (!existsSync(tsc)) {
    console.error('dist/ must be built, but TypeScript (a dev dependency) is not installed: run `npm install`.');
    process.exit(1);
  }
  const started = Date.now();
  const out = path.join(root, `dist-${process.pid}.tmp`);
  rmSync(out, { recursive: true, force: true });
  const args = [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', out, ...(check ? [] : ['--noCheck'])];
  // tsc's diagnostics on stderr: a CLI's stdout (an import summary) stays its own.
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    rmSync(out, { recursive: true, force: true });
    console.error(`build: tsc failed (exit ${result.status ?? result.signal}); dist/ was not changed.`);
    process.exit(1);
  }
  try {
    await buildWeb(root, out); // the pages' assets: dist/web/ (src/cli/build-web.mjs)
  } catch (error) {
    rmSync(out, { recursive: true, force: true });
    console.error(`build: the pages' front end failed (${error.message}); dist/ was not changed.`);
    process.exit(1);
  }
  writeFileSync(path.join(out, stampName), `${hash}\n`);
  const old = path.join(root, `dist-${process.pid}.old`);
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(out, dist);
  rmSync(old, { recursive: true, force: true });
  return Date.now() - started;
}

const ifStale = process.argv.includes('--if-stale');
const { hash, count } = fingerprint();
if (ifStale && readStamp() === hash) {
  console.error(`build: dist/ is up to date (${count} inputs unchanged since the last build)`);
} else {
  if (ifStale) console.error(`build: ${existsSync(dist) ? 'sources changed since the last build' : 'no dist/ yet'}`);
  const ms = await build(hash, !ifStale);
  console.error(`build: compiled src/ to dist/ in ${(ms / 1000).toFixed(1)} s${ifStale ? ' (types unchecked)' : ''}`);
}
