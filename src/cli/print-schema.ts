import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../bootstrap.js';
import { lexicographicSortSchema, printSchema } from '../graphql.js';
import { schema } from '../schema/index.js';

/** The SDL as committed in schema/schema.graphql (sorted, so diffs stay small). */
export const printedSchema = () => `${printSchema(lexicographicSortSchema(schema))}\n`;

export const sdlFile = path.join(repoRoot, 'schema', 'schema.graphql');

// npm run schema:print — rewrite schema/schema.graphql from the code.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  await writeFile(sdlFile, printedSchema());
  console.log(`wrote ${path.relative(process.cwd(), sdlFile)}`);
}
