import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { manifestOf } from '../persisted/manifest.js';
import { operationSources } from '../persisted/sources.js';

// npm run operations:extract [-- <file>]: write the persisted-operations manifest (default operations.json).
const file = path.resolve(process.argv[2] ?? 'operations.json');
const documents = Object.entries(operationSources).flatMap(([name, source]) => {
  const docs = source();
  console.error(`${name}: ${docs.length} document(s)`);
  return docs;
});
const manifest = manifestOf(documents);
writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
console.error(`wrote ${Object.keys(manifest).length} operation(s) to ${file}`);
