import { z } from 'zod';
import { builder } from '../builder.js';
import {
  type GraphEdgeRow,
  type GraphNodeRow,
  graphRelations,
  MAX_GRAPH_DEPTH,
  MAX_GRAPH_LIMIT,
  MAX_GRAPH_SEEDS,
} from '../db/stores/graph-store.js';
import { badInput, coded } from '../errors.js';
import { between } from './arg-checks.js';

const GraphNodeType = builder.enumType('GraphNodeType', {
  description: 'What a node of `graph` is.',
  values: {
    PAPER: { description: 'A paper (`arxiv:…` and other paper ids).' },
    AUTHOR: { description: 'An author, a person or an organization (`author:…`).' },
    TECHNIQUE: { description: 'A technique (`technique:…`).' },
    TOPIC: { description: 'A topic (`topic:…`).' },
  } as const,
});

const GraphRelation = builder.enumType('GraphRelation', {
  description: 'A relationship type of the graph, as stored (each edge has a direction: `from` → `to`).',
  values: {
    AUTHORED: { description: 'Author → Paper.' },
    ABOUT: { description: 'Paper → Topic.' },
    SUBTOPIC_OF: { description: 'Topic → its parent Topic.' },
    IN_TOPIC: { description: 'Technique → Topic.' },
    INTRODUCES: { description: 'Paper → Technique it introduces (with evidence and confidence).' },
    USES: { description: 'Paper → Technique it uses (with evidence and confidence).' },
    BUILDS_ON: { description: 'Technique → Technique it builds on (with evidence and confidence).' },
    CITES: { description: 'Paper → Paper it cites (with evidence and confidence).' },
  } as const,
});

const GraphNode = builder.objectRef<GraphNodeRow>('GraphNode').implement({
  description: 'A node of a `graph` answer, flat enough for a table or a node-graph panel.',
  fields: (t) => ({
    id: t.exposeID('id', {
      description: 'The readable id (`arxiv:…`, `author:…`, `technique:…`, `topic:…`), as `key` elsewhere.',
    }),
    type: t.field({ type: GraphNodeType, description: 'What the node is.', resolve: (n) => n.type }),
    title: t.exposeString('title', { description: "A paper's title; an author's, technique's or topic's name." }),
    subtitle: t.exposeString('subtitle', {
      nullable: true,
      description:
        'A paper: its year and first author ("2022 · Long Ouyang"); an author: `person` or `organization`; a technique: its aliases; a topic: its parent ("in AI safety").',
    }),
    year: t.exposeInt('year', { nullable: true, description: 'Year of publication (papers only).' }),
    citationCount: t.exposeInt('citationCount', {
      nullable: true,
      description: 'Papers in the graph citing it (papers only).',
    }),
    hiddenNeighbors: t.exposeInt('hiddenNeighbors', {
      description:
        'How many more neighbours it has (through the requested relations, edges below `minConfidence` not counted) than the answer shows: its relationships to nodes not returned. A neighbour linked twice (a paper that both introduces and uses a technique) counts twice. 0 = fully expanded.',
    }),
  }),
});

const GraphEdge = builder.objectRef<GraphEdgeRow>('GraphEdge').implement({
  description: 'A relationship between two returned nodes, in its stored direction.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'Stable id: `<from>-<RELATION>-><to>`.' }),
    from: t.exposeID('from', { description: 'Id of the start node (Grafana Node Graph: `source`).' }),
    to: t.exposeID('to', { description: 'Id of the end node (Grafana Node Graph: `target`).' }),
    relation: t.field({ type: GraphRelation, description: 'The relationship type.', resolve: (e) => e.relation }),
    evidence: t.exposeString('evidence', {
      nullable: true,
      description: 'Why it holds, in a sentence (lineage and citation edges; null for structural ones).',
    }),
    confidence: t.exposeFloat('confidence', {
      nullable: true,
      description: 'How sure the source is, 0..1 (null for structural edges: authorship, topics).',
    }),
    source: t.exposeString('source', {
      nullable: true,
      description: 'Where it comes from: `curated`, `import:<file>`, `api` (null for structural edges).',
    }),
  }),
});

