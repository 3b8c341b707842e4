import path from 'node:path';
import type { BulkPhase, BulkSummary } from './bulk-import.js';

const number = (n: number) => n.toLocaleString('en-US');

/** The table printed after a bulk import: each phase with its time and records/s (source formats: works/s), then the totals. */
export function formatBulkSummary(s: BulkSummary, unit: 'records' | 'works' = 'records'): string {
  const files = s.files.map((f) => path.basename(f)).join(', ');
  const perSecond = (ms: number) => number(Math.round((s.records / Math.max(ms, 1)) * 1000));
  const phases = Object.entries(s.phasesMs) as [BulkPhase, number][];
  const rows: [string, string, string][] = [
    [unit, number(s.records), ''],
    ['nodes', number(s.nodes), ''],
    ['relationships', number(s.relationships), ''],
    ...phases.map(([phase, ms]): [string, string, string] => [
      phase,
      `${(ms / 1000).toFixed(1)} s`,
      `${perSecond(ms)} ${unit}/s`,
    ]),
    ['total', `${(s.ms / 1000).toFixed(1)} s`, `${number(s.recordsPerSecond)} ${unit}/s`],
  ];
  const w0 = Math.max(...rows.map(([k]) => k.length));
  const w1 = Math.max(...rows.map(([, v]) => v.length));
  return [
    `Bulk import summary (${files}; admin import heap ${s.importHeap})`,
    ...rows.map(([k, v, r]) => `  ${k.padEnd(w0)}  ${v.padStart(w1)}  ${r}`.trimEnd()),
  ].join('\n');
}
