import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { listen, type RunningServer } from '../../src/server.js';
import { neo4jEnv, useTestApp } from '../helpers/app.js';

// LIMIT_BODY_BYTES over real HTTP: Node's server reads a declared body by its Content-Length, a chunked one
// is counted while it streams (src/http/use-body-limit.ts).
const LIMIT = 5_000;
const t = useTestApp();
let server: RunningServer;

beforeAll(async () => {
  const config = loadConfig({ NODE_ENV: 'test', ...neo4jEnv(), CACHE: 'false', LIMIT_BODY_BYTES: String(LIMIT) });
  server = await listen({ driver: t.driver, config, logger: createLogger('silent'), host: '127.0.0.1', port: 0 });
});
afterAll(() => server.close());

/** A JSON body of exactly `bytes` bytes asking for __typename (padded with a comment). */
const bodyOf = (bytes: number) => {
  const head = '{"query":"{ __typename } #';
  return `${head}${'b'.repeat(bytes - head.length - 2)}"}`;
};
const chunked = (text: string) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      const bytes = new TextEncoder().encode(text);
      for (let i = 0; i < bytes.length; i += 1_000) controller.enqueue(bytes.subarray(i, i + 1_000));
      controller.close();
    },
  });
const post = (body: string | ReadableStream<Uint8Array>) =>
  fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    duplex: 'half',
  } as RequestInit);
const tooLarge = { code: 'PAYLOAD_TOO_LARGE', limit: 'bodyBytes', max: LIMIT };

/** One raw HTTP/1.1 exchange: what the server answers to exactly these bytes. */
const raw = (request: string) =>
  new Promise<string>((resolve, reject) => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname, () => socket.end(request));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });

describe('request body limit over HTTP', () => {
  it('answers a declared body at the limit and refuses one byte more before reading it', async () => {
    const at = await post(bodyOf(LIMIT));
    expect(at.status).toBe(200);
    expect(await at.json()).toEqual({ data: { __typename: 'Query' } });
    const over = await post(bodyOf(LIMIT + 1));
    expect(over.status).toBe(413);
    expect((await over.json()).errors[0]).toEqual({
      message: `Request body of ${LIMIT + 1} bytes is larger than the limit of ${LIMIT} bytes.`,
      extensions: tooLarge,
    });
  });

  it('counts a chunked body while it streams', async () => {
    const at = await post(chunked(bodyOf(LIMIT)));
    expect(at.status).toBe(200);
    expect(await at.json()).toEqual({ data: { __typename: 'Query' } });
    const over = await post(chunked(bodyOf(LIMIT + 1)));
    expect(over.status).toBe(413);
    expect((await over.json()).errors[0]).toEqual({
      message: `Request body is larger than the limit of ${LIMIT} bytes.`,
      extensions: tooLarge,
    });
  });

  it('reads no more than a declared length, whatever follows it', async () => {
    // The declared body is 27 bytes; what follows is read as the next request on the connection, not as body.
    const body = '{"query":"{ __typename }"}\n';
    const answer = await raw(
      `POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}` +
        'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n',
    );
    const statuses = answer.match(/HTTP\/1\.1 \d+/g);
    expect(statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200']);
    expect(answer).toContain('{"data":{"__typename":"Query"}}');
    expect(answer).toContain('"status":"ok"');
  });

  it('refuses a Content-Length that is not one number', async () => {
    for (const value of ['12, 12', '-1', 'abc']) {
      const res = await t.app.fetch('http://papergraph/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': value },
        body: '{"query":"{ __typename }"}',
      });
      expect(res.status, value).toBe(400);
      expect((await res.json()).errors[0]).toEqual({
        message: 'Content-Length header is invalid.',
        extensions: { code: 'BAD_REQUEST' },
      });
    }
  });
});
