import path from 'node:path';
import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { manifestOf, readManifest, sha256 } from '../../src/persisted/manifest.js';
import { pageDocuments } from '../../src/persisted/page-operations.js';
import { operationSources } from '../../src/persisted/sources.js';
import { cacheApp } from '../helpers/cache-apps.js';

/**
 * The pages' queries are persisted operations (issue #14): operations.json on disk is what
 * `npm run operations:extract` writes, it holds every document the pages send, and under
 * PERSISTED_OPERATIONS=only each of them runs by id with the variables the pages send.
 */
const only = cacheApp({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: 'operations.json' });

/** Variables as the pages send them, by operation name (the adoption query: one per technique). */
function variablesOf(document: string): Record<string, unknown> {
  const definition = parse(document).definitions[0];
  const name = definition?.kind === 'OperationDefinition' ? definition.name?.value : undefined;
  switch (name) {
    case 'ExplorerLineage':
      return { technique: 'RLHF', maxDepth: 2, minConfidence: 0 };
    case 'ExplorerGraph':
      return { seeds: ['technique:rlhf'], depth: 1, limit: 150 };
    case 'ExplorerWhoConnects':
      return { from: 'author:paul-christiano', to: 'author:yang-song' };
    case 'ExplorerSearch':
      return { query: 'attention' };
    case 'TechniqueAdoption': {
      const count = (document.match(/\$t\d+: String!/g) ?? []).length;
      return Object.fromEntries(
        Array.from({ length: count }, (_, i) => [`t${i}`, i % 2 ? 'chain of thought' : 'RLHF']),
      );
    }
    default:
      return {};
  }
}

const post = async (body: Record<string, unknown>) => {
  const res = await only.app.fetch('http://papergraph/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-papergraph-csrf': '1' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: unknown[] } };
};

describe('the pages’ queries in the persisted-operations manifest', () => {
  it('operations.json is exactly what extraction writes, and holds every page document', () => {
    const manifest = readManifest(path.resolve('operations.json'));
    expect(manifest).toEqual(manifestOf(Object.values(operationSources).flatMap((source) => source())));
    const documents = pageDocuments();
    expect(documents.length).toBeGreaterThanOrEqual(18);
    for (const doc of documents) expect(manifest[sha256(doc)]).toBe(doc);
  });

  it('under PERSISTED_OPERATIONS=only, each page document runs by documentId, its text is refused', async () => {
    for (const doc of pageDocuments()) {
      const variables = variablesOf(doc);
      const res = await post({ documentId: `sha256:${sha256(doc)}`, variables });
      expect({ doc, status: res.status, errors: res.body.errors }).toEqual({ doc, status: 200, errors: undefined });
      expect(res.body.data).toBeTruthy();
    }
    const byText = await post({ query: pageDocuments()[0], variables: variablesOf(pageDocuments()[0] ?? '') });
    expect(byText.body.errors).toMatchObject([{ extensions: { code: 'PERSISTED_QUERY_REQUIRED' } }]);
  });
});
