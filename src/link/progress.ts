import cliProgress from 'cli-progress';

/**
 * Progress of a linker run on `stream` (stderr): a cli-progress bar on a TTY (papers, rate, ETA),
 * otherwise a plain line every `intervalMs` and at the end — like the importer's.
 */
export function createLinkProgress(stream: NodeJS.WriteStream = process.stderr, intervalMs = 2_000, label = 'link') {
  const startedAt = performance.now();
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  let last = { done: 0, total: 0 };
  const rate = (done: number) => Math.round(done / Math.max((performance.now() - startedAt) / 1000, 0.001));
  const line = () => {
    stream.write(`[${label}] ${last.done.toLocaleString('en-US')} of ${last.total.toLocaleString('en-US')} papers`);
    stream.write(` (${rate(last.done).toLocaleString('en-US')}/s)\n`);
    lastLine = performance.now();
  };
  return {
    update: (p: { done: number; total: number }) => {
      last = p;
      if (stream.isTTY) {
        if (!bar) {
          bar = new cliProgress.SingleBar(
            {
              stream,
              format: `${label} [{bar}] {percentage}% | {value}/{total} papers | {rate}/s | ETA {eta_formatted}`,
            },
            cliProgress.Presets.shades_classic,
          );
          bar.start(p.total, 0, { rate: 0 });
        }
        bar.update(p.done, { rate: rate(p.done) });
      } else if (performance.now() - lastLine >= intervalMs) {
        line();
      }
    },
    stop: () => {
      if (bar) bar.stop();
      else if (last.done) line();
    },
  };
}
