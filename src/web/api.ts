/** The pages' one way to ask papergraph: POST /graphql on this origin, with the CSRF header. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-papergraph-csrf': '1' },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError('papergraph cannot be reached (is the server running?)', 'NETWORK');
  }
  const body = (await response.json().catch(() => ({}))) as GraphQLResponse<T>;
  const first = body.errors?.[0];
  if (first) throw new ApiError(first.message, first.extensions?.code);
  if (!response.ok || !body.data) throw new ApiError(`papergraph answered HTTP ${response.status}`);
  return body.data;
}

/** A link that opens GraphiQL (/graphql) with this exact query and variables. */
export function graphiqlLink(query: string, variables?: Record<string, unknown>): string {
  const params = new URLSearchParams({ query: query.trim() });
  if (variables) params.set('variables', JSON.stringify(variables, null, 2));
  return `/graphql?${params}`;
}

/** Create an element with attributes and children (text or nodes): the pages build their DOM with it. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | undefined> = {},
  ...children: (Node | string | null | undefined)[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) el.setAttribute(k, v);
  for (const c of children) if (c !== null && c !== undefined) el.append(c);
  return el;
}
