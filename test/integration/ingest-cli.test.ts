import { execFileSync, spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { useIngestDb } from '../fixtures/ingest-db.js';

// `npm run import` and `npm run seed` as people run them: child processes against the run's
// shared Neo4j (NEO4J_URI), output on pipes (so progress is plain lines on stderr).
const db = useIngestDb('test-ingest-cli');

// The npm scripts run the compiled CLIs (dist/), rebuilt first when src/ changed since the last build
// (src/cli/build.mjs): do that once here, within the hook's timeout, not inside the first test's.
beforeAll(() => {
  execFileSync(process.execPath, ['src/cli/build.mjs', '--if-stale'], { cwd: repoRoot, stdio: 'inherit' });
}, 240_000);

function npm(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = {
    ...process.env,
    NEO4J_URI: db.neo4j.uri,
    NEO4J_USER: db.neo4j.user,
    NEO4J_PASSWORD: db.neo4j.password,
    NEO4J_DATABASE: db.neo4j.database,
    LOG_LEVEL: 'warn',
  };
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '--silent', ...args], { cwd: repoRoot, env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The value of one row of the summary table. */
const row = (stdout: string, name: string) => Number(stdout.match(new RegExp(`^  ${name}\\s+([\\d,]+)$`, 'm'))?.[1]);

describe('npm run import', () => {
  it('imports a file, prints progress and a summary, and creates nothing the second time', async () => {
    const before = await db.counts();
    // --no-link: the linker would link the whole shared graph (the seed too); the seed test below runs it.
    const first = await npm('import', '--', '--no-link', 'test/fixtures/ingest-cli.ndjson');
    expect(first.stderr).toMatch(/^\[import\] validate 100% /m);
    expect(first.stderr).toMatch(/^\[import\] relationships 100% .*\| 5 records/m);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('Import summary (ingest-cli.ndjson)');
    expect(row(first.stdout, 'records')).toBe(6);
    expect(row(first.stdout, 'nodes created')).toBe(4);
    expect(row(first.stdout, 'relationships created')).toBe(6);
    expect(first.stdout).toMatch(/^ {2}time\s+\d+\.\d\d s$/m);
    expect(row(first.stdout, 'records/s')).toBeGreaterThan(0);
    expect(await db.marked()).toBe(4);
    const after = await db.counts();

    const second = await npm('import', '--', '--no-link', '--batch-size', '2', 'test/fixtures/ingest-cli.ndjson');
    expect(second.code).toBe(0);
    expect(row(second.stdout, 'nodes created')).toBe(0);
    expect(row(second.stdout, 'nodes updated')).toBe(0);
    expect(row(second.stdout, 'nodes unchanged')).toBe(4);
    expect(row(second.stdout, 'relationships created')).toBe(0);
    expect(row(second.stdout, 'transactions')).toBe(5); // 4 node records / 2, 5 relationship records / 2
    expect(await db.counts()).toEqual(after);
    expect(after.nodes.Paper - before.nodes.Paper).toBe(1);
  });

  it('rejects an invalid file with file:line path: message lines, exit code 1, and writes nothing', async () => {
    await db.cleanup();
    const before = await db.counts();
    const result = await npm('import', '--', 'test/fixtures/ingest-cli-invalid.ndjson');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Import rejected, nothing was written: 2 problem(s)');
    expect(result.stderr).toContain(
      'test/fixtures/ingest-cli-invalid.ndjson:2 published: Invalid input: expected string, received number',
    );
    expect(result.stderr).toContain(
      'test/fixtures/ingest-cli-invalid.ndjson:3 to: unknown technique id "technique:test-ingest-cli-missing"',
    );
    expect(result.stdout).not.toContain('summary');
    expect(await db.counts()).toEqual(before);
    expect(await db.marked()).toBe(0);
  });

  it('names a missing file and starts nothing', async () => {
    const result = await npm('import', '--', 'test/fixtures/ingest-cli.ndjson', 'test/fixtures/no-such-file.ndjson');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('error: test/fixtures/no-such-file.ndjson: no such file');
    expect(await db.marked()).toBe(0);
  });

  it('only validates with --dry-run', async () => {
    const before = await db.counts();
    const result = await npm('import', '--', '--dry-run', 'test/fixtures/ingest-cli.ndjson');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Import dry run: 6 records in 1 file(s) are valid');
    expect(await db.counts()).toEqual(before);
    expect(await db.marked()).toBe(0);
  });
});

describe('npm run seed', () => {
  it('reloads the seed without changing any count, then links it (mined edges removed afterwards)', async () => {
    const before = await db.counts();
    try {
      const result = await npm('seed');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Seed summary');
      expect(row(result.stdout, 'records')).toBe(407);
      expect(row(result.stdout, 'nodes created')).toBe(0);
      expect(row(result.stdout, 'relationships created')).toBe(0);
      expect(row(result.stdout, 'relationships deleted')).toBe(0);
      // The linker ran after the load and printed its summary.
      expect(result.stdout).toMatch(/^Link$/m);
      expect(row(result.stdout, 'papers read')).toBeGreaterThanOrEqual(25);
      expect(row(result.stdout, 'links added')).toBeGreaterThan(0);
      expect(row(result.stdout, 'links removed \\(stale\\)')).toBe(0);
    } finally {
      await db.executor.write({
        name: 'test-ingest-cli-unlink',
        cypher: `MATCH ()-[e:USES|INTRODUCES {source: 'linker'}]->() DELETE e`,
      });
    }
    expect(await db.counts()).toEqual(before);
  });
});

describe('npm run link', () => {
  const W2S = 'arxiv:2312.09390';
  const unlink = () =>
    db.executor.write({
      name: 'test-ingest-cli-unlink-all',
      cypher: `CALL () { MATCH ()-[e:USES|INTRODUCES {source: 'linker'}]->() DELETE e }
               CALL () { MATCH (:Paper {id: '${W2S}'})-[x:REJECTED_LINK]->() DELETE x }`,
    });

  it('links the papers asked for, rejects a link for good, and evaluates offline', async () => {
    try {
      const linked = await npm('link', '--', '--papers', W2S);
      expect(linked.code).toBe(0);
      expect(row(linked.stdout, 'papers read')).toBe(1);
      expect(row(linked.stdout, 'links added')).toBeGreaterThan(0);
      const rejected = await npm('link', '--', '--reject', W2S, 'RLHF', '--by', 'cli-test', '--reason', 'test');
      expect(rejected.code).toBe(0);
      expect(rejected.stdout).toContain(`rejected ${W2S} → technique:rlhf (by cli-test); 1 mined link(s) removed`);
      const again = await npm('link', '--', '--papers', W2S);
      expect(row(again.stdout, 'skipped: rejected')).toBe(1);
      expect(row(again.stdout, 'links added')).toBe(0);
      const bad = await npm('link', '--', '--reject', W2S);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('--reject takes <paper> <technique>');
    } finally {
      await unlink();
    }
    const evaluated = await npm('link', '--', '--evaluate');
    expect(evaluated.code).toBe(0);
    expect(evaluated.stdout).toMatch(/^\| USES +\|/m);
  });
});
