/**
 * Typed database errors. The executor maps Neo4j error codes to these so that
 * nothing above src/db/ needs to know the driver's error shapes.
 */
export class DbError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The database cannot be reached (down, restarting, no route, pool exhausted). */
export class DbUnavailableError extends DbError {}
/** A uniqueness or existence constraint rejected a write. */
export class DbConstraintError extends DbError {}
/** The transaction ran past its timeout and was terminated. */
export class DbTimeoutError extends DbError {}
/** Wrong credentials or missing permission. */
export class DbAuthError extends DbError {}

const unavailableNames = new Set(['ServiceUnavailable', 'SessionExpired']);

/** Map whatever the driver threw to a typed error; unknown errors pass through unchanged. */
export function mapDriverError(error: unknown, queryName: string): unknown {
  if (!(error instanceof Error)) return error;
  const code = (error as { code?: string }).code;
  const where = `query "${queryName}"`;
  if (code && unavailableNames.has(code)) {
    return new DbUnavailableError(`Neo4j is unavailable (${where}): ${error.message}`, code, { cause: error });
  }
  if (code === 'Neo.ClientError.Schema.ConstraintValidationFailed') {
    return new DbConstraintError(`Constraint violated (${where}): ${error.message}`, code, { cause: error });
  }
  if (
    code?.startsWith('Neo.ClientError.Transaction.TransactionTimedOut') ||
    // Terminated while waiting for locks (the transaction timeout ran out): reported with either class.
    code === 'Neo.TransientError.Transaction.LockClientStopped' ||
    code === 'Neo.ClientError.Transaction.LockClientStopped' ||
    code === 'Neo.ClientError.Transaction.TransactionMarkedAsFailed'
  ) {
    return new DbTimeoutError(`Query ran past its time limit (${where})`, code, { cause: error });
  }
  if (code?.startsWith('Neo.TransientError.')) {
    // Still failing after the retries (database stopping or starting, lock contention): the client may retry.
    return new DbUnavailableError(`Neo4j is temporarily unavailable (${where}): ${error.message}`, code, {
      cause: error,
    });
  }
  if (code?.startsWith('Neo.ClientError.Security.')) {
    return new DbAuthError(`Neo4j refused the credentials (${where}): ${error.message}`, code, { cause: error });
  }
  if (/acquisition timed out|Connection acquisition|connect ECONNREFUSED|Pool is closed/i.test(error.message)) {
    return new DbUnavailableError(`Neo4j is unavailable (${where}): ${error.message}`, code, { cause: error });
  }
  return error;
}
