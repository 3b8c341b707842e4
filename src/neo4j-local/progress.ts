import cliProgress from 'cli-progress';

/** Progress of a step that counts things (jars copied) without knowing the total beforehand. */
export interface CountProgress {
  update(count: number): void;
  /** End the line (a bar is left showing the final count). */
  stop(): void;
}

/**
 * One progress line for a counted step: on a TTY a cli-progress line redrawn in place ("Neo4j
 * jars: 150 copied, 12 s"); otherwise (logs, CI) a plain line through `log` every `every` items,
 * so a long step prints a few lines, not one per item.
 */
export function countProgress(
  label: string,
  log: (line: string) => void,
  options: { stream?: NodeJS.WriteStream; every?: number } = {},
): CountProgress {
  const stream = options.stream ?? process.stderr;
  const every = options.every ?? 100;
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar({
      stream,
      format: `${label}: {value} copied, {duration}s`,
      hideCursor: true,
    });
    let started = false;
    return {
      update(count) {
        if (!started) {
          bar.start(Number.MAX_SAFE_INTEGER, 0);
          started = true;
        }
        bar.update(count);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let printed = 0;
  return {
    update(count) {
      if (count - printed >= every) {
        printed = count;
        log(`  ${label}: ${count} copied…`);
      }
    },
    stop() {},
  };
}
