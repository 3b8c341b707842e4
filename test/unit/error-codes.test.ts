import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DbAuthError,
  DbConstraintError,
  DbTimeoutError,
  DbUnavailableError,
  mapDriverError,
} from '../../src/db/errors.js';
import { errorCodes, httpError, requestLimits, toClientError, tooComplex, writeDenied } from '../../src/errors.js';
import { invalidArguments } from '../../src/schema/arg-checks.js';

const root = path.resolve(import.meta.dirname, '../..');

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !f.includes(`${path.sep}bench${path.sep}`));
}

describe('the error table (src/errors.ts)', () => {
  it('is the README’s: every code with its status, every limit by name', async () => {
    const readme = await readFile(path.join(root, 'README.md'), 'utf8');
    for (const [code, { status }] of Object.entries(errorCodes)) {
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${status} \\|`));
    }
    for (const limit of Object.keys(requestLimits)) expect(readme, limit).toContain(`limit: "${limit}"`);
  });

  it('knows every code the source produces', async () => {
    const produced = new Set<string>();
    for (const file of await sources(path.join(root, 'src'))) {
      const text = await readFile(file, 'utf8');
      for (const m of text.matchAll(
        /(?:code: |coded\(|httpError\(|errorResponse\(|tooComplex\(|\d{3}: \[)'([A-Z][A-Z_]+)'/g,
      )) {
        produced.add(m[1]!);
      }
    }
    expect(produced.size).toBeGreaterThan(5);
    expect([...produced].filter((code) => !(code in errorCodes) && !(code in requestLimits))).toEqual([]);
  });

  it('maps each typed database error to its code, and nothing else', () => {
    const cases: [Error, string][] = [
      [new DbUnavailableError('Neo.Driver.Words: x', undefined), 'DB_UNAVAILABLE'],
      [new DbAuthError('Neo.Driver.Words: x', undefined), 'DB_UNAVAILABLE'],
      [new DbTimeoutError('Neo.Driver.Words: x', undefined), 'DB_TIMEOUT'],
      [new DbConstraintError('Neo.Driver.Words: x', undefined), 'BAD_USER_INPUT'],
    ];
    for (const [error, code] of cases) {
      const coded = toClientError(error);
      expect(coded?.extensions.code).toBe(code);
      // Never the driver's own words.
      expect(coded?.message).not.toContain(error.message);
    }
    expect(toClientError(new DbUnavailableError('Neo.Driver.Words: x', undefined))?.message).toBe(
      errorCodes.DB_UNAVAILABLE.message,
    );
    expect(toClientError(new Error('boom'))).toBeUndefined();
    expect(toClientError('boom')).toBeUndefined();
  });

  it('maps the driver’s codes to typed errors, so that each reaches the client with its code', () => {
    const driverError = (code: string) => Object.assign(new Error('driver words'), { code });
    const cases: [string, string | undefined][] = [
      ['ServiceUnavailable', 'DB_UNAVAILABLE'],
      ['Neo.ClientError.Schema.ConstraintValidationFailed', 'BAD_USER_INPUT'],
      ['Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration', 'DB_TIMEOUT'],
      ['Neo.TransientError.Transaction.LockClientStopped', 'DB_TIMEOUT'],
      ['Neo.ClientError.Transaction.LockClientStopped', 'DB_TIMEOUT'],
      ['Neo.TransientError.Transaction.DeadlockDetected', 'DB_UNAVAILABLE'],
      ['Neo.ClientError.Security.Unauthorized', 'DB_UNAVAILABLE'],
      ['Neo.ClientError.Statement.SyntaxError', undefined],
    ];
    for (const [code, expected] of cases) {
      expect(toClientError(mapDriverError(driverError(code), 'q'))?.extensions.code, code).toBe(expected);
    }
  });

  it('gives HTTP-level errors the status of their code, and limits their name and maximum', () => {
    expect(httpError('BAD_REQUEST', 'bad').extensions).toEqual({ code: 'BAD_REQUEST', http: { status: 400 } });
    expect(httpError('PAYLOAD_TOO_LARGE').message).toBe(errorCodes.PAYLOAD_TOO_LARGE.message);
    expect(tooComplex('cost', 10, 'too much', { cost: 12 }).extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 10,
      cost: 12,
    });
  });

  it('says why a caller may not write', () => {
    expect(writeDenied({ writesEnabled: false, presentedToken: true }).extensions.code).toBe('FORBIDDEN');
    expect(writeDenied({ writesEnabled: true, presentedToken: false }).extensions.code).toBe('UNAUTHENTICATED');
    expect(writeDenied({ writesEnabled: true, presentedToken: true }).extensions.code).toBe('FORBIDDEN');
  });
});

describe('invalid arguments', () => {
  it('are one BAD_USER_INPUT naming the first argument, each problem a sentence', () => {
    const error = invalidArguments([
      { message: '`first` must be between 0 and 100 (got 101).', path: ['first'] },
      { message: 'must be a four-digit year', path: [{ key: 'fromYear' }] },
      { message: 'required', path: ['input', 'title'] },
    ]);
    expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', argument: 'first' });
    expect(error.message).toBe(
      'Invalid arguments: `first` must be between 0 and 100 (got 101).; fromYear: must be a four-digit year; input.title: required',
    );
  });
});
