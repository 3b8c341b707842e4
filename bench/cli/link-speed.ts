import { availableParallelism, loadavg } from 'node:os';
import { Command } from 'commander';
import { positiveInt } from '../../src/ingest/command.js';
import { readCorpus, seedCorpusFiles, vocabularyOf } from '../../src/link/corpus.js';
import { compileLinker } from '../../src/link/engine.js';
import type { Mention, PaperText, VocabularyEntry } from '../../src/link/types.js';
import { generateRecords, truthOf } from '../generate/generator.js';

// npm run bench:link -- [--papers N] [--seed S]
// Matching speed (papers/s, no database) on the synthetic corpus of `npm run generate` and on the seed's real
// abstracts, and precision/recall against the links the generator planted (bench/generate/mentions.ts).
const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

const program = new Command('npm run bench:link --')
  .option('-p, --papers <n>', 'number of generated papers', positiveInt, 100_000)
  .option('-s, --seed <n>', 'generator seed', (v) => Number.parseInt(v, 10) >>> 0, 1)
  .action(async ({ papers: n, seed }: { papers: number; seed: number }) => {
    const vocabulary: VocabularyEntry[] = [];
    const papers: PaperText[] = [];
    for (const r of generateRecords({ papers: n, seed }) as Iterable<Record<string, unknown>>) {
      if (r.type === 'technique') vocabulary.push(...vocabularyOf([r as never]));
      else if (r.type === 'paper')
        papers.push({ id: String(r.id), title: String(r.title), abstract: String(r.abstract) });
      else if (r.type === 'edge') break;
    }
    let t0 = performance.now();
    const linker = compileLinker(vocabulary);
    const compileMs = performance.now() - t0;
    for (const p of papers.slice(0, 2000)) linker.link(p); // warm-up
    t0 = performance.now();
    let cpu0 = process.cpuUsage();
    const mentions: Mention[][] = papers.map((p) => linker.link(p));
    const linkMs = performance.now() - t0;
    const linkCpuMs = cpuMs(process.cpuUsage(cpu0));
    const chars = papers.reduce((s, p) => s + p.title.length + (p.abstract?.length ?? 0), 0);

    // Quality against the generator's truth: (paper, technique, relation); kinds compared on matched links.
    const count = { tp: 0, fp: 0, fn: 0 };
    const by = { USES: { ...count }, INTRODUCES: { ...count } };
    let kindOk = 0;
    let kindAll = 0;
    for (let i = 0; i < papers.length; i++) {
      const truth = new Map(truthOf(seed, n, i).map((t) => [`${t.technique} ${t.relation}`, t]));
      const mined = new Map(mentions[i]!.map((m) => [`${m.techniqueId} ${m.relation}`, m]));
      for (const [k, m] of mined) {
        const t = truth.get(k);
        if (t) {
          by[m.relation].tp++;
          kindAll++;
          if (t.kind === m.mentionKind) kindOk++;
        } else by[m.relation].fp++;
      }
      for (const [k, t] of truth) if (!mined.has(k)) by[t.relation].fn++;
    }
    const seedCorpus = await readCorpus(seedCorpusFiles('seed'));
    const seedLinker = compileLinker(vocabularyOf(seedCorpus.techniques));
    const seedPapers = seedCorpus.papers.map((p) => ({ id: p.id, title: p.title, abstract: p.abstract }));
    const reps = Math.ceil(20_000 / seedPapers.length);
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for (let r = 0; r < reps; r++) for (const p of seedPapers) seedLinker.link(p);
    const seedMs = performance.now() - t0;
    const seedCpuMs = cpuMs(process.cpuUsage(cpu0));
    const seedChars = seedPapers.reduce((s, p) => s + p.title.length + (p.abstract?.length ?? 0), 0);

    const f = (x: number) => x.toFixed(3);
    const rate = (k: number, ms: number) => Math.round(k / (ms / 1000)).toLocaleString('en');
    const out = [
      `bench:link — ${linker.rulesVersion}, node ${process.version}`,
      `generated: ${n.toLocaleString('en')} papers (seed ${seed}), ${vocabulary.length} techniques, mean ${Math.round(chars / n)} chars of title+abstract`,
      `  compile vocabulary: ${compileMs.toFixed(1)} ms`,
      `  link: ${(linkMs / 1000).toFixed(2)} s wall, ${(linkCpuMs / 1000).toFixed(2)} s CPU = ${rate(n, linkCpuMs)} papers per CPU-second (${rate(n, linkMs)} papers/s wall; ${(chars / 1e6 / (linkCpuMs / 1000)).toFixed(1)} MB per CPU-second)`,
      `seed abstracts (real text, mean ${Math.round(seedChars / seedPapers.length)} chars): ${rate(reps * seedPapers.length, seedCpuMs)} papers per CPU-second (${rate(reps * seedPapers.length, seedMs)} papers/s wall)`,
      `  load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(
          ' ',
        )} on ${availableParallelism()} cores: wall-clock rates depend on what else runs; CPU-second rates much less`,
      '',
      '| relation   | true links | mined | correct | precision | recall |',
      '|------------|-----------:|------:|--------:|----------:|-------:|',
      ...(['USES', 'INTRODUCES'] as const).map((r) => {
        const c = by[r];
        return `| ${r.padEnd(10)} | ${c.tp + c.fn} | ${c.tp + c.fp} | ${c.tp} | ${f(c.tp / Math.max(1, c.tp + c.fp))} | ${f(c.tp / Math.max(1, c.tp + c.fn))} |`;
      }),
      '',
      `mention kind (MENTION/CONTRAST) right on ${kindOk} of ${kindAll} correct links`,
    ];
    process.stdout.write(`${out.join('\n')}\n`);
  });

await program.parseAsync();
