import os from 'node:os';
import type { Readable } from 'node:stream';
import { GenericContainer, getContainerRuntimeClient, Wait } from 'testcontainers';
import { applyTestcontainersDefaults, loadTestkitConfig } from '../config.js';
import { waitForBolt } from '../db/driver.js';
import { freePort } from '../neo4j-local/server.js';

/** Used when neither the `image` option nor PAPERGRAPH_NEO4J_IMAGE names an image. */
export const OFFICIAL_NEO4J_IMAGE = 'neo4j:5.26-community';
/** Built from this repository with `npm run image:neo4j` (no registry needed). */
export const LOCAL_NEO4J_IMAGE = 'papergraph/neo4j:5.26-local';
/** Every container the kit starts carries this label (value: `neo4j`, or what the caller says). */
export const TESTKIT_LABEL = 'org.papergraph.testkit';
const PID_LABEL = `${TESTKIT_LABEL}.pid`;
const HOST_LABEL = `${TESTKIT_LABEL}.host`;

export type NetworkMode = 'host' | 'bridge';

export interface Neo4jContainerOptions {
  /** Default: PAPERGRAPH_NEO4J_IMAGE, else `neo4j:5.26-community`. */
  image?: string;
  /** Password of user `neo4j` (at least 8 characters). Default `papergraph-test`. */
  password?: string;
  /**
   * `host` (default, or PAPERGRAPH_TESTKIT_NETWORK): the container shares the
   * host's network and Bolt listens on a free port of 127.0.0.1 chosen by the
   * kit. `bridge`: Bolt's 7687 is published on a random host port (Docker
   * Desktop without host networking).
   */
  network?: NetworkMode;
  /** JVM heap and page cache of the server. Default `512m` and `128m`. */
  heap?: string;
  pageCache?: string;
  /** How long to wait for the server to log `Started.`. Default 180 s. */
  startupTimeoutMs?: number;
}

export interface Neo4jContainer {
  uri: string;
  user: string;
  password: string;
  image: string;
  containerId: string;
  /** Stop and remove the container (and its volumes). Safe to call more than once. */
  stop(): Promise<void>;
}

export function defaultNeo4jImage(env?: Record<string, string | undefined>): string {
  return loadTestkitConfig(env).neo4jImage ?? OFFICIAL_NEO4J_IMAGE;
}

/** Labels that tie a container to this process, so leftovers of a crashed run can be found. */
export function ownerLabels(kind: string): Record<string, string> {
  return { [TESTKIT_LABEL]: kind, [PID_LABEL]: String(process.pid), [HOST_LABEL]: os.hostname() };
}

export interface TestkitContainerInfo {
  id: string;
  image: string;
  state: string;
  kind: string;
  pid: number;
}

/** Containers (running or not) started by the kit, optionally only those of process `pid`. */
export async function listTestkitContainers(filter: { pid?: number } = {}): Promise<TestkitContainerInfo[]> {
  applyTestcontainersDefaults();
  const client = await getContainerRuntimeClient();
  const labels = [TESTKIT_LABEL, ...(filter.pid === undefined ? [] : [`${PID_LABEL}=${filter.pid}`])];
  const found = await client.container.dockerode.listContainers({ all: true, filters: { label: labels } });
  return found.map((c) => ({
    id: c.Id,
    image: c.Image,
    state: c.State,
    kind: c.Labels[TESTKIT_LABEL] ?? '', // present: the listing filters on it
    pid: Number(c.Labels[PID_LABEL]),
  }));
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Remove kit containers left behind by processes of this host that no longer
 * exist (a test run that was killed before its teardown). Ryuk does this where
 * it can run; the kit does it at every start. Returns the ids removed.
 */
export async function removeOrphanedContainers(): Promise<string[]> {
  applyTestcontainersDefaults();
  const client = await getContainerRuntimeClient();
  const found = await client.container.dockerode.listContainers({
    all: true,
    filters: { label: [TESTKIT_LABEL, `${HOST_LABEL}=${os.hostname()}`] },
  });
  const orphans = found.filter((c) => !alive(Number(c.Labels[PID_LABEL])));
  for (const c of orphans) {
    await client.container.getById(c.Id).remove({ force: true, v: true });
  }
  return orphans.map((c) => c.Id);
}

/** Keep the last lines a container printed, for error messages. */
function tailOf(lines: string[], max = 40) {
  return (stream: Readable) => {
    stream.on('data', (chunk: Buffer | string) => {
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        lines.push(line);
        if (lines.length > max) lines.shift();
      }
    });
    stream.on('error', () => {});
  };
}

