import path from 'node:path';
import type { ImportStore, NodeType } from '../db/stores/import-store.js';
import { readLines } from './read.js';
import { type ImportRecord, record, relationEnds } from './records.js';

export interface RecordError {
  file: string;
  /** 1-based line number of the record. */
  line: number;
  /** Where in the record, e.g. `authors[2]` or `confidence`. */
  path: string;
  message: string;
}

export class ImportValidationError extends Error {
  constructor(
    readonly errors: RecordError[],
    readonly total: number,
  ) {
    const shown = errors.map((e) => `  ${path.basename(e.file)}:${e.line} ${e.path ? `${e.path}: ` : ''}${e.message}`);
    const more = total > errors.length ? `\n  … and ${total - errors.length} more` : '';
    super(`Import rejected, nothing was written: ${total} problem(s)\n${shown.join('\n')}${more}`);
    this.name = 'ImportValidationError';
  }
}

const MAX_REPORTED = 100;
const where = (at?: { file: string; line: number }) => (at ? `${path.basename(at.file)}:${at.line}` : '?');

export interface ParsedLine {
  file: string;
  line: number;
  record: ImportRecord;
}

/** Parse one line into a record, or the errors it has. */
export function parseLine(file: string, line: number, text: string): ParsedLine | RecordError[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [{ file, line, path: '', message: `not valid JSON (${(error as Error).message})` }];
  }
  const result = record.safeParse(json);
  if (result.success) return { file, line, record: result.data };
  return result.error.issues.map((issue) => ({
    file,
    line,
    path: issue.path
      .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
      .join('')
      .replace(/^\./, ''),
    message: issue.message,
  }));
}

type Reference = { file: string; line: number; path: string; id: string; type: NodeType };

/** The ids a record points at, with the node type each must have. */
function referencesOf(p: ParsedLine): Reference[] {
  const r = p.record;
  const at = (fieldPath: string, id: string, type: NodeType): Reference => ({
    file: p.file,
    line: p.line,
    path: fieldPath,
    id,
    type,
  });
  switch (r.type) {
    case 'paper':
      return [
        ...r.authors.map((id, i) => at(`authors[${i}]`, id, 'author')),
        ...r.topics.map((id, i) => at(`topics[${i}]`, id, 'topic')),
      ];
    case 'technique':
      return r.topics.map((id, i) => at(`topics[${i}]`, id, 'topic'));
    case 'topic':
      return r.parent ? [at('parent', r.parent, 'topic')] : [];
    case 'edge': {
      const ends = relationEnds[r.relation] as { from: NodeType; to: NodeType };
      return [at('from', r.from, ends.from), at('to', r.to, ends.to)];
    }
    default:
      return [];
  }
}

/**
 * Validate a whole import before anything is written: every line parses, ids
 * are unique, every reference points to a node of the right type (in the
 * import or already in the graph), and SUBTOPIC_OF / BUILDS_ON have no cycles.
 * Returns the node types by id; throws ImportValidationError listing the problems.
 */
