import path from 'node:path';
import cliProgress from 'cli-progress';
import type { ImportProgress, ImportSummary } from './load.js';

export interface ProgressReporter {
  onProgress(p: ImportProgress): void;
  /** End the current phase's bar or line; `complete` shows it at 100%, else where it stopped. */
  stop(complete?: boolean): void;
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${Math.round(bytes)} B`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

const number = (n: number) => n.toLocaleString('en-US');

/** What one progress update shows besides the bar: bytes, records written, rates. */
function details(p: ImportProgress, startedAt: number) {
  const seconds = Math.max((performance.now() - startedAt) / 1000, 0.001);
  const bytes = Math.min(p.bytes, p.totalBytes);
  const percent = p.totalBytes ? Math.floor((bytes / p.totalBytes) * 100) : 100;
  if (p.unit)
    return {
      bytes,
      percent,
      done: number(bytes),
      size: `${number(p.totalBytes)} ${p.unit}`,
      rate: `${number(Math.round(bytes / seconds))} ${p.unit}/s`,
      records: '',
    };
  return {
    bytes,
    percent,
    done: formatBytes(bytes),
    size: formatBytes(p.totalBytes),
    rate: `${formatBytes(bytes / seconds)}/s`,
    records:
      p.phase === 'validate' ? '' : ` | ${number(p.written)} records, ${number(Math.round(p.written / seconds))}/s`,
  };
}

/**
 * Progress on `stream`: on a TTY one cli-progress bar per phase (bytes, rate,
 * ETA); otherwise a plain line when a phase starts, every `intervalMs`, and when it ends.
 */
export function createProgressReporter(
  stream: NodeJS.WriteStream = process.stderr,
  intervalMs = 2_000,
): ProgressReporter {
  let phase: ImportProgress['phase'] | undefined;
  let startedAt = 0;
  let last: ImportProgress | undefined;
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  let printed: ImportProgress | undefined;

  const line = (p: ImportProgress) => {
    if (printed && printed.phase === p.phase && printed.bytes === p.bytes && printed.written === p.written) return;
    const d = details(p, startedAt);
    stream.write(`[import] ${p.phase} ${d.percent}% (${d.done} of ${d.size}, ${d.rate}${d.records})\n`);
    lastLine = performance.now();
    printed = p;
  };
  const finish = (complete = true) => {
    if (!last) return;
    const end = complete ? { ...last, bytes: last.totalBytes } : last;
    if (bar) {
      bar.update(Math.min(end.bytes, end.totalBytes), details(end, startedAt));
      bar.stop();
      bar = undefined;
    } else {
      line(end);
    }
    last = undefined;
  };

  return {
    onProgress(p) {
      if (p.phase !== phase) {
        finish();
        phase = p.phase;
        startedAt = performance.now();
        if (stream.isTTY) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${p.phase.padEnd(13)} [{bar}] {percentage}% | {done} of {size} | {rate}{records} | ETA {eta_formatted}`,
              barsize: 30,
              hideCursor: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.totalBytes, 0, details(p, startedAt));
        } else {
          line(p);
        }
      }
      last = p;
      if (bar) bar.update(Math.min(p.bytes, p.totalBytes), details(p, startedAt));
      else if (performance.now() - lastLine >= intervalMs) line(p);
    },
    stop: finish,
  };
}

/** The summary table printed after an import. */
export function formatSummary(s: ImportSummary, title = 'Import'): string {
  const files = s.files.map((f) => path.basename(f)).join(', ');
  const seconds = s.ms / 1000;
  if (s.dryRun) {
    return `${title} dry run: ${number(s.records)} records in ${s.files.length} file(s) are valid (${files}); nothing was written (${seconds.toFixed(2)} s).`;
  }
  const rows: [string, string][] = [
    ['records', number(s.records)],
    ['nodes created', number(s.nodesCreated)],
    ['nodes updated', number(s.nodesUpdated)],
    ['nodes unchanged', number(s.nodesUnchanged)],
    ['relationships created', number(s.relationshipsCreated)],
    ['relationships updated', number(s.relationshipsUpdated)],
    ['relationships deleted', number(s.relationshipsDeleted)],
    ['transactions', number(s.batches)],
    ['time', `${seconds.toFixed(2)} s`],
    ['records/s', number(s.recordsPerSecond)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  const valueWidth = Math.max(...rows.map(([, v]) => v.length));
  return [
    `${title} summary (${files})`,
    ...rows.map(([k, v]) => `  ${k.padEnd(width)}  ${v.padStart(valueWidth)}`),
  ].join('\n');
}
