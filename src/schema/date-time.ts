import type { ValueNode } from 'graphql';
import { builder } from '../builder.js';
import { badInput } from '../errors.js';
import { Kind } from '../graphql.js';

/** The range of a JavaScript Date: ±8.64e15 ms around the epoch. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * ISO 8601 as dashboards send it: a date (`2023`, `2023-06`, `2023-06-01`, read as UTC midnight)
 * or a date-time with seconds optional and a zone required (`Z` or `±hh:mm`): a time without a
 * zone means a different instant on every server, so it is refused rather than guessed.
 */
const isoDate = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;
const isoDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;
/** Digits only, five or more: epoch milliseconds sent as a string (`"1577836800000"`); four digits are a year. */
const epochDigits = /^-?\d{5,}$/;

const invalid = (value: unknown) =>
  badInput(
    `DateTime must be an ISO 8601 date or date-time with a zone (e.g. "2023-06-01" or "2023-06-01T00:00:00Z") or epoch milliseconds (e.g. 1685577600000); got ${JSON.stringify(value)}.`,
  );

function fromEpochMs(ms: number, original: unknown): Date {
  if (!Number.isInteger(ms) || Math.abs(ms) > MAX_EPOCH_MS) throw invalid(original);
  return new Date(ms);
}

function fromIso(text: string): Date {
  const date = isoDate.exec(text);
  if (date) {
    const [, y, m = '01', d = '01'] = date;
    const parsed = new Date(`${y}-${m}-${d}T00:00:00Z`);
    // Date rolls 2023-02-30 over to March: a real date reads back the same.
    if (Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== `${y}-${m}-${d}`) throw invalid(text);
    return parsed;
  }
  const dateTime = isoDateTime.exec(text);
  if (!dateTime) throw invalid(text);
  const [, y, mo, d, h, mi, s = '00'] = dateTime;
  const parsed = new Date(text.toUpperCase());
  const fieldsValid =
    Number(mo) >= 1 &&
    Number(mo) <= 12 &&
    Number(h) <= 23 &&
    Number(mi) <= 59 &&
    Number(s) <= 59 &&
    new Date(`${y}-${mo}-${d}T00:00:00Z`).toISOString().slice(0, 10) === `${y}-${mo}-${d}`;
  if (!fieldsValid || Number.isNaN(parsed.getTime())) throw invalid(text);
  return parsed;
}

/** A DateTime input: an ISO 8601 string or epoch milliseconds (a number, or a string of 5+ digits). */
export function parseDateTime(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'number') return fromEpochMs(value, value);
  if (typeof value !== 'string') throw invalid(value);
  const text = value.trim();
  return epochDigits.test(text) ? fromEpochMs(Number(text), value) : fromIso(text);
}

/**
 * A literal in the document. Integer literals keep their digits in the AST, so epoch ms beyond
 * Int's 32 bits arrive intact. Failures are plain errors: graphql-js then reports them as
 * validation errors pointing at the value (which useArgumentNames turns into the argument's name).
 */
function parseLiteral(node: ValueNode): Date {
  try {
    if (node.kind === Kind.INT || node.kind === Kind.FLOAT) return fromEpochMs(Number(node.value), node.value);
    if (node.kind === Kind.STRING) return parseDateTime(node.value);
    throw invalid(node.kind);
  } catch (error) {
    throw new TypeError((error as Error).message);
  }
}

export const DateTime = builder.scalarType('DateTime', {
  description:
    'An instant. Input: an ISO 8601 date (`2023`, `2023-06`, `2023-06-01`: UTC midnight) or date-time with a zone (`2023-06-01T12:00:00Z`, `…+02:00`), or epoch milliseconds as a number (`1685577600000`, as Grafana sends `from`/`to`; beyond Int range, so not an Int) or a string of digits. Output: ISO 8601 in UTC, `2023-06-01T00:00:00.000Z`.',
  serialize: (value) => (value instanceof Date ? value.toISOString() : parseDateTime(value).toISOString()),
  parseValue: parseDateTime,
  parseLiteral,
});
