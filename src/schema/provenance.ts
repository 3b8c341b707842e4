import { builder } from '../builder.js';
import { DEFAULT_FILTER, type EdgeFilter, type SourceClass } from '../db/stores/provenance.js';

/**
 * Provenance of USES/INTRODUCES links (issue #13): the `sources` and `includeContrast` arguments
 * of the fields that read them, and the MentionKind of a mined link.
 */

export const LinkSource = builder.enumType('LinkSource', {
  description:
    'Where a USES/INTRODUCES link comes from. Curated links were written and checked by a person; LINKER links were mined from the title or abstract and are weaker.',
  values: {
    CURATED: { description: 'The curated seed (`source: "curated"`): checked by a person; confidence 0.7–0.97.' },
    LINKER: {
      description:
        'Mined by the linker (`source: "linker"`): the paper *mentions* the technique in the sentence given as evidence — weaker than a curated "uses"; confidence ≤ 0.6 (INTRODUCES ≤ 0.5).',
    },
    IMPORT: {
      description:
        'Loaded by an import: `import:<file>` or a source format (`openalex`, `s2`, `arxiv`, `bibtex`, `papergraph:<file>`, …).',
    },
    API: { description: 'Written through a mutation (`source: "api"`).' },
  } as const,
});

export const MentionKind = builder.enumType('MentionKind', {
  description:
    'What a mined link is: a plain mention, or a CONTRAST ("unlike RLHF, …", "without reinforcement learning") — found by fixed patterns around the mention, not by understanding the text.',
  values: {
    MENTION: { description: 'The technique is named (and presumably used or built on).' },
    CONTRAST: {
      description:
        'The technique is named to be set apart from. Left out of lineage, adoption and link lists unless `includeContrast: true`.',
    },
  } as const,
});

const SOURCES_DESCRIPTION =
  'Only links from these sources (default: all; an empty list is all too). A mined (LINKER) USES means the paper mentions the technique — weaker than a curated one; `sources: [CURATED]` gives the curated answer alone.';
const CONTRAST_DESCRIPTION = 'Also count mined links marked CONTRAST ("unlike X", "without X"); left out by default.';

/** The `sources` and `includeContrast` arguments (`sources` defaulting to `defaultSources`, else all). */
export const provenanceArgs = (defaultSources?: SourceClass[]) =>
  builder.args((t) => ({
    sources: t.field({
      type: [LinkSource],
      required: false,
      description: defaultSources
        ? `${SOURCES_DESCRIPTION.replace(' (default: all)', '')} Default: ${defaultSources.join(', ')}.`
        : SOURCES_DESCRIPTION,
      ...(defaultSources ? { defaultValue: defaultSources } : {}),
    }),
    includeContrast: t.boolean({ required: true, defaultValue: false, description: CONTRAST_DESCRIPTION }),
  }));

/** The values of those arguments as resolvers get them. */
export interface ProvenanceArgs {
  sources?: readonly SourceClass[] | null;
  includeContrast?: boolean | null;
}

/** The filter the stores take, from those arguments (an empty `sources` list is every source, like none). */
export function edgeFilter(args: ProvenanceArgs): EdgeFilter {
  return {
    sources: args.sources?.length ? [...new Set(args.sources)].sort() : DEFAULT_FILTER.sources,
    includeContrast: args.includeContrast ?? DEFAULT_FILTER.includeContrast,
  };
}
