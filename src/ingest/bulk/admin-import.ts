import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { LocalNeo4jConfig } from '../../config.js';
import { resolveNeo4j } from '../../neo4j-local/resolve.js';
import { neo4jConf } from '../../neo4j-local/server.js';

export interface AdminImportOptions {
  /** The CSV groups and multiline options (BulkCsv.importArgs()). */
  args: string[];
  /** Replace an existing database (`--overwrite-destination`). */
  overwrite: boolean;
  /** Java heap of the admin tool, e.g. 4g. */
  heap: string;
  /** Off-heap memory the importer may use for its caches, e.g. 6g. */
  maxOffHeap: string;
  threads: number;
  reportFile: string;
}

/**
 * Run Neo4j's offline importer (`neo4j-admin database import full`, from the
 * resolved jars) into the data directory of `local`, which must not be served
 * by a running Neo4j. Its stage headers are forwarded as they come; its dotted
 * progress becomes one line per 10 % of each stage with elapsed time and ETA.
 */
export async function runAdminImport(
  local: LocalNeo4jConfig,
  options: AdminImportOptions,
  log: (line: string) => void,
): Promise<{ ms: number; output: string[] }> {
  const resolved = await resolveNeo4j({ cacheDir: local.cacheDir, version: local.version, log });
  const confDir = path.join(local.homeDir, 'conf');
  await mkdir(confDir, { recursive: true });
  await mkdir(local.dataDir, { recursive: true });
  await writeFile(path.join(confDir, 'neo4j.conf'), neo4jConf(local));
  const java = [
    'java',
    `-Xms${options.heap}`,
    `-Xmx${options.heap}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-Dfile.encoding=UTF-8',
    '-cp',
    path.join(resolved.libDir, '*'),
    'org.neo4j.cli.AdminTool',
    'database',
    'import',
    'full',
    // The database first: list options (--multiline-fields, --nodes) would take a name after them as a file.
    'neo4j',
    `--threads=${options.threads}`,
    '--high-parallel-io=on',
    `--max-off-heap-memory=${options.maxOffHeap}`,
    '--array-delimiter=U+001F',
    '--bad-tolerance=0',
    `--report-file=${options.reportFile}`,
    ...(options.overwrite ? ['--overwrite-destination=true'] : []),
    ...options.args,
  ];
  // The admin tool finds its home and configuration through these two variables.
  const script = 'NEO4J_HOME="$1" NEO4J_CONF="$2"; export NEO4J_HOME NEO4J_CONF; shift 2; exec "$@"';
  const child = spawn('/bin/sh', ['-c', script, 'neo4j-admin', local.homeDir, confDir, ...java], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const started = performance.now();
  const output: string[] = [];
  let stage = '';
  let stageStart = started;
  let lastPercent = -1;
  let lastLog = 0;
  const onLine = (line: string) => {
    output.push(line);
    if (output.length > 400) output.shift();
    const header = line.match(/^\((\d+)\/(\d+)\) (.+?) \d{4}-\d\d-\d\d/);
    if (header) {
      stage = `(${header[1]}/${header[2]}) ${header[3]}`;
      stageStart = performance.now();
      lastPercent = -1;
      log(`admin import ${stage}`);
      return;
    }
    const dots = line.match(/(\d+)% ∆/);
    if (dots) {
      const percent = Number(dots[1]);
      const now = performance.now();
      const due = percent >= lastPercent + 10 && now - lastLog >= 3_000;
      if (due || (percent === 100 && lastPercent !== 100)) {
        lastPercent = percent;
        lastLog = now;
        const s = (performance.now() - stageStart) / 1000;
        const eta = percent > 0 ? ((s * (100 - percent)) / percent).toFixed(0) : '?';
        const total = ((performance.now() - started) / 1000).toFixed(0);
        log(`admin import ${stage} ${percent}% (${s.toFixed(1)} s in stage, stage ETA ${eta} s, ${total} s in all)`);
      }
      return;
    }
    if (/^\s*$/.test(line) || /^[.\-\s]+$/.test(line)) return;
    log(`admin import: ${line.trim()}`);
  };
  let pending = '';
  const onData = (chunk: Buffer) => {
    pending += chunk.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const code = await new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (c) => resolve(c ?? 1));
  });
  if (pending) onLine(pending);
  if (code !== 0) {
    throw new Error(
      `neo4j-admin database import failed (exit ${code}); report: ${options.reportFile}\n${output.slice(-25).join('\n')}`,
    );
  }
  return { ms: Math.round(performance.now() - started), output };
}
