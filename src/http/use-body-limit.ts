import type { Plugin } from 'graphql-yoga';
import { errorResponse, httpError } from '../errors.js';

/** Only one non-negative integer is a Content-Length (comma-joined values are a request-smuggling attempt). */
const DECIMAL = /^\d+$/;

const tooLarge = (maxBytes: number, length?: number) =>
  [
    'PAYLOAD_TOO_LARGE',
    length === undefined
      ? `Request body is larger than the limit of ${maxBytes} bytes.`
      : `Request body of ${length} bytes is larger than the limit of ${maxBytes} bytes.`,
    { limit: 'bodyBytes', max: maxBytes },
  ] as const;

/** The body cut at `maxBytes` while it streams in: the parser reading it fails with PAYLOAD_TOO_LARGE past it. */
function capped(request: Request, maxBytes: number, fetchAPI: { Request: typeof Request }): Request {
  const body = request.body;
  if (!body) return request;
  let read = 0;
  const limited = body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.byteLength;
        if (read > maxBytes) controller.error(httpError(...tooLarge(maxBytes)));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new fetchAPI.Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body: limited,
    duplex: 'half',
  } as RequestInit);
}

/**
 * The request body limit (`LIMIT_BODY_BYTES`), in place of yoga's `maxRequestBodySize` (set to
 * false in app.ts). A declared body (Content-Length) is checked before it is read: 413
 * PAYLOAD_TOO_LARGE with a coded JSON body over the limit, 400 BAD_REQUEST for a Content-Length
 * that is not one decimal number. Node's HTTP server then delivers exactly the declared bytes, so
 * such a body is read as it is; yoga's limit piped every body through a counting stream (a
 * TransformStream, a pipeline and an aborted AbortController per request, ~2 % of the server's
 * CPU under load). Only a body without a declared length (chunked) is counted while it streams.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const declared = request.headers.get('content-length');
      if (declared === null) return;
      if (!DECIMAL.test(declared)) {
        endResponse(errorResponse('BAD_REQUEST', 'Content-Length header is invalid.'));
        return;
      }
      const length = Number(declared);
      if (length > maxBytes) endResponse(errorResponse(...tooLarge(maxBytes, length)));
    },
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      if (!requestParser || request.body == null || request.headers.has('content-length')) return;
      const parse = requestParser;
      setRequestParser((req) => parse(capped(req, maxBytes, fetchAPI)));
    },
  };
}
