import { readCorpus, readGold, seedCorpusFiles } from '../../src/link/corpus.js';
import { evaluate, formatEvaluation } from '../../src/link/evaluate.js';

// npm run link:evaluate -- [seedDir] [goldFile]
// The linker's quality on the seed (curated edges hidden) against test/fixtures/linker-gold.ndjson.
const [dir = 'seed', goldFile = 'test/fixtures/linker-gold.ndjson'] = process.argv.slice(2);
const corpus = await readCorpus(seedCorpusFiles(dir));
process.stdout.write(formatEvaluation(evaluate(corpus, await readGold(goldFile))));
