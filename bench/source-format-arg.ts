import { InvalidArgumentError } from 'commander';
import { type SourceFormat, sourceFormats } from '../src/ingest/formats/work.js';

/** Commander parser for the bench scripts' `--format <name>`: one of the source formats, or a usage error. */
export function sourceFormatArg(value: string): SourceFormat {
  if (!sourceFormats.includes(value as SourceFormat))
    throw new InvalidArgumentError(`one of ${sourceFormats.join(', ')}`);
  return value as SourceFormat;
}
