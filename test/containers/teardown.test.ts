import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  listTestkitContainers,
  type RunningPapergraph,
  startPapergraph,
  TESTKIT_LABEL,
} from '../../src/testkit/index.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');

/** This process's kit containers, as `docker ps` (the CLI, not the kit) sees them. */
function dockerPs(): string[] {
  const out = execFileSync(
    'docker',
    ['ps', '-aq', '--no-trunc', '--filter', `label=${TESTKIT_LABEL}.pid=${process.pid}`],
    {
      encoding: 'utf8',
    },
  );
  return out.split('\n').filter(Boolean);
}

describe('teardown', () => {
  it('stops papergraph and removes the container when the block that uses it throws', async () => {
    let seen: RunningPapergraph | undefined;
    const test = async () => {
      await using papergraph = await startPapergraph({ fixtures: [] });
      seen = papergraph;
      expect((await fetch(`${papergraph.url}/ready`)).status).toBe(200);
      expect(dockerPs()).toContain(papergraph.containerId);
      throw new Error('the test failed');
    };
    await expect(test()).rejects.toThrow('the test failed');
    expect(seen?.containerId).toBeTruthy();
    expect(dockerPs()).not.toContain(seen?.containerId);
    await expect(fetch(`${seen?.url}/health`)).rejects.toThrow();
  });

  it('removes the container when a fixture is invalid, and reports the problem', async () => {
    await expect(startPapergraph({ fixtures: [path.join(fixtures, 'invalid.ndjson')] })).rejects.toThrow(
      /invalid\.ndjson:2 authors\[0\]: unknown author id "author:nobody"/,
    );
    expect(dockerPs()).toEqual([]);
  });

  it('refuses a missing fixture file before starting anything', async () => {
    await expect(startPapergraph({ fixtures: [path.join(fixtures, 'no-such-file.ndjson')] })).rejects.toThrow(
      /fixture file not found: .*no-such-file\.ndjson/,
    );
  });

  it('leaves no container of this process behind', async () => {
    expect(dockerPs()).toEqual([]);
    expect(await listTestkitContainers({ pid: process.pid })).toEqual([]);
  });
});
