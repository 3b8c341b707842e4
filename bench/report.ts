import { execFileSync } from 'node:child_process';
import os from 'node:os';
import type { LoadResult } from './load.js';
import type { Inputs, ServerName } from './operations.js';

export const serverNames: ServerName[] = ['papergraph', 'neo4j-graphql', 'floor'];

export interface Check {
  /** The first response: ok (2xx, no GraphQL errors), and whether its ids match the floor's. */
  ok: boolean;
  matchesFloor: boolean | null;
  ms: number;
  problem?: string;
}

export interface OperationReport {
  operation: string;
  checks: Partial<Record<ServerName, Check>>;
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
  dataset: { papers: number; seed: number; nodes: number; relationships: number; importRecordsPerSecond?: number };
  settings: { durationS: number; warmupS: number; connections: number[] };
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

const fmt = (v: number | undefined, digits = 1) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '–');

/** The markdown table: one row per operation and connection count. */
export function markdown(report: BenchReport): string {
  const lines = [
    `Dataset: ${report.dataset.papers.toLocaleString('en')} papers (seed ${report.dataset.seed}), ${report.dataset.nodes.toLocaleString('en')} nodes, ${report.dataset.relationships.toLocaleString('en')} relationships. ` +
      `Machine: ${report.machine.cpu}, ${report.machine.cores} cores, ${report.machine.memGiB} GiB, Node ${report.machine.node}; Neo4j ${report.neo4j.version} (heap ${report.neo4j.heap}, page cache ${report.neo4j.pageCache}) on the same machine. ` +
      `Commit ${report.commit.slice(0, 10)}${report.dirty ? ' (dirty)' : ''}. ${report.settings.durationS} s per run after ${report.settings.warmupS} s warm-up; latency in ms. ` +
      `Load average ${report.machine.loadAvgAtStart.join(' ')} at start, ${report.machine.loadAvgAtEnd?.join(' ') ?? '?'} at end.`,
    '',
    '| operation | conns | papergraph p50 / p99 / req/s | @neo4j/graphql p50 / p99 / req/s | floor p50 / p99 / req/s | pg/floor p50 | pg/n4g req/s | checks |',
    '|---|---:|---|---|---|---:|---:|---|',
  ];
  for (const op of report.operations) {
    for (const connections of report.settings.connections) {
      const at = (s: ServerName) => op.runs[s]?.find((r) => r.connections === connections);
      const cell = (s: ServerName) => {
        const r = at(s);
        if (!r) return op.checks[s]?.ok === false ? 'error' : '–';
        if (!r.requests) return `none in ${r.durationS} s`;
        const bad = r.non2xx + r.graphqlErrors + r.errors + r.timeouts;
        return `${fmt(r.p50)} / ${fmt(r.p99)} / ${fmt(r.reqPerSec, 0)}${bad ? ` (${bad} bad)` : ''}`;
      };
      const checks = serverNames
        .filter((s) => s !== 'floor')
        .map((s) => {
          const c = op.checks[s];
          if (!c) return `${s}: –`;
          return `${s === 'papergraph' ? 'pg' : 'n4g'}: ${!c.ok ? 'ERROR' : c.matchesFloor ? '= floor' : 'DIFFERS'}`;
        })
        .join(', ');
      lines.push(
        `| ${op.operation} | ${connections} | ${cell('papergraph')} | ${cell('neo4j-graphql')} | ${cell('floor')} | ` +
          `${ratio(at('papergraph')?.p50, at('floor')?.p50)} | ${ratio(at('papergraph')?.reqPerSec, at('neo4j-graphql')?.reqPerSec)} | ${checks} |`,
      );
    }
  }
  return lines.join('\n');
}
