import neo4j, { type Driver } from 'neo4j-driver';
import { mapDriverError } from './errors.js';

export type { Driver } from 'neo4j-driver';

export interface DriverOptions {
  uri: string;
  user: string;
  password: string;
  maxPoolSize?: number;
  acquireTimeoutMs?: number;
}

/** How long a failed transaction is retried (the driver's for managed ones, the executor's for reads). */
export const RETRY_TIME_MS = 2_000;

/** One driver per process: it owns the connection pool. */
export function createDriver(options: DriverOptions): Driver {
  return neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
    maxConnectionPoolSize: options.maxPoolSize ?? 100,
    connectionAcquisitionTimeout: options.acquireTimeoutMs ?? 5_000,
    connectionTimeout: Math.min(options.acquireTimeoutMs ?? 5_000, 5_000),
    // Fail fast when the database is away: requests answer DB_UNAVAILABLE
    // instead of hanging in the driver's retry loop.
    maxTransactionRetryTime: RETRY_TIME_MS,
    disableLosslessIntegers: true,
    userAgent: 'papergraph',
  });
}

/** True when a Bolt handshake and authentication succeed within the driver's timeouts. */
export async function isReachable(driver: Driver, database: string): Promise<boolean> {
  try {
    await driver.verifyConnectivity({ database });
    return true;
  } catch {
    return false;
  }
}

/**
 * Set the password of a freshly created local server: Neo4j starts with
 * neo4j/neo4j and refuses other queries until it is changed. Returns 'rejected'
 * when the initial password no longer works (it was changed before). The local
 * server runs without a login lock (`dbms.security.auth_max_failed_attempts=0`),
 * so a lock can only come from a server configured otherwise: that is an error
 * saying so, not a retry.
 */
export async function setInitialPassword(uri: string, user: string, password: string): Promise<'changed' | 'rejected'> {
  const driver = neo4j.driver(uri, neo4j.auth.basic(user, 'neo4j'), { connectionTimeout: 5_000 });
  try {
    const session = driver.session({ database: 'system' });
    try {
      await session.executeWrite((tx) =>
        tx.run('ALTER CURRENT USER SET PASSWORD FROM $old TO $new', { old: 'neo4j', new: password }),
      );
      return 'changed';
    } finally {
      await session.close();
    }
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
      throw new Error(
        `Neo4j at ${uri} locked logins for user ${user} after failed attempts; wait for the lock to end (dbms.security.auth_lock_time) or set dbms.security.auth_max_failed_attempts=0 on this server`,
      );
    }
    if (code.startsWith('Neo.ClientError.Security.')) return 'rejected';
    throw mapDriverError(error, 'set-initial-password');
  } finally {
    await driver.close();
  }
}

/**
 * Wait until the server at `uri` accepts the configured credentials, setting
 * the initial password on first start. Polls Bolt connectivity; `alive` lets the
 * caller abort as soon as the server process has died.
 */
export async function waitForBolt(options: {
  uri: string;
  user: string;
  password: string;
  timeoutMs: number;
  alive: () => boolean;
}): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  let passwordHandled = false;
  while (Date.now() < deadline) {
    if (!options.alive()) throw new Error('Neo4j exited before it became ready');
    const driver = neo4j.driver(options.uri, neo4j.auth.basic(options.user, options.password), {
      connectionTimeout: 2_000,
    });
    try {
      await driver.verifyConnectivity();
      return;
    } catch (error) {
      lastError = error;
      const code = (error as { code?: string }).code ?? '';
      if (code === 'Neo.ClientError.Security.Unauthorized' && !passwordHandled) {
        const outcome = await setInitialPassword(options.uri, options.user, options.password);
        passwordHandled = true;
        if (outcome === 'rejected') {
          throw new Error(
            `Neo4j rejected NEO4J_PASSWORD and the initial password no longer works: the store at this data directory was created with another password. Use that password, or point NEO4J_DATA_DIR at a new directory.`,
          );
        }
        continue;
      }
    } finally {
      await driver.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(
    `Neo4j did not accept Bolt connections within ${options.timeoutMs} ms: ${(lastError as Error)?.message ?? 'no answer'}`,
  );
}
