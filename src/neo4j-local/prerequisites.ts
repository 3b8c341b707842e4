import { spawnSync } from 'node:child_process';

export class ProvisionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProvisionError';
  }
}

const alternatives = [
  'Alternatives:',
  '  - point papergraph at an existing Neo4j 5: NEO4J_URI=bolt://host:7687 NEO4J_USER=… NEO4J_PASSWORD=… npm start',
  '  - or run both in Docker: docker compose up',
].join('\n');

export function provisionError(problem: string): ProvisionError {
  return new ProvisionError(`${problem}\n${alternatives}`);
}

/** The major version of `java` on PATH, or undefined when there is none. */
export function javaMajorVersion(): number | undefined {
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return undefined;
  const match = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  if (!match) return undefined;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

export function checkJava(): void {
  const major = javaMajorVersion();
  if (major === undefined) {
    throw provisionError('Java 17 or newer is needed to run the local Neo4j, and no `java` was found on PATH.');
  }
  if (major < 17) {
    throw provisionError(`Java 17 or newer is needed to run Neo4j 5.26; found Java ${major}.`);
  }
}

export function checkMaven(): void {
  const result = spawnSync('mvn', ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw provisionError(
      'Maven (`mvn`) is needed once, to download Neo4j 5.26 from Maven Central, and it was not found on PATH.',
    );
  }
}
