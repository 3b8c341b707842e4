import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Command } from 'commander';
import { repoRoot } from '../../src/bootstrap.js';
import { positiveInt } from '../../src/ingest/command.js';
import { freePort } from '../../src/neo4j-local/server.js';
import { spread } from '../stats.js';

// npm run bench:start -- [--runs N] [--trace]   (after `npm run build`)
// `npm start` as a user runs it (node dist/cli/start.js, the local Neo4j, jars cached in .papergraph)
// on a throwaway data directory: one first start (Neo4j on a new store, migrations, the seed, the
// linker), then N warm starts on the same, now seeded, data. From the JSON log lines: Neo4j's own
// start ("Neo4j ready in …", Bolt answering), papergraph's share from then to "papergraph ready",
// and startupMs (entry point to ready) as the ready line reports it.

interface Start {
  /** Spawn → "papergraph ready". */
  wallMs: number;
  /** Spawn → the "Neo4j ready" line (Bolt answers with our credentials). */
  boltMs: number;
  /** "Neo4j ready" → "papergraph ready": papergraph's own work after Bolt answers. */
  afterBoltMs: number;
  startupMs: number;
  /** Every log line after Bolt answered: its message and ms since "Neo4j ready" (for --trace). */
  steps: string[];
}

async function startOnce(env: NodeJS.ProcessEnv): Promise<Start> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [path.join(repoRoot, 'dist/cli/start.js')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  let bolt: number | undefined;
  const steps: string[] = [];
  try {
    for await (const line of createInterface({ input: child.stdout })) {
      let entry: { time?: number; msg?: string; startupMs?: number };
      try {
        entry = JSON.parse(line);
      } catch {
        continue;
      }
      if (entry.msg?.startsWith('Neo4j ready in')) bolt = entry.time;
      else if (bolt && entry.time) steps.push(`+${entry.time - bolt} ms ${entry.msg}`);
      if (entry.msg?.startsWith('papergraph ready') && entry.time && bolt) {
        return {
          wallMs: entry.time - t0,
          boltMs: bolt - t0,
          afterBoltMs: entry.time - bolt,
          startupMs: entry.startupMs ?? Number.NaN,
          steps,
        };
      }
    }
    throw new Error(`papergraph exited (code ${await exited}) before it was ready`);
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const program = new Command('npm run bench:start --')
  .option('-r, --runs <n>', 'warm starts after the first one', positiveInt, 3)
  .option('--trace', 'print the log lines after Bolt answered, with their time since then')
  .action(async ({ runs, trace }: { runs: number; trace?: boolean }) => {
    const scratch = await mkdtemp(path.join(tmpdir(), 'papergraph-start-'));
    const { NEO4J_URI: _external, ...inherited } = process.env;
    const env: NodeJS.ProcessEnv = {
      ...inherited,
      NODE_ENV: 'production',
      LOG_FORMAT: 'json',
      PORT: '0',
      HOST: '127.0.0.1',
      PAPERGRAPH_HOME: path.join(repoRoot, '.papergraph'),
      NEO4J_HOME_DIR: path.join(scratch, 'home'),
      NEO4J_DATA_DIR: path.join(scratch, 'data'),
      NEO4J_BOLT_PORT: String(await freePort()),
    };
    console.log(
      `start-time: load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    const line = (label: string, s: Start) => {
      console.log(
        `${label.padEnd(12)} spawn→Bolt ${s.boltMs} ms; Bolt→ready ${s.afterBoltMs} ms; startupMs ${s.startupMs}; spawn→ready ${s.wallMs} ms`,
      );
      if (trace) for (const step of s.steps) console.log(`             ${step}`);
    };
    try {
      line('first start', await startOnce(env));
      const warm: Start[] = [];
      for (let i = 1; i <= runs; i++) {
        const s = await startOnce(env);
        warm.push(s);
        line(`warm ${i}`, s);
      }
      const col = (key: Exclude<keyof Start, 'steps'>) => {
        const s = spread(warm.map((w) => w[key]));
        return s ? `${s.median} (${s.min}–${s.max})` : '-';
      };
      console.log(
        `\nwarm starts, median (min–max) over ${warm.length}: Bolt→ready ${col('afterBoltMs')} ms; spawn→Bolt ${col('boltMs')} ms; startupMs ${col('startupMs')}; spawn→ready ${col('wallMs')} ms`,
      );
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  });

await program.parseAsync();
