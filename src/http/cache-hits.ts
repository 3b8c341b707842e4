/**
 * Requests the response cache answered from its store (src/http/use-response-cache.ts), for the
 * request log and the metrics: a hit never runs the operation, so neither hears of it otherwise.
 * `early`: answered before yoga read the params (the fast path: no onParams hook ran), with the
 * operation name the body gave and when the request arrived; absent for a hit found in onParams.
 */
export interface CacheHit {
  early?: { operationName: string; startedAt: number };
}

const hits = new WeakMap<Request, CacheHit>();

export const noteCacheHit = (request: Request, hit: CacheHit): void => {
  hits.set(request, hit);
};

export const cacheHitOf = (request: Request): CacheHit | undefined => hits.get(request);
