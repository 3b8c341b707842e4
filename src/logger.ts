import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Structured JSON logs on stdout; `npm start` pipes nothing, so use `| npx pino-pretty` to read them. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'papergraph' } });
}
