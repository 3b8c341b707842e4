import { GRAPH_QUERY, LINEAGE_QUERY, PATH_QUERY, SEARCH_QUERY } from '../persisted/page-operations.js';
import { gql } from './api.js';

/** What the explorer draws: nodes and edges in one shape, whichever query they came from. */
export type NodeType = 'PAPER' | 'AUTHOR' | 'TECHNIQUE' | 'TOPIC' | 'MORE';
export interface GNode {
  id: string;
  type: NodeType;
  label: string;
  subtitle?: string;
  year?: number;
  citations?: number;
  url?: string;
  /** Lineage depth (0 = the technique in the centre). */
  depth?: number;
  /** Neighbours beyond those drawn (`graph`'s hiddenNeighbors). */
  hidden?: number;
  /** For a "+N more" node: the node whose neighbours it stands for. */
  owner?: string;
}
export interface GEdge {
  id: string;
  source: string;
  target: string;
  relation: string;
  evidence?: string;
  confidence?: number;
  origin?: string;
}
export interface Drawing {
  nodes: GNode[];
  edges: GEdge[];
  /** A sentence for the status line (e.g. how many were left out). */
  note?: string;
}

type Lineage =
  | { key: string; name: string }
  | { key: string; title: string; year: number; citationCount: number; url: string | null };
interface Step {
  from: Lineage;
  relation: string;
  to: Lineage;
  evidence: string | null;
  confidence: number | null;
}

interface LineageAnswer {
  technique: {
    key: string;
    name: string;
    ancestors: { depth: number; technique: { key: string; name: string }; path: Step[] }[];
  } | null;
  papersBuildingOn: {
    totalCount: number;
    edges: {
      depth: number;
      node: { key: string; title: string; year: number; citationCount: number; url: string | null };
      path: Step[];
    }[];
  };
}

const toNode = (n: Lineage, depth?: number): GNode =>
  'title' in n
    ? {
        id: n.key,
        type: 'PAPER',
        label: n.title,
        year: n.year,
        citations: n.citationCount,
        url: n.url ?? undefined,
        depth,
      }
    : { id: n.key, type: 'TECHNIQUE', label: n.name, depth };

/** Add a node, or fill in what an earlier sighting lacked (keeping the smallest depth seen). */
function addNode(map: Map<string, GNode>, node: GNode) {
  const seen = map.get(node.id);
  if (!seen) {
    map.set(node.id, node);
    return;
  }
  const depth =
    node.depth !== undefined && (seen.depth === undefined || node.depth < seen.depth) ? node.depth : seen.depth;
  Object.assign(
    seen,
    Object.fromEntries(
      Object.entries(node).filter(
        ([k, v]) => v !== undefined && (seen as unknown as Record<string, unknown>)[k] === undefined,
      ),
    ),
    { depth },
  );
}
function addSteps(nodes: Map<string, GNode>, edges: Map<string, GEdge>, path: Step[]) {
  for (const s of path) {
    addNode(nodes, toNode(s.from));
    addNode(nodes, toNode(s.to));
    const id = `${s.from.key}-${s.relation}-${s.to.key}`;
    edges.set(id, {
      id,
      source: s.from.key,
      target: s.to.key,
      relation: s.relation,
      evidence: s.evidence ?? undefined,
      confidence: s.confidence ?? undefined,
    });
  }
}

/** The technique in the centre, every paper building on it (by depth), the BUILDS_ON chains. */
export async function lineage(technique: string, maxDepth: number, minConfidence: number): Promise<Drawing> {
  const a = await gql<LineageAnswer>(LINEAGE_QUERY, { technique, maxDepth, minConfidence });
  if (!a.technique) return { nodes: [], edges: [], note: `No technique called “${technique}”.` };
  const nodes = new Map<string, GNode>();
  const edges = new Map<string, GEdge>();
  addNode(nodes, { id: a.technique.key, type: 'TECHNIQUE', label: a.technique.name, depth: 0 });
  for (const e of a.papersBuildingOn.edges) {
    addNode(nodes, toNode({ ...e.node }, e.depth));
    addSteps(nodes, edges, e.path);
  }
  for (const anc of a.technique.ancestors) {
    addNode(nodes, { id: anc.technique.key, type: 'TECHNIQUE', label: anc.technique.name, depth: -anc.depth });
    addSteps(nodes, edges, anc.path);
  }
  const shown = a.papersBuildingOn.edges.length;
  const more = a.papersBuildingOn.totalCount - shown;
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()],
    note: `${a.papersBuildingOn.totalCount} papers build on ${a.technique.name}${more > 0 ? ` (the first ${shown} drawn)` : ''}.`,
  };
}

