import type { Plugin } from 'graphql-yoga';
import { errorResponse } from '../errors.js';

/**
 * 413 PAYLOAD_TOO_LARGE with a coded JSON body when the declared body (Content-Length) is larger
 * than allowed. A streamed body without a declared length is cut by yoga's `maxRequestBodySize`,
 * and useErrorCodes gives that rejection the same code.
 */
export function useBodyLimit(maxBytes: number): Plugin {
  return {
    onRequest({ request, endResponse }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > maxBytes) {
        endResponse(
          errorResponse(
            'PAYLOAD_TOO_LARGE',
            `Request body of ${length} bytes is larger than the limit of ${maxBytes} bytes.`,
            { limit: 'bodyBytes', max: maxBytes },
          ),
        );
      }
    },
  };
}
