import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import type { Plugin } from 'graphql-yoga';

/**
 * CSRF protection. A browser sends a cross-site GET (or a form POST) without a
 * preflight, so such a request must carry a header a page cannot set cross-site
 * without CORS (`x-papergraph-csrf`). Exception: a GET naming a persisted
 * operation by id and sending no document — it can only run a trusted, read-only
 * query (mutations are refused over GET), and without CORS the page cannot read
 * the answer. That is what lets a dashboard link, an <img>-less plain GET or an
 * HTTP cache fetch persisted queries.
 */
/** The headers that let a GET with a document (or a form POST) through; the response cache's early lookup asks for them too. */
export const CSRF_HEADERS = ['x-papergraph-csrf', 'x-graphql-yoga-csrf'];

export function useCsrf(persistedIds: boolean): Plugin {
  const csrf = useCSRFPrevention({ requestHeaders: CSRF_HEADERS });
  return {
    onRequestParse(payload) {
      if (persistedIds && payload.request.method === 'GET') {
        const params = new URL(payload.request.url).searchParams;
        const names = params.has('documentId') || /"persistedQuery"/.test(params.get('extensions') ?? '');
        if (names && !params.has('query')) return;
      }
      return csrf.onRequestParse?.(payload);
    },
  };
}
