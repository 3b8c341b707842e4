import { builder } from '../builder.js';
import type { LineageStepRow } from '../db/stores/technique-store.js';
import { Paper } from './paper.js';
import { MentionKind } from './provenance.js';
import { Technique } from './technique.js';

export const LineageRelation = builder.enumType('LineageRelation', {
  description: 'The relationships that carry lineage, each with evidence and confidence.',
  values: {
    INTRODUCES: { description: 'Paper → Technique: the paper introduces the technique.' },
    USES: { description: 'Paper → Technique: the paper uses the technique.' },
    BUILDS_ON: { description: 'Technique → Technique: the first builds on the second.' },
    CITES: { description: 'Paper → Paper: the first cites the second.' },
  } as const,
});

export const LineageNode = builder.unionType('LineageNode', {
  description: 'Either end of a lineage step: a paper or a technique.',
  types: () => [Paper, Technique],
  resolveType: (node) => (node as { __type: string }).__type,
});

export const LineageStep = builder.objectRef<LineageStepRow>('LineageStep').implement({
  description: 'One edge of an explanation: `from` —relation→ `to`, with the evidence and confidence recorded on it.',
  fields: (t) => ({
    from: t.field({ type: LineageNode, description: 'Where the edge starts.', resolve: (s) => s.from }),
    relation: t.expose('relation', { type: LineageRelation, description: 'What kind of edge.' }),
    to: t.field({ type: LineageNode, description: 'Where the edge ends.', resolve: (s) => s.to }),
    evidence: t.exposeString('evidence', { nullable: true, description: 'Why the edge holds, in one sentence.' }),
    confidence: t.exposeFloat('confidence', { nullable: true, description: 'How sure the source is, 0..1.' }),
    source: t.exposeString('source', {
      nullable: true,
      description:
        'Where the edge comes from: `curated`, `linker` (mined from the title or abstract: the paper *mentions* the technique, weaker than a curated "uses"; confidence ≤ 0.6), `import:<file>` or a source format, `api`.',
    }),
    mentionKind: t.field({
      type: MentionKind,
      nullable: true,
      description: 'For a mined (`linker`) edge: MENTION or CONTRAST. Null on every other edge.',
      resolve: (s) => (s.source === 'linker' ? ((s.mentionKind as 'MENTION' | 'CONTRAST' | null) ?? null) : null),
    }),
  }),
});
