import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { LoadResult } from './load.js';
import type { Inputs, ServerName } from './operations.js';
import { compareSpreads, type Spread, spread } from './stats.js';

export const serverNames: ServerName[] = ['papergraph', 'neo4j-graphql', 'floor'];

export interface Check {
  /** The first response: ok (2xx, no GraphQL errors), and whether its whole answer equals the floor's. */
  ok: boolean;
  matchesFloor: boolean | null;
  ms: number;
  problem?: string;
}

export interface OperationReport {
  operation: string;
  checks: Partial<Record<ServerName, Check>>;
  /** Every repetition of every cell (all connection counts), in the order they ran. */
  runs: Partial<Record<ServerName, LoadResult[]>>;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  wallSeconds: number;
  commit: string;
  dirty: boolean;
  machine: {
    cpu: string;
    cores: number;
    memGiB: number;
    node: string;
    platform: string;
    /** 1/5/15-minute load averages: other work on the machine skews every number. */
    loadAvgAtStart: number[];
    loadAvgAtEnd?: number[];
  };
  neo4j: { version: string; heap: string; pageCache: string };
  dataset: {
    papers: number;
    seed: number;
    nodes: number;
    relationships: number;
    importRecordsPerSecond?: number;
    /** The dataset's version: the generator (a hash of bench/generate/*.ts) and its options. */
    generator?: { source: string; options: { papers: number; seed: number } };
  };
  settings: { durationS: number; warmupS: number; connections: number[]; repetitions?: number; cache?: string };
  inputs: Inputs;
  operations: OperationReport[];
}

