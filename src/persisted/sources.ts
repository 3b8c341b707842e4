import { examples } from '../examples.js';
import { pageDocuments } from './page-operations.js';

/**
 * Where the documents of `npm run operations:extract` come from: the GraphiQL
 * example tabs and the pages' queries. Add a source by adding a function here
 * that returns its documents, exactly as its client sends them.
 */
export const operationSources: Record<string, () => string[]> = {
  'GraphiQL examples (src/examples.ts)': () => [examples.defaultQuery, ...examples.tabs.map((tab) => tab.query)],
  'pages /explore and /dashboard (src/persisted/page-operations.ts)': pageDocuments,
};
