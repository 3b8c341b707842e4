import type { Plugin } from 'graphql-yoga';

/** An endpoint's answer; a failure answers 503. */
type Status = () => Response | Promise<Response>;

/**
 * `/health` and `/ready` (or any fixed paths), answered on their exact path. In place of yoga's
 * useReadinessCheck, which matched a URLPattern against every request it did not serve (~1 % of
 * the server's CPU under load for the two endpoints).
 */
export function useStatusEndpoints(endpoints: Record<string, Status>): Plugin {
  const byPath = new Map(Object.entries(endpoints));
  return {
    onRequest({ url, endResponse }) {
      const status = byPath.get(url.pathname);
      // Synchronous for every other request: no promise for yoga to wait on.
      if (status) return answer(status).then(endResponse);
    },
  };
}

async function answer(status: Status): Promise<Response> {
  try {
    return await status();
  } catch (error) {
    return new Response(error instanceof Error ? error.message : null, {
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
    });
  }
}
