import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** The bearer token of an `Authorization` header, or undefined. */
export function bearerToken(header: string | null): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * True when `token` equals one of `allowed`. Compares fixed-length digests with
 * timingSafeEqual and checks every configured token, so timing reveals neither
 * a token's prefix nor which token matched.
 */
export function isWriteToken(token: string | undefined, allowed: readonly string[]): boolean {
  if (!token) return false;
  const presented = digest(token);
  let ok = false;
  for (const candidate of allowed) {
    if (timingSafeEqual(presented, digest(candidate))) ok = true;
  }
  return ok;
}
