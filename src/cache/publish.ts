import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { onCommitted } from '../db/writes.js';
import type { Logger } from '../logger.js';
import { connectRedis } from './redis.js';

/**
 * For writers that are not a papergraph server (`npm run import`, `npm run seed`):
 * publish every graph version bump this process commits on Redis, so running
 * servers see the write at once instead of within CACHE_MAX_STALENESS_MS.
 * Returns the function that stops publishing and disconnects.
 */
export async function publishBumps(url: string, logger: Logger): Promise<() => Promise<void>> {
  const link = connectRedis(url, logger);
  // Wait (briefly) for the connection: commands are not queued while connecting.
  await Promise.race([once(link.client, 'ready'), sleep(2_000)]).catch(() => {});
  const stop = onCommitted(async ({ version }) => {
    if (version !== undefined) await link.publishVersion(version).catch(() => {});
  });
  return async () => {
    stop();
    await link.close();
  };
}
