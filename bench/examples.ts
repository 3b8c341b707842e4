import type { examples } from '../src/examples.js';
import type { Request } from './operations.js';

type Tab = (typeof examples.tabs)[number];

/** The name a GraphiQL example's operation declares ('' when anonymous). */
export const operationName = (query: string) => /^\s*(?:query|mutation)\s+(\w+)/m.exec(query)?.[1] ?? '';

/** A GraphiQL example as GraphiQL sends it: the tab's headers, its query and variables. */
export const exampleRequest = (tab: Tab): Request => ({
  path: '/graphql',
  headers: tab.headers ? JSON.parse(tab.headers) : {},
  body: JSON.stringify({ query: tab.query, variables: tab.variables ? JSON.parse(tab.variables) : undefined }),
});
