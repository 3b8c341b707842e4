import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { pagesOf } from '../../src/cli/pages.js';
import { loadConfig } from '../../src/config.js';
import { chooseLogFormat, createLogger, formatPlainLine, loadPinoPretty } from '../../src/logger.js';
import { countProgress } from '../../src/neo4j-local/progress.js';

/** A stream that records what is written to it, claiming to be a TTY or not. */
function sink(isTTY: boolean) {
  const stream = new PassThrough() as PassThrough & { isTTY?: boolean };
  stream.isTTY = isTTY;
  const chunks: string[] = [];
  stream.on('data', (c) => chunks.push(String(c)));
  return { stream, text: () => chunks.join('') };
}
const flush = () => new Promise((r) => setTimeout(r, 20));
const ansi = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

describe('log format', () => {
  it('auto is pretty on a TTY and JSON otherwise; pretty and json are what they say', () => {
    expect(chooseLogFormat('auto', true)).toBe('pretty');
    expect(chooseLogFormat('auto', false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('LOG_FORMAT is read from the environment (default auto) and refused when unknown', () => {
    expect(loadConfig({}).logFormat).toBe('auto');
    expect(loadConfig({ LOG_FORMAT: 'json' }).logFormat).toBe('json');
    expect(() => loadConfig({ LOG_FORMAT: 'yaml' })).toThrow(/LOG_FORMAT/);
  });

  it('auto on a pipe writes one JSON object per line', async () => {
    const out = sink(false);
    createLogger('info', { format: 'auto', stream: out.stream }).info({ port: 4000 }, 'listening');
    await flush();
    expect(JSON.parse(out.text().trim())).toMatchObject({ msg: 'listening', port: 4000, service: 'papergraph' });
  });

  it('auto on a TTY writes readable lines through pino-pretty (installed here as a devDependency)', async () => {
    expect(loadPinoPretty()).toBeTypeOf('function');
    const out = sink(true);
    createLogger('info', { format: 'auto', stream: out.stream }).info({ port: 4000 }, 'listening');
    await flush();
    const text = out.text().replace(ansi, '');
    expect(text).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: listening\n\s+port: 4000\n$/);
  });

  it('without pino-pretty (the production image), pretty falls back to plain readable lines', async () => {
    const out = sink(true);
    const logger = createLogger('info', { format: 'pretty', stream: out.stream, pretty: undefined });
    logger.info({ url: 'http://127.0.0.1:4000/graphql', startupMs: 12 }, 'papergraph ready');
    logger.error({ err: new Error('boom') }, 'failed');
    await flush();
    const [ready, failed, stack] = out.text().split('\n');
    expect(ready).toMatch(
      /^\d\d:\d\d:\d\d INFO {2}papergraph ready url=http:\/\/127.0.0.1:4000\/graphql startupMs=12$/,
    );
    expect(failed).toMatch(/^\d\d:\d\d:\d\d ERROR failed$/);
    expect(stack).toBe('Error: boom');
  });

  it('the plain formatter passes through a line that is not JSON', () => {
    expect(formatPlainLine('not json')).toBe('not json\n');
  });
});

describe('counted progress', () => {
  it('without a TTY prints a plain line every `every` items, not one per item', () => {
    const lines: string[] = [];
    const progress = countProgress('Neo4j jars', (l) => lines.push(l), { stream: sink(false).stream as never });
    for (let n = 1; n <= 213; n++) progress.update(n);
    progress.stop();
    expect(lines).toEqual(['  Neo4j jars: 100 copied…', '  Neo4j jars: 200 copied…']);
  });

  it('on a TTY redraws one line in place and logs nothing', () => {
    const lines: string[] = [];
    const out = sink(true);
    const progress = countProgress('Neo4j jars', (l) => lines.push(l), { stream: out.stream as never });
    for (let n = 1; n <= 213; n++) progress.update(n);
    progress.stop();
    expect(lines).toEqual([]);
    expect(out.text()).toContain('Neo4j jars: 213 copied');
    expect(out.text().split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
  });
});

describe('startup lines', () => {
  // `pages` is set explicitly: the pages branch adds it to Config (on by default outside production).
  const base = { ...loadConfig({}), pages: false } as ReturnType<typeof loadConfig>;
  it('name GraphiQL (or GraphQL when it is off), and the explorer and dashboard when pages are on', () => {
    expect(pagesOf(base, 'http://127.0.0.1:4000').map((p) => p.line)).toEqual([
      'GraphiQL  http://127.0.0.1:4000/graphql',
    ]);
    expect(pagesOf({ ...base, graphiql: false }, 'http://h:1').map((p) => p.line)).toEqual([
      'GraphQL  http://h:1/graphql',
    ]);
    const withPages = { ...base, pages: true } as typeof base;
    expect(pagesOf(withPages, 'http://h:1').map((p) => p.line)).toEqual([
      'GraphiQL   http://h:1/graphql',
      'Explorer   http://h:1/explore',
      'Dashboard  http://h:1/dashboard',
    ]);
  });
});
