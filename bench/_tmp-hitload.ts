import { spawn } from 'node:child_process';
import { load } from './dashboard-load.js';
const child = spawn(process.execPath, ['--cpu-prof', '--cpu-prof-dir=/work/scratch/prof', '--import', 'tsx', 'bench/servers/serve.ts', 'papergraph', 'bolt://127.0.0.1:7721', 'neo4j', 'papergraph'], {
  stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', CACHE: 'true', SEED_ON_START: 'false' } });
let err = '';
const url = await new Promise<string>((res) => child.stderr.on('data', (c) => { err += c; const m = err.match(/\{"url":"([^"]+)"\}/); if (m) res(m[1]!); }));
const bodies = [JSON.stringify({ query: '{ stats { topTechniques(first: 10) { paperCount technique { name } } } }' }), JSON.stringify({ query: '{ series(groupBy: YEAR) { key count } }' })];
for (const b of bodies) await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: b })).text();
const s = await load(url, bodies, 32, 10);
console.log(JSON.stringify({ ...s, probes: undefined }));
child.kill('SIGINT');
await new Promise((r) => child.once('exit', r));
