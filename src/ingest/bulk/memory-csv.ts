import { labels, relationshipTypes } from '../../graph/derive.js';
import { type Label, nodes, type PropertyType, type RelationshipType, relationships } from '../../graph/model.js';
import { Backlog, type Cell, CsvFile } from './csv.js';
import type { MemoryGraph } from './memory-graph.js';
import type { Props } from './memory-index.js';
import { csvType, importArgs } from './rows.js';

/**
 * The CSV files of a bulk load from source formats: every node and
 * relationship of the in-memory graph (memory-graph.ts) with every property
 * the model declares (derived, kept and maintained) plus the few only the
 * source importer writes (src/db/stores/source-store.ts). citationCount is
 * counted from the CITES edges here; empty lists and updatedAt are the
 * post-pass's, as on the papergraph bulk path.
 */
const extra: Record<Label, [string, PropertyType][]> = {
  Author: [['source', 'string']],
  Topic: [
    ['source', 'string'],
    ['level', 'string'],
  ],
  Technique: [],
  Paper: [['arxivVersion', 'string']],
};

const columnsOf = (label: Label): [string, PropertyType][] => [
  ...Object.entries(nodes[label].properties as Record<string, { type: PropertyType }>).map(
    ([name, p]): [string, PropertyType] => [name, p.type],
  ),
  ...extra[label],
];

export interface GraphCsv {
  args: string[];
  nodes: number;
  relationships: number;
}

export async function writeGraphCsv(graph: MemoryGraph, dir: string): Promise<GraphCsv> {
  const backlog = new Backlog();
  const ids = Object.fromEntries(labels.map((l) => [l, new Map<string, number>()])) as Record<
    Label,
    Map<string, number>
  >;
  const cited = new Map<string, number>();
  for (const k of graph.lineage.get('CITES')?.keys() ?? []) {
    const to = k.slice(k.indexOf('\u0000') + 1);
    cited.set(to, (cited.get(to) ?? 0) + 1);
  }

  const nodeFiles: CsvFile[] = [];
  for (const label of labels) {
    const columns = columnsOf(label);
    const file = new CsvFile(
      dir,
      label,
      [`:ID(${label})`, 'id', ...columns.map(([name, type]) => `${name}${csvType[type]}`)],
      backlog,
    );
    nodeFiles.push(file);
    const map = ids[label];
    for (const [id, props] of graph.nodes[label]) {
      map.set(id, map.size);
      const row: Cell[] = [map.size - 1, id];
      for (const [name] of columns) row.push(cellOf(label, name, id, props, cited));
      file.row(row);
      await drained(backlog);
    }
  }

  const relFiles = Object.fromEntries(
    relationshipTypes.map((t) => {
      const spec = relationships[t] as { from: Label; to: Label; properties: Record<string, { type: PropertyType }> };
      const header = [
        `:START_ID(${spec.from})`,
        `:END_ID(${spec.to})`,
        ...Object.entries(spec.properties).map(([name, p]) => `${name}${csvType[p.type]}`),
      ];
      return [t, new CsvFile(dir, t, header, backlog)];
    }),
  ) as Record<RelationshipType | 'MERGED_INTO', CsvFile>;
  const end = (label: Label, id: string) => ids[label].get(id) as number;
  for (const [paper, byline] of graph.authored) {
    for (const [author, position] of byline)
      relFiles.AUTHORED.row([end('Author', author), end('Paper', paper), position]);
    await drained(backlog);
  }
  for (const type of ['ABOUT', 'SUBTOPIC_OF', 'IN_TOPIC'] as const) {
    const { from, to } = relationships[type];
    // Waits per source node, as for bylines: per type only, a 1M-paper ABOUT file piled up tens of
    // MB (and a 'drain' listener per flush) in the stream before the first wait.
    for (const [a, bs] of graph.links[type]) {
      for (const b of bs) relFiles[type].row([end(from, a), end(to, b)]);
      await drained(backlog);
    }
  }
  for (const [type, edges] of graph.lineage) {
    const t = type as RelationshipType;
    const { from, to, properties } = relationships[t];
    const names = Object.keys(properties);
    for (const [k, props] of edges) {
      const cut = k.indexOf('\u0000');
      relFiles[t].row([end(from, k.slice(0, cut)), end(to, k.slice(cut + 1)), ...names.map((n) => props[n] as Cell)]);
      await drained(backlog);
    }
  }

  // OpenAlex ids merged away (merged-id-store.ts): outside the graph model, so files of their own.
  const mergedIds = new CsvFile(dir, 'MergedWorkId', [':ID(MergedWorkId)', 'id', 'source'], backlog);
  const mergedInto = new CsvFile(dir, 'MERGED_INTO', [':START_ID(MergedWorkId)', ':END_ID(Paper)'], backlog);
  nodeFiles.push(mergedIds);
  for (const [from, paper] of graph.merged.into) {
    mergedIds.row([mergedIds.rows, from, 'openalex']);
    mergedInto.row([mergedIds.rows - 1, end('Paper', paper)]);
    await drained(backlog);
  }
  relFiles.MERGED_INTO = mergedInto;

  const all = [...nodeFiles, ...Object.values<CsvFile>(relFiles)];
  for (const f of all) await f.close();
  const sum = (files: CsvFile[]) => files.reduce((n, f) => n + f.rows, 0);
  return {
    args: importArgs(nodeFiles, Object.values<CsvFile>(relFiles)),
    nodes: sum(nodeFiles),
    relationships: sum(Object.values<CsvFile>(relFiles)),
  };
}

/** Wait only while some file's stream is full (no promise per row otherwise). */
function drained(backlog: Backlog): Promise<void> | undefined {
  return backlog.wait();
}

function cellOf(label: Label, name: string, id: string, props: Props, cited: Map<string, number>): Cell {
  if (label === 'Paper' && name === 'citationCount') return cited.get(id) ?? 0;
  return props[name] as Cell;
}