const Graph = builder
  .objectRef<{ nodes: GraphNodeRow[]; edges: GraphEdgeRow[]; truncated: boolean }>('Graph')
  .implement({
    description: 'A neighbourhood of the graph: nodes and the edges between them.',
    fields: (t) => ({
      nodes: t.field({
        type: [GraphNode],
        description: 'The seeds first, then breadth-first: nearest first; within a level by rank (see `graph`).',
        resolve: (g) => g.nodes,
      }),
      edges: t.field({
        type: [GraphEdge],
        description: 'Every relationship (of the requested relations and confidence) between two returned nodes.',
        resolve: (g) => g.edges,
      }),
      truncated: t.exposeBoolean('truncated', {
        description:
          'True when `limit` cut the expansion: some node within `depth` hops was left out (see `hiddenNeighbors` for where).',
      }),
    }),
  });

const readableId = /^[a-z][a-z0-9-]*:\S+$/;

const GRAPH_DESCRIPTION = `The neighbourhood of one or more nodes, flat (nodes and edges), for drawing: a graph explorer, a Grafana Node Graph panel.
Breadth-first from \`seeds\`, following relationships in either direction, up to \`depth\` hops and at most \`limit\` nodes (seeds included).
Which nodes are kept when there are more: the seeds, then nearest first (level by level); within a level, the nodes with the most links to the level before,
then the most cited, then by id. Only the best \`limit + 1\` candidates of a level are ever ranked (no path is enumerated), so a hub costs a scan of its neighbours, not of their paths.
\`truncated\` says a level was cut; each node's \`hiddenNeighbors\` says how many of its neighbours were left out.
An unknown seed is an error (NOT_FOUND, naming every unknown seed in \`extensions.missing\`), not silently dropped. One Cypher query.`;

builder.queryField('graph', (t) =>
  t.field({
    type: Graph,
    description: GRAPH_DESCRIPTION,
    args: {
      seeds: t.arg.idList({
        required: true,
        description: `Readable ids to start from, e.g. ["technique:rlhf"] (1..${MAX_GRAPH_SEEDS}, each \`prefix:rest\`).`,
        validate: z
          .array(z.string().regex(readableId, 'each seed must be a readable id such as "technique:rlhf"'))
          .min(1, 'give at least one seed id')
          .max(MAX_GRAPH_SEEDS, `give at most ${MAX_GRAPH_SEEDS} seed ids`),
      }),
      depth: t.arg.int({
        required: true,
        defaultValue: 1,
        description: `Hops from the seeds (1..${MAX_GRAPH_DEPTH}).`,
        validate: between('depth', 1, MAX_GRAPH_DEPTH),
      }),
      relations: t.arg({
        type: [GraphRelation],
        required: false,
        description: 'Only follow (and return) these relationship types (default: all).',
        validate: z
          .array(z.enum(graphRelations))
          .min(1, 'list at least one relation, or leave `relations` out to follow all')
          .nullish(),
      }),
      minConfidence: t.arg.float({
        required: true,
        defaultValue: 0,
        description:
          'Skip edges less confident than this (0..1). Edges without a confidence (authorship, topics) always pass.',
        validate: between('minConfidence', 0, 1),
      }),
      limit: t.arg.int({
        required: true,
        defaultValue: 300,
        description: `Most nodes to return, seeds included (1..${MAX_GRAPH_LIMIT}).`,
        validate: between('limit', 1, MAX_GRAPH_LIMIT),
      }),
    },
    resolve: async (_root, args, ctx) => {
      const seeds = [...new Set(args.seeds.map(String))];
      if (seeds.length > args.limit) {
        throw badInput(`limit must be at least the number of seeds (${seeds.length}); got ${args.limit}.`, {
          argument: 'limit',
        });
      }
      const graph = await ctx.stores.graph.neighbourhood(seeds, {
        depth: args.depth,
        relations: args.relations ?? graphRelations,
        minConfidence: args.minConfidence,
        limit: args.limit,
      });
      if (graph.missing.length > 0) {
        throw coded('NOT_FOUND', `No node with id ${graph.missing.map((id) => `"${id}"`).join(', ')}.`, {
          argument: 'seeds',
          missing: graph.missing,
        });
      }
      return graph;
    },
  }),
);