export async function validateImport(
  files: string[],
  store: ImportStore,
  onProgress: (bytes: number) => void = () => {},
): Promise<{ ids: Map<string, NodeType>; records: number }> {
  const errors: RecordError[] = [];
  let total = 0;
  const report = (e: RecordError) => {
    total += 1;
    if (errors.length < MAX_REPORTED) errors.push(e);
  };
  const ids = new Map<string, NodeType>();
  const firstSeen = new Map<string, { file: string; line: number }>();
  const topicParent = new Map<string, string>();
  const buildsOn = new Map<string, string[]>();
  let records = 0;
  let base = 0;

  // Pass 1: syntax, schema, duplicate ids.
  for (const file of files) {
    let last = 0;
    for await (const raw of readLines(file)) {
      last = raw.bytes;
      onProgress(base + raw.bytes);
      const parsed = parseLine(file, raw.line, raw.text);
      if (Array.isArray(parsed)) {
        parsed.forEach(report);
        continue;
      }
      records += 1;
      const r = parsed.record;
      if (r.type === 'edge') {
        if (r.relation === 'BUILDS_ON') {
          const list = buildsOn.get(r.from) ?? [];
          list.push(r.to);
          buildsOn.set(r.from, list);
        }
        continue;
      }
      if (ids.has(r.id)) {
        report({
          file,
          line: raw.line,
          path: 'id',
          message: `duplicate id "${r.id}" (first defined at ${where(firstSeen.get(r.id))})`,
        });
        continue;
      }
      ids.set(r.id, r.type);
      firstSeen.set(r.id, { file, line: raw.line });
      if (r.type === 'topic' && r.parent) topicParent.set(r.id, r.parent);
    }
    base += last;
  }

  // Pass 2: references. Ids not in the import are looked up in the graph, in batches.
  const pending = new Map<string, Reference[]>();
  const checkPending = async () => {
    const byType = new Map<NodeType, string[]>();
    for (const refs of pending.values()) {
      const list = byType.get(refs[0].type) ?? [];
      list.push(refs[0].id);
      byType.set(refs[0].type, list);
    }
    for (const [type, list] of byType) {
      const existing = await store.existingIds(type, list);
      for (const id of list) {
        if (existing.has(id)) continue;
        for (const ref of pending.get(`${type}|${id}`) ?? []) {
          report({ file: ref.file, line: ref.line, path: ref.path, message: `unknown ${type} id "${id}"` });
        }
      }
    }
    pending.clear();
  };
  if (total === 0) {
    for (const file of files) {
      for await (const raw of readLines(file)) {
        const parsed = parseLine(file, raw.line, raw.text) as ParsedLine;
        for (const ref of referencesOf(parsed)) {
          const known = ids.get(ref.id);
          if (known === ref.type) continue;
          if (known) {
            report({ ...ref, message: `"${ref.id}" is a ${known}, but a ${ref.type} is needed here` });
            continue;
          }
          const key = `${ref.type}|${ref.id}`;
          const list = pending.get(key);
          if (list) list.push(ref);
          else pending.set(key, [ref]);
          if (pending.size >= 5_000) await checkPending();
        }
      }
    }
    await checkPending();
  }

  // Cycles in the hierarchy and in technique lineage.
  for (const cycle of findCycles(new Map([...topicParent].map(([k, v]) => [k, [v]])))) {
    const at = firstSeen.get(cycle[0]) ?? { file: files[0], line: 0 };
    report({ ...at, path: 'parent', message: `SUBTOPIC_OF cycle: ${cycle.join(' → ')}` });
  }
  for (const cycle of findCycles(buildsOn)) {
    report({ file: files[0], line: 0, path: 'BUILDS_ON', message: `BUILDS_ON cycle: ${cycle.join(' → ')}` });
  }

  if (total > 0) throw new ImportValidationError(errors, total);
  return { ids, records };
}

/** Cycles in a directed graph given as adjacency lists (iterative DFS, each cycle reported once). */
export function findCycles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 1 | 2>();
  const cycles: string[][] = [];
  for (const start of graph.keys()) {
    if (state.has(start)) continue;
    const stack: { node: string; next: number }[] = [{ node: start, next: 0 }];
    const onPath: string[] = [start];
    state.set(start, 1);
    while (stack.length) {
      const top = stack[stack.length - 1];
      const neighbours = graph.get(top.node) ?? [];
      if (top.next < neighbours.length) {
        const n = neighbours[top.next++];
        const s = state.get(n);
        if (s === 1) cycles.push([...onPath.slice(onPath.indexOf(n)), n]);
        else if (s === undefined) {
          state.set(n, 1);
          stack.push({ node: n, next: 0 });
          onPath.push(n);
        }
      } else {
        state.set(top.node, 2);
        stack.pop();
        onPath.pop();
      }
    }
  }
  return cycles;
}
