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

/**
 * Set once the server answered PERSISTED_QUERY_REQUIRED (PERSISTED_OPERATIONS=only): from then on
 * requests name their document by `documentId` (its sha256; every page document is in the manifest,
 * src/persisted/page-operations.ts) instead of sending its text.
 */
let byId = false;

async function sha256(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

async function post<T>(body: Record<string, unknown>): Promise<{ response: Response; body: GraphQLResponse<T> }> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', 'x-papergraph-csrf': '1' },
      body: JSON.stringify(body),
    });
  } catch {
    throw new ApiError('papergraph cannot be reached (is the server running?)', 'NETWORK');
  }
  return { response, body: (await response.json().catch(() => ({}))) as GraphQLResponse<T> };
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const sentById = byId;
  let answer = sentById
    ? await post<T>({ documentId: `sha256:${await sha256(query)}`, variables })
    : await post<T>({ query, variables });
  // crypto.subtle exists in secure contexts only (https, localhost). Not `byId`: requests sent together all retry.
  if (!sentById && answer.body.errors?.[0]?.extensions?.code === 'PERSISTED_QUERY_REQUIRED' && crypto.subtle) {
    byId = true;
    answer = await post<T>({ documentId: `sha256:${await sha256(query)}`, variables });
  }
  const { response, body } = answer;
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
