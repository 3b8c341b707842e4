import type { Config } from '../config.js';

export interface PageLine {
  name: string;
  url: string;
  /** What the startup log says, e.g. "GraphiQL   http://127.0.0.1:4000/graphql". */
  line: string;
}

/**
 * Where each page of a started server is, for the startup lines: GraphQL (with GraphiQL when it is
 * on), and the explorer and dashboard when the configuration has pages on (`config.pages`, added
 * with the pages themselves: read defensively, so this runs with or without them).
 */
export function pagesOf(config: Config, baseUrl: string): PageLine[] {
  const pages: Omit<PageLine, 'line'>[] = [
    { name: config.graphiql ? 'GraphiQL' : 'GraphQL', url: `${baseUrl}/graphql` },
  ];
  if ((config as Config & { pages?: boolean }).pages === true) {
    pages.push({ name: 'Explorer', url: `${baseUrl}/explore` }, { name: 'Dashboard', url: `${baseUrl}/dashboard` });
  }
  const width = Math.max(...pages.map((p) => p.name.length));
  return pages.map((p) => ({ ...p, line: `${p.name.padEnd(width)}  ${p.url}` }));
}