async function imageIsHere(image: string): Promise<boolean> {
  try {
    const client = await getContainerRuntimeClient();
    await client.container.dockerode.getImage(image).inspect();
    return true;
  } catch {
    return false;
  }
}

async function explainStartFailure(image: string, error: unknown, logs: string[]): Promise<Error> {
  const message = (error as Error)?.message ?? String(error);
  const hints: string[] = [];
  if (/container runtime strategy|docker\.sock/i.test(message)) {
    hints.push(
      'Is Docker running? In papergraph: source .ci/docker.sh && docker_ensure_installed && docker_ensure_daemon',
    );
  } else if (!(await imageIsHere(image))) {
    hints.push(
      `The image ${image} is not on this machine and could not be pulled. Without a registry, build the local one with \`npm run image:neo4j\` and set PAPERGRAPH_NEO4J_IMAGE=${LOCAL_NEO4J_IMAGE}.`,
    );
  }
  const tail = logs.length ? `\nLast lines of the container's log:\n${logs.slice(-20).join('\n')}` : '';
  return new Error(`Could not start Neo4j from ${image}: ${message}${hints.map((h) => `\n  - ${h}`).join('')}${tail}`, {
    cause: error,
  });
}

/**
 * Start Neo4j 5 in a container (testcontainers) and wait until it accepts the
 * password over Bolt. Works with the official image and with the local one:
 * both read `NEO4J_AUTH` and official-style `NEO4J_<setting>` variables.
 */
export async function startNeo4jContainer(options: Neo4jContainerOptions = {}): Promise<Neo4jContainer> {
  applyTestcontainersDefaults();
  const image = options.image ?? defaultNeo4jImage();
  const password = options.password ?? 'papergraph-test';
  const network = options.network ?? loadTestkitConfig().network;
  const timeoutMs = options.startupTimeoutMs ?? 180_000;
  if (password.length < 8) throw new Error('Neo4j requires a password of at least 8 characters');

  const environment: Record<string, string> = {
    NEO4J_AUTH: `neo4j/${password}`,
    NEO4J_server_memory_heap_max__size: options.heap ?? '512m',
    NEO4J_server_memory_pagecache_size: options.pageCache ?? '128m',
    NEO4J_dbms_usage__report_enabled: 'false',
  };
  let container = new GenericContainer(image);
  let port = 7687;
  if (network === 'host') {
    // Nothing to publish on the host network: Neo4j itself listens on 127.0.0.1 only, on a free port.
    port = await freePort();
    Object.assign(environment, {
      NEO4J_server_default__listen__address: '127.0.0.1',
      NEO4J_server_default__advertised__address: '127.0.0.1',
      NEO4J_server_bolt_listen__address: `127.0.0.1:${port}`,
      NEO4J_server_bolt_advertised__address: `127.0.0.1:${port}`,
      NEO4J_server_http_enabled: 'false',
    });
    container = container.withNetworkMode('host');
  } else {
    container = container.withExposedPorts(7687);
  }

  await removeOrphanedContainers().catch(() => {});
  const logs: string[] = [];
  let started: Awaited<ReturnType<GenericContainer['start']>>;
  try {
    started = await container
      .withEnvironment(environment)
      .withLabels(ownerLabels('neo4j'))
      .withLogConsumer(tailOf(logs))
      .withWaitStrategy(Wait.forLogMessage('Started.'))
      .withStartupTimeout(timeoutMs)
      .start();
  } catch (error) {
    // testcontainers removes a container that never became ready.
    throw await explainStartFailure(image, error, logs);
  }

  let stopped: Promise<void> | undefined;
  const stop = () => {
    // A throwaway server: kill it at once (timeout 0) rather than wait for a clean shutdown.
    stopped ??= started.stop({ timeout: 0, remove: true, removeVolumes: true }).then(() => {});
    return stopped;
  };
  const host = network === 'host' ? '127.0.0.1' : started.getHost();
  const uri = `bolt://${host}:${network === 'host' ? port : started.getMappedPort(7687)}`;
  try {
    // "Started." is logged as Bolt opens; make sure the password is accepted before handing it out.
    await waitForBolt({ uri, user: 'neo4j', password, timeoutMs: 60_000, alive: () => true });
  } catch (error) {
    await stop().catch(() => {});
    throw await explainStartFailure(image, error, logs);
  }
  return { uri, user: 'neo4j', password, image, containerId: started.getId(), stop };
}
