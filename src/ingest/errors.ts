import path from 'node:path';

/** A record's place: file and 1-based line. */
export interface Where {
  file: string;
  line: number;
}

/** One problem with one record: where it is, and which field. */
export interface RecordError {
  file: string;
  /** 1-based line number of the record (0 when the problem is the file itself). */
  line: number;
  /** Where in the record, e.g. `authors[2]` or `confidence`; empty for the whole record. */
  path: string;
  message: string;
}

/** A file as people typed it: relative to the working directory when it is under it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `file:line path: message`, the form every import error is printed in (`file: message` for a whole file). */
export function formatRecordError(e: RecordError): string {
  if (!e.line) return `${displayPath(e.file)}: ${e.message}`;
  return `${displayPath(e.file)}:${e.line} ${e.path ? `${e.path}: ` : ''}${e.message}`;
}

/** The import did not validate; nothing was written. */
export class ImportValidationError extends Error {
  constructor(
    /** The first problems found (at most a hundred), in file and line order. */
    readonly errors: RecordError[],
    /** How many problems there were in all. */
    readonly total: number,
  ) {
    const more = total > errors.length ? `\n  … and ${total - errors.length} more` : '';
    super(
      `Import rejected, nothing was written: ${total} problem(s)\n${errors.map((e) => `  ${formatRecordError(e)}`).join('\n')}${more}`,
    );
    this.name = 'ImportValidationError';
  }
}

/** A batch failed while writing; its transaction was rolled back (earlier batches stay, re-running is idempotent). */
export class ImportBatchError extends Error {
  constructor(
    /** The records of the batch that caused it, when they are known. */
    readonly errors: RecordError[],
    readonly batch: { first?: Where; last?: Where; committedBatches: number },
    cause: unknown,
  ) {
    const span = (e?: Where) => (e ? `${displayPath(e.file)}:${e.line}` : '?');
    const lines = errors.map((e) => `  ${formatRecordError(e)}`).join('\n');
    super(
      `Import batch ${span(batch.first)}–${span(batch.last)} was rolled back, nothing in it was written` +
        ` (${batch.committedBatches} earlier batch(es) are committed; re-running the import is safe): ` +
        `${(cause as Error).message}${lines ? `\n${lines}` : ''}`,
      { cause },
    );
    this.name = 'ImportBatchError';
  }
}
