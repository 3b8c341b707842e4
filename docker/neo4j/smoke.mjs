// Smoke test of the local Neo4j image (docker/neo4j/build.sh):
//   1. `docker run --rm --network host …`, wait for "Started.", RETURN 1 over Bolt, stop;
//   2. the same through testcontainers' GenericContainer.
//
//   node docker/neo4j/smoke.mjs
//
// Environment: PAPERGRAPH_NEO4J_IMAGE (default papergraph/neo4j:5.26-local),
// SMOKE_BOLT_PORT (default 17699), SMOKE_PASSWORD (default testpassword123),
// SMOKE_TIMEOUT_MS (default 120000). Needs a running docker daemon
// (source .ci/docker.sh && docker_ensure_daemon). Exits non-zero on failure.
import { spawn, spawnSync } from 'node:child_process';
import process from 'node:process';

process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= 'localhost';

const image = process.env.PAPERGRAPH_NEO4J_IMAGE || 'papergraph/neo4j:5.26-local';
const port = Number(process.env.SMOKE_BOLT_PORT || 17699);
const password = process.env.SMOKE_PASSWORD || 'testpassword123';
const timeoutMs = Number(process.env.SMOKE_TIMEOUT_MS || 120_000);
const env = { NEO4J_AUTH: `neo4j/${password}`, NEO4J_BOLT_PORT: String(port) };

const { default: neo4j } = await import('neo4j-driver');
const { GenericContainer, Wait } = await import('testcontainers');

const log = (msg) => console.log(`[smoke] ${msg}`);
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)}s`;

function docker(args, { allowFail = false } = {}) {
  const res = spawnSync('docker', args, { encoding: 'utf8' });
  if (res.status !== 0 && !allowFail) {
    throw new Error(`docker ${args.join(' ')} failed (${res.status}): ${res.stderr || res.error}`);
  }
  return res.stdout.trim();
}

async function returnOne(uri) {
  const driver = neo4j.driver(uri, neo4j.auth.basic('neo4j', password));
  try {
    const { records } = await driver.executeQuery('RETURN 1 AS one');
    const one = records[0]?.get('one');
    if (one?.toNumber() !== 1) throw new Error(`RETURN 1 gave ${one}`);
  } finally {
    await driver.close();
  }
}

/** Resolves when the container logs "Started."; rejects if it exits or times out. */
function waitForStarted(id) {
  return new Promise((resolve, reject) => {
    const child = spawn('docker', ['logs', '--follow', id], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const finish = (err) => {
      clearTimeout(timer);
      child.kill();
      err ? reject(err) : resolve();
    };
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Started.')) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('close', () => finish(new Error(`container ${id} stopped before "Started.":\n${output.slice(-3000)}`)));
    const timer = setTimeout(
      () => finish(new Error(`no "Started." within ${timeoutMs} ms:\n${output.slice(-3000)}`)),
      timeoutMs,
    );
  });
}

async function viaDockerRun() {
  const name = `papergraph-neo4j-smoke-${process.pid}`;
  const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  const t0 = performance.now();
  const id = docker(['run', '-d', '--rm', '--name', name, '--network', 'host', ...envArgs, image]);
  try {
    await waitForStarted(id);
    log(`docker run: "Started." after ${seconds(t0)}`);
    const t1 = performance.now();
    await returnOne(`bolt://127.0.0.1:${port}`);
    log(`docker run: RETURN 1 over bolt://127.0.0.1:${port} ok (${seconds(t1)})`);
  } finally {
    const t2 = performance.now();
    docker(['stop', id], { allowFail: true });
    log(`docker run: stopped in ${seconds(t2)}`);
  }
}

async function viaTestcontainers() {
  const t0 = performance.now();
  const container = await new GenericContainer(image)
    .withNetworkMode('host')
    .withEnvironment(env)
    .withWaitStrategy(Wait.forLogMessage('Started.'))
    .withStartupTimeout(timeoutMs)
    .start();
  try {
    log(`testcontainers: started (log "Started.") after ${seconds(t0)}`);
    const t1 = performance.now();
    const uri = `bolt://${container.getHost()}:${port}`;
    await returnOne(uri);
    log(`testcontainers: RETURN 1 over ${uri} ok (${seconds(t1)})`);
  } finally {
    const t2 = performance.now();
    await container.stop({ timeout: 10_000 });
    log(`testcontainers: stopped in ${seconds(t2)}`);
  }
}

try {
  log(`image ${image}, bolt port ${port}`);
  docker(['image', 'inspect', '--format', '{{.Id}}', image]);
  await viaDockerRun();
  await viaTestcontainers();
  log('ok: docker run and testcontainers both answered RETURN 1');
} catch (err) {
  console.error(`[smoke] FAILED: ${err?.stack || err}`);
  process.exitCode = 1;
}
