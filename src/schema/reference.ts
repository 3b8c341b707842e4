import { builder } from '../builder.js';
import type { ReferenceRow } from '../db/stores/reference-store.js';
import { Paper } from './paper.js';

/**
 * Reference stubs (`npm run import -- --keep-external-references`): cited works outside the
 * graph. Hidden from every paper list, search, series, stat and graph; asked for only here.
 */
export const ExternalReference = builder.objectRef<ReferenceRow>('ExternalReference').implement({
  description:
    'A work a paper cites that is not in the graph: a reference stub kept by `--keep-external-references` (kind `reference`). It appears in no paper list, search, series, stat or graph; a later import of the work itself turns it into a Paper with the same key.',
  fields: (t) => ({
    key: t.exposeString('id', {
      description:
        'The readable id, made by the paper id rule from the ids the citing source gave (e.g. `openalex:W…`).',
    }),
    title: t.exposeString('title', {
      nullable: true,
      description: 'The title, when the citing source named it (S2 does; OpenAlex `referenced_works` give ids only).',
    }),
    arxivId: t.exposeString('arxivId', { nullable: true, description: 'The arXiv identifier, when given.' }),
    doi: t.exposeString('doi', { nullable: true, description: 'The DOI, lower-cased, when given.' }),
    openalexId: t.exposeString('openalexId', { nullable: true, description: 'The OpenAlex work id, when given.' }),
    s2Id: t.exposeString('s2Id', { nullable: true, description: 'The Semantic Scholar paperId, when given.' }),
    corpusId: t.exposeInt('corpusId', { nullable: true, description: 'The Semantic Scholar CorpusId, when given.' }),
    source: t.exposeString('source', { description: 'The import format whose references made it.' }),
    citationCount: t.exposeInt('citationCount', { description: 'How many papers in this graph cite it.' }),
  }),
});

builder.objectFields(Paper, (t) => ({
  externalReferences: t.loadableList({
    type: ExternalReference,
    description:
      'Works this paper cites that are not in the graph (reference stubs, by key). Empty unless an import kept them with `--keep-external-references`; `cites` lists only papers in the graph.',
    load: (ids: string[], ctx) => ctx.stores.references.citedBy(ids),
    resolve: (p) => p.id,
  }),
}));
