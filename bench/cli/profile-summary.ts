import { readFileSync } from 'node:fs';
import path from 'node:path';

// npx tsx bench/cli/profile-summary.ts <file.cpuprofile> [top=25]
// The flame graph's flat view: self time per function (and per file), from a V8 CPU profile.
interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: tsx bench/cli/profile-summary.ts <file.cpuprofile> [top]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
for (const [i, id] of profile.samples.entries()) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);

/** A short location: the package (node_modules/<pkg>) or the project file, with the line. */
const where = (url: string, line: number) => {
  if (!url) return '';
  const pkg = url.match(/node_modules\/((?:@[^/]+\/)?[^/]+)/)?.[1];
  if (pkg) return pkg;
  const rel = url.replace(/^file:\/\//, '');
  return `${rel.includes('dist-bench/') ? rel.slice(rel.indexOf('dist-bench/') + 11) : path.basename(rel)}:${line + 1}`;
};
const fns = new Map<string, number>();
const groups = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id);
  if (!n) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  const key = `${functionName || '(anonymous)'} ${where(url, lineNumber)}`.trim();
  fns.set(key, (fns.get(key) ?? 0) + us);
  const group = url.includes('node_modules')
    ? (where(url, 0) ?? 'other')
    : url.startsWith('node:')
      ? 'node internals'
      : url
        ? 'papergraph'
        : functionName.startsWith('(')
          ? functionName
          : 'native';
  groups.set(group, (groups.get(group) ?? 0) + us);
}
const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
console.log(
  `profile: ${(total / 1e6).toFixed(1)} s of samples (${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s wall)`,
);
console.log('\nself time by package:');
for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(us)}  ${g}`);
console.log(`\ntop ${top} functions by self time:`);
for (const [f, us] of [...fns].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${pct(us)}  ${f}`);
