import { builder } from '../builder.js';
import type { Context } from '../context.js';
import type { LineageEdgeRow } from '../db/stores/lineage-store.js';
import type { SourceClass } from '../db/stores/provenance.js';
import type { TechniqueRef } from '../db/stores/technique-store.js';
import { LineageStep } from './lineage-step.js';
import { toConnection, windowFor } from './pagination.js';
import { Paper } from './paper.js';
import { edgeFilter, provenanceArgs } from './provenance.js';
import {
  confidenceDescription,
  confidenceRange,
  depthDescription,
  depthRange,
  Technique,
  techniqueNotFound,
  techniqueRef,
} from './technique.js';

const LINEAGE_DESCRIPTION = `Papers building on a technique: every paper that INTRODUCES or USES it, or a technique that BUILDS_ON it transitively.
Each edge has \`depth\` (edges on the explaining path: a direct user or introducer has depth 1, a user of a technique that builds directly on it has depth 2, …)
and \`path\`, the one shortest explanation for that paper, every step with its evidence and confidence.
Ordered by depth, then newest first. \`minConfidence\` drops any path with a weaker edge.
Includes links mined by the linker (\`source: "linker"\`: the paper *mentions* the technique in the evidence sentence — weaker than a curated "uses", confidence ≤ 0.6);
\`sources: [CURATED]\` answers from curated links alone. Mined CONTRAST links ("unlike RLHF, …") are left out unless \`includeContrast: true\`.`;

export const PaperLineageConnection = builder.connectionObject(
  { type: Paper, name: 'PaperLineageConnection', description: 'Papers building on a technique, nearest first.' },
  {
    name: 'PaperLineageEdge',
    description: 'A paper building on the technique, with how far and why.',
    fields: (t) => ({
      depth: t.int({
        description: 'Edges on the explaining path: 1 = introduces or uses the technique itself.',
        resolve: (edge) => (edge as unknown as LineageEdgeRow).depth,
      }),
      path: t.field({
        type: [LineageStep],
        description: 'The shortest explanation, from the paper to the technique, one step per edge.',
        resolve: (edge) => (edge as unknown as LineageEdgeRow).path,
      }),
    }),
  },
);

async function papersBuildingOn(
  ref: TechniqueRef,
  text: string,
  args: {
    maxDepth: number;
    minConfidence: number;
    sources?: readonly SourceClass[] | null;
    includeContrast?: boolean | null;
    first?: number | null;
    after?: string | null;
    last?: number | null;
    before?: string | null;
  },
  ctx: Context,
) {
  const window = windowFor(args);
  const found = await ctx.stores.lineage.papersBuildingOn(
    ref,
    { maxDepth: args.maxDepth, minConfidence: args.minConfidence, filter: edgeFilter(args) },
    window,
  );
  if (!found) throw techniqueNotFound(text);
  return toConnection(found.page, window, (item) => ({ node: item.paper, depth: item.depth, path: item.path }));
}

const lineageArgs = builder.args((t) => ({
  ...t.connectionArgs(),
  maxDepth: t.int({ required: true, defaultValue: 4, description: depthDescription, validate: depthRange }),
  minConfidence: t.float({
    required: true,
    defaultValue: 0,
    description: confidenceDescription,
    validate: confidenceRange,
  }),
  ...provenanceArgs(),
}));

builder.queryField('papersBuildingOn', (t) =>
  t.field({
    type: PaperLineageConnection,
    description: LINEAGE_DESCRIPTION,
    args: {
      technique: t.arg.string({
        required: true,
        description: 'Technique id, name or alias, e.g. "RLHF" or "technique:rlhf".',
      }),
      ...lineageArgs,
    },
    resolve: (_root, args, ctx) => papersBuildingOn(techniqueRef(args.technique), args.technique, args, ctx),
  }),
);

builder.objectField(Technique, 'papersBuildingOn', (t) =>
  t.field({
    type: PaperLineageConnection,
    description: LINEAGE_DESCRIPTION,
    args: lineageArgs,
    resolve: (technique, args, ctx) => papersBuildingOn({ id: technique.id, key: '' }, technique.id, args, ctx),
  }),
);