interface GraphAnswer {
  graph: {
    nodes: {
      id: string;
      type: NodeType;
      title: string;
      subtitle: string | null;
      year: number | null;
      citationCount: number | null;
      hiddenNeighbors: number;
    }[];
    edges: {
      id: string;
      from: string;
      to: string;
      relation: string;
      evidence: string | null;
      confidence: number | null;
      source: string | null;
    }[];
    truncated: boolean;
  };
}

const arxivUrl = (id: string) => (id.startsWith('arxiv:') ? `https://arxiv.org/abs/${id.slice(6)}` : undefined);

/** The neighbourhood of some nodes (the `graph` field), with a "+N more" node where some are hidden. */
export async function neighbourhood(seeds: string[], depth: number, limit: number): Promise<Drawing> {
  const { graph } = await gql<GraphAnswer>(GRAPH_QUERY, { seeds, depth, limit });
  const nodes: GNode[] = graph.nodes.map((n) => ({
    id: n.id,
    type: n.type,
    label: n.title,
    subtitle: n.subtitle ?? undefined,
    year: n.year ?? undefined,
    citations: n.citationCount ?? undefined,
    url: n.type === 'PAPER' ? arxivUrl(n.id) : undefined,
    hidden: n.hiddenNeighbors,
  }));
  const edges: GEdge[] = graph.edges.map((e) => ({
    id: e.id,
    source: e.from,
    target: e.to,
    relation: e.relation,
    evidence: e.evidence ?? undefined,
    confidence: e.confidence ?? undefined,
    origin: e.source ?? undefined,
  }));
  for (const n of nodes.filter((x) => (x.hidden ?? 0) > 0)) {
    const id = `more:${n.id}`;
    nodes.push({ id, type: 'MORE', label: `+${n.hidden} more`, owner: n.id });
    edges.push({ id: `${id}-edge`, source: n.id, target: id, relation: '' });
  }
  return { nodes, edges, note: graph.truncated ? `Only the nearest ${limit} nodes are drawn.` : undefined };
}

interface PathAnswer {
  collaborationPath: {
    length: number;
    authors: { key: string; name: string }[];
    steps: {
      from: { key: string };
      to: { key: string };
      paper: { key: string; title: string; year: number; citationCount: number; url: string | null };
    }[];
  } | null;
}

/** Who connects two authors: authors and the papers linking them; `path` lists the authors in order. */
export async function whoConnects(from: string, to: string): Promise<Drawing & { path: string[] }> {
  const { collaborationPath: p } = await gql<PathAnswer>(PATH_QUERY, { from, to });
  if (!p) return { nodes: [], edges: [], path: [], note: 'No chain of co-authorship connects them (within 6 steps).' };
  const nodes = new Map<string, GNode>();
  const edges: GEdge[] = [];
  for (const a of p.authors) addNode(nodes, { id: a.key, type: 'AUTHOR', label: a.name });
  for (const s of p.steps) {
    addNode(nodes, {
      id: s.paper.key,
      type: 'PAPER',
      label: s.paper.title,
      year: s.paper.year,
      citations: s.paper.citationCount,
      url: s.paper.url ?? undefined,
    });
    for (const a of [s.from.key, s.to.key]) {
      const id = `${a}-AUTHORED-${s.paper.key}`;
      if (!edges.some((e) => e.id === id)) edges.push({ id, source: a, target: s.paper.key, relation: 'AUTHORED' });
    }
  }
  return {
    nodes: [...nodes.values()],
    edges,
    path: p.authors.map((a) => a.key),
    note: `${p.length} step${p.length === 1 ? '' : 's'} apart.`,
  };
}

export interface Hit {
  type: NodeType;
  key: string;
  label: string;
}
export async function search(query: string): Promise<Hit[]> {
  const { search: hits } = await gql<{
    search: { node: { __typename: string; key: string; title?: string; name?: string; year?: number } | null }[];
  }>(SEARCH_QUERY, { query });
  return hits.flatMap(({ node }) =>
    node
      ? [
          {
            type: node.__typename.toUpperCase() as NodeType,
            key: node.key,
            label: node.title ? `${node.title} (${node.year})` : (node.name ?? node.key),
          },
        ]
      : [],
  );
}
