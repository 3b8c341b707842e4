import { createRequire } from 'node:module';
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger } from 'pino';

export type LogFormat = 'auto' | 'pretty' | 'json';

/** `auto`: readable lines for a person at a terminal, JSON lines for everything else (pipes, files, log shippers). */
export function chooseLogFormat(setting: LogFormat, isTTY: boolean): 'pretty' | 'json' {
  return setting === 'auto' ? (isTTY ? 'pretty' : 'json') : setting;
}

type PrettyFactory = (options: Record<string, unknown>) => DestinationStream;

/** pino-pretty when it is installed (a devDependency: `npm install` has it, the production image does not). */
export function loadPinoPretty(): PrettyFactory | undefined {
  try {
    return createRequire(import.meta.url)('pino-pretty') as PrettyFactory;
  } catch {
    return undefined;
  }
}

const levelNames: Record<number, string> = {
  10: 'TRACE',
  20: 'DEBUG',
  30: 'INFO',
  40: 'WARN',
  50: 'ERROR',
  60: 'FATAL',
};
const hidden = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'service', 'err']);

/** One pino JSON line as a readable line: `13:48:02 INFO  message key=value …`, an error's stack below it. */
export function formatPlainLine(line: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(line);
  } catch {
    return line.endsWith('\n') ? line : `${line}\n`;
  }
  const time = new Date(typeof entry.time === 'number' ? entry.time : Date.now()).toISOString().slice(11, 19);
  const level = (levelNames[entry.level as number] ?? String(entry.level)).padEnd(5);
  const fields = Object.entries(entry)
    .filter(([key]) => !hidden.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const text = [time, level, entry.msg ?? '', ...fields].filter((part) => part !== '').join(' ');
  return `${text}${err ? `\n${err.stack ?? err.message}` : ''}\n`;
}

/** The fallback when pino-pretty is not installed: pino's JSON lines rewritten by `formatPlainLine`. */
export function plainStream(out: { write(text: string): unknown }): DestinationStream {
  return { write: (line: string) => void out.write(formatPlainLine(line)) };
}

export interface LoggerOptions {
  /** Default `json` (servers under test, benchmarks); the command-line programs pass LOG_FORMAT. */
  format?: LogFormat;
  /** Where the lines go (default stdout); its `isTTY` decides `auto`. */
  stream?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Override the pino-pretty lookup (tests). */
  pretty?: PrettyFactory | undefined;
}

/**
 * The logger: pino with `service: papergraph`. JSON lines, or, when the format is `pretty`
 * (or `auto` on a TTY), readable lines through pino-pretty, or through `plainStream` where
 * pino-pretty is not installed. Pretty output is formatted in-process (no worker thread).
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const stream = options.stream ?? process.stdout;
  const format = chooseLogFormat(options.format ?? 'json', Boolean(stream.isTTY));
  const base = { level, base: { service: 'papergraph' } };
  if (format === 'json') return options.stream ? pino(base, options.stream) : pino(base);
  const pretty = 'pretty' in options ? options.pretty : loadPinoPretty();
  const destination = pretty
    ? pretty({
        destination: stream,
        colorize: Boolean(stream.isTTY),
        translateTime: 'SYS:HH:MM:ss',
        ignore: 'pid,hostname,service',
        sync: true,
      })
    : plainStream(stream);
  return pino(base, destination);
}
