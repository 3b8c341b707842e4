import { readdirSync, readFileSync } from 'node:fs';

/** Process figures from Linux's /proc, for the benchmarks' CPU accounting. */

const TICKS = 100; // USER_HZ on Linux

/** utime + stime of one /proc stat line, in ms (fields after the parenthesised command name). */
const statCpuMs = (stat: string) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
};

const childrenOf = (pid: number) =>
  readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);

/** User + system CPU ms `pid` has used; undefined when it cannot be read (gone, or not Linux). */
export function cpuMs(pid: number | undefined): number | undefined {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return undefined;
  }
}

/** User + system CPU ms of `pid` and its descendants (the local JVM runs under a /bin/sh watchdog). */
export function treeCpuMs(pid: number): number {
  let ms = 0;
  const walk = (p: number) => {
    try {
      ms += statCpuMs(readFileSync(`/proc/${p}/stat`, 'utf8'));
      for (const child of childrenOf(p)) walk(child);
    } catch {
      // exited meanwhile
    }
  };
  walk(pid);
  return ms;
}

/** CPU ms per thread name (digits folded) of `pid` and its descendants, largest first. */
export function threadCpu(pid: number): [string, number][] {
  const out = new Map<string, number>();
  const walk = (p: number) => {
    try {
      for (const tid of readdirSync(`/proc/${p}/task`)) {
        const stat = readFileSync(`/proc/${p}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+/g, '#');
        out.set(name, (out.get(name) ?? 0) + statCpuMs(stat));
      }
      for (const child of childrenOf(p)) walk(child);
    } catch {
      // exited meanwhile
    }
  };
  walk(pid);
  return [...out].sort((a, b) => b[1] - a[1]);
}