const git = (...args: string[]) => {
  try {
    return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

export const loadAverages = () => os.loadavg().map((v) => Math.round(v * 100) / 100);

export function machineInfo(): BenchReport['machine'] & { commit: string; dirty: boolean } {
  return {
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
    loadAvgAtStart: loadAverages(),
    commit: git('rev-parse', 'HEAD') || 'unknown',
    dirty: git('status', '--porcelain').length > 0,
  };
}

/** One cell's repetitions summarised: p50, p99 and req/s as median with min–max. */
export interface CellSummary {
  p50?: Spread;
  p99?: Spread;
  reqPerSec?: Spread;
  bad: number;
  runs: number;
}

export function summarise(runs: LoadResult[] | undefined, connections: number): CellSummary | undefined {
  const at = runs?.filter((r) => r.connections === connections) ?? [];
  if (at.length === 0) return undefined;
  const answered = at.filter((r) => r.requests > 0);
  return {
    p50: spread(answered.map((r) => r.p50)),
    p99: spread(answered.map((r) => r.p99)),
    reqPerSec: spread(at.map((r) => r.reqPerSec)),
    bad: at.reduce((n, r) => n + r.non2xx + r.graphqlErrors + r.errors + r.timeouts, 0),
    runs: at.length,
  };
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const range = (s: Spread | undefined, f: (v: number) => string) =>
  !s ? '–' : s.n > 1 ? `${f(s.median)} (${f(s.min)}–${f(s.max)})` : f(s.median);

function cellText(c: CellSummary | undefined, check?: Check): string {
  if (!c) return check?.ok === false ? 'error' : '–';
  if (!c.p50) return 'none answered';
  const rps = (v: number) => v.toFixed(0);
  return `${range(c.p50, ms)} / ${range(c.p99, ms)} / ${range(c.reqPerSec, rps)}${c.bad ? ` (${c.bad} bad)` : ''}`;
}

/** "1.23×", with "(within noise)" when the two spreads overlap, "(1 run)" without spread. */
export function ratioText(a?: Spread, b?: Spread): string {
  const c = compareSpreads(a, b);
  if (!c) return '–';
  const note = c.verdict === 'within noise' ? ' (within noise)' : c.verdict === 'single' ? '' : '';
  return `${c.ratio.toFixed(2)}×${note}`;
}

export function header(report: BenchReport): string {
  const g = report.dataset.generator;
  return (
    `Dataset: ${report.dataset.papers.toLocaleString('en')} papers (seed ${report.dataset.seed}${g ? `, generator ${g.source}` : ''}), ${report.dataset.nodes.toLocaleString('en')} nodes, ${report.dataset.relationships.toLocaleString('en')} relationships. ` +
    `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memGiB} GiB, Node ${report.machine.node}; Neo4j ${report.neo4j.version} (heap ${report.neo4j.heap}, page cache ${report.neo4j.pageCache}) on the same machine. ` +
    `Commit ${report.commit.slice(0, 10)}${report.dirty ? ' (dirty)' : ''}. ${report.settings.repetitions ?? 1} repetition(s) per cell, servers interleaved; ${report.settings.durationS} s per run after ${report.settings.warmupS} s warm-up; response cache ${report.settings.cache ?? 'off'}. ` +
    `Latency in ms as median (min–max over repetitions). ` +
    `Load average ${report.machine.loadAvgAtStart.join(' ')} at start, ${report.machine.loadAvgAtEnd?.join(' ') ?? '?'} at end.`
  );
}

/** The markdown table: one row per operation and connection count. */
export function markdown(report: BenchReport): string {
  const lines = [
    header(report),
    '',
    '| operation | conns | papergraph p50 / p99 / req/s | @neo4j/graphql p50 / p99 / req/s | floor p50 / p99 / req/s | pg/floor p50 | pg/n4g req/s | answers |',
    '|---|---:|---|---|---|---:|---:|---|',
  ];
  for (const op of report.operations) {
    for (const connections of report.settings.connections) {
      const cell = (s: ServerName) => summarise(op.runs[s], connections);
      const [pg, n4g, fl] = [cell('papergraph'), cell('neo4j-graphql'), cell('floor')];
      const checks = serverNames
        .filter((s) => s !== 'floor')
        .map((s) => {
          const c = op.checks[s];
          if (!c) return `${s === 'papergraph' ? 'pg' : 'n4g'}: –`;
          return `${s === 'papergraph' ? 'pg' : 'n4g'}: ${!c.ok ? 'ERROR' : c.matchesFloor ? '= floor' : 'DIFFERS'}`;
        })
        .join(', ');
      lines.push(
        `| ${op.operation} | ${connections} | ${cellText(pg, op.checks.papergraph)} | ${cellText(n4g, op.checks['neo4j-graphql'])} | ${cellText(fl, op.checks.floor)} | ` +
          `${ratioText(pg?.p50, fl?.p50)} | ${ratioText(pg?.reqPerSec, n4g?.reqPerSec)} | ${checks} |`,
      );
    }
  }
  return lines.join('\n');
}

/**
 * `npm run bench -- --compare old.json [new.json]`: new/old ratios of median p50 and req/s per
 * cell and server, "within noise" when the two runs' min–max ranges overlap.
 */
export function compareReports(old: BenchReport, now: BenchReport): string {
  const lines = [
    `old: commit ${old.commit.slice(0, 10)}${old.dirty ? ' (dirty)' : ''}, ${old.startedAt}, ${old.dataset.papers.toLocaleString('en')} papers (seed ${old.dataset.seed}), ${old.settings.repetitions ?? 1} repetition(s)`,
    `new: commit ${now.commit.slice(0, 10)}${now.dirty ? ' (dirty)' : ''}, ${now.startedAt}, ${now.dataset.papers.toLocaleString('en')} papers (seed ${now.dataset.seed}), ${now.settings.repetitions ?? 1} repetition(s)`,
  ];
  if (old.dataset.papers !== now.dataset.papers || old.dataset.seed !== now.dataset.seed) {
    lines.push('WARNING: the two runs used different datasets; ratios compare unlike things.');
  }
  lines.push(
    '',
    '| operation | conns | server | p50 old → new (ms) | p50 new/old | req/s old → new | req/s new/old |',
    '|---|---:|---|---|---:|---|---:|',
  );
  for (const op of now.operations) {
    const before = old.operations.find((o) => o.operation === op.operation);
    if (!before) continue;
    for (const connections of now.settings.connections) {
      for (const server of serverNames) {
        const [a, b] = [summarise(before.runs[server], connections), summarise(op.runs[server], connections)];
        if (!a || !b) continue;
        const med = (s: Spread | undefined, f: (v: number) => string) => (s ? f(s.median) : '–');
        lines.push(
          `| ${op.operation} | ${connections} | ${server} | ${med(a.p50, ms)} → ${med(b.p50, ms)} | ${ratioText(b.p50, a.p50)} | ` +
            `${med(a.reqPerSec, (v) => v.toFixed(0))} → ${med(b.reqPerSec, (v) => v.toFixed(0))} | ${ratioText(b.reqPerSec, a.reqPerSec)} |`,
        );
      }
    }
  }
  return lines.join('\n');
}
