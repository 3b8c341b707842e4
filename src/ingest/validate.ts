import type { z } from 'zod';
import { lineageRelations, nodeTypes } from '../graph/derive.js';
import type { NodeType } from '../graph/model.js';
import { ImportValidationError, type RecordError } from './errors.js';

/** Re-exported for callers that imported them from here before errors.ts existed. */
export { ImportValidationError, type RecordError } from './errors.js';

import { cycleErrors, EdgeSet, type GraphLookup, LOOKUP_BATCH, type Where, where } from './cycles.js';
import { EdgeKeys, IdTable } from './edge-keys.js';
import { fastRecord } from './fast-record.js';
import { eachLine } from './read.js';
import { type ImportRecord, record } from './records.js';
import { DeferredReferences, type Reference } from './references.js';

export type { GraphLookup } from './cycles.js';
export { type Reference, referencesOf } from './references.js';

export interface ParsedLine {
  file: string;
  line: number;
  record: ImportRecord;
}

/** Optional observers of the records as validation streams them (the bulk importer writes its CSV from these). */
export interface ValidationHooks {
  /**
   * Each record that parsed and is not a duplicate, in file order, as it is
   * read: its references are checked only at the end, so an import that
   * fails validation may already have passed records here. Awaited only
   * when it returns a promise. `interned`: the record's ids as numbers
   * (dense, from 0; -1 where the record has none), valid during the call.
   */
  onRecord?: (parsed: ParsedLine, interned: Interned) => void | Promise<void>;
  /** The table to intern the import's ids in (a new one when not given). */
  ids?: IdTable;
}

/** A record's ids interned: its own (nodes), its ends (edges). */
export interface Interned {
  id: number;
  from: number;
  to: number;
}

const MAX_REPORTED = 100;

function issuePath(issue: z.core.$ZodIssue): string {
  const parts = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]] : issue.path;
  return parts
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))
    .join('')
    .replace(/^\./, '');
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type' && issue.message.endsWith('received undefined')) {
    return `required (${issue.expected})`;
  }
  if (issue.code === 'unrecognized_keys')
    return `unknown field${issue.keys.length > 1 ? `s ${issue.keys.join(', ')}` : ''}`;
  return issue.message;
}

/** Parse one line into a record, or the errors it has (each with its field path). */
export function parseLine(file: string, line: number, text: string): ParsedLine | RecordError[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return [{ file, line, path: '', message: `not valid JSON (${(error as Error).message})` }];
  }
  const fast = fastRecord(json);
  if (fast) return { file, line, record: fast };
  const result = record.safeParse(json);
  if (result.success) return { file, line, record: result.data };
  return result.error.issues.map((issue) => ({ file, line, path: issuePath(issue), message: issueMessage(issue) }));
}

/**
 * Validate a whole import before anything is written: every line parses, node
 * ids and edges are unique, every reference points to a node of the right
 * type (in the import or already in the graph), and SUBTOPIC_OF / BUILDS_ON
 * stay acyclic together with what the graph holds. Reads the files once
 * (references to records further on are checked at the end); throws
 * ImportValidationError listing the problems by file, line and field.
 */
export async function validateImport(
  files: string[],
  store: GraphLookup,
  onProgress: (bytes: number) => void = () => {},
  hooks: ValidationHooks = {},
): Promise<{ records: number }> {
  const errors: RecordError[] = [];
  let total = 0;
  const report = (e: RecordError) => {
    total += 1;
    if (errors.length < MAX_REPORTED) errors.push({ file: e.file, line: e.line, path: e.path, message: e.message });
  };
  // Ids interned, with the type and first-seen place of their records; places packed as
  // fileIndex * 2^32 + line (no object per record).
  const ids = hooks.ids ?? new IdTable();
  const unpack = (v: number): Where => {
    const file = files[Math.floor(v / 2 ** 32)];
    if (file === undefined) throw new Error(`packed place ${v} names no file of ${files.length}`);
    return { file, line: v % 2 ** 32 };
  };
  const firstSeenEdges = new EdgeKeys();
  const subtopicOf = new EdgeSet();
  const buildsOn = new EdgeSet();
  const deferred = new DeferredReferences(ids);
  /** Ids of records that did not parse: references to them are not reported again as unknown. */
  const brokenIds = new Set<string>();
  let records = 0;
  const interned: Interned = { id: -1, from: -1, to: -1 };

  // One pass: syntax, schema, duplicate ids and edges; references to ids not seen yet are deferred.
  let done = 0;
  for (const [fileIndex, file] of files.entries()) {
    const visit = (line: number, text: string): void | Promise<void> => {
      const parsed = parseLine(file, line, text);
      if (Array.isArray(parsed)) {
        parsed.forEach(report);
        const id = rawId(text);
        if (id) brokenIds.add(id);
        return;
      }
      records += 1;
      const r = parsed.record;
      const here = fileIndex * 2 ** 32 + line;
      let first: number | undefined;
      let from = -1;
      let to = -1;
      let id = -1;
      if (r.type === 'edge') {
        from = ids.intern(r.from);
        to = ids.intern(r.to);
        first = firstSeenEdges.firstOrSet(lineageRelations.indexOf(r.relation), from, to, here);
      } else {
        id = ids.intern(r.id);
        if (ids.types[id]) first = ids.firstSeen[id];
      }
      if (first !== undefined) {
        const what = r.type === 'edge' ? `duplicate edge ${r.relation} ${r.from} → ${r.to}` : `duplicate id "${r.id}"`;
        report({
          file,
          line,
          path: r.type === 'edge' ? '' : 'id',
          message: `${what} (first defined at ${where(unpack(first))})`,
        });
        deferred.add(r, here, from, to);
        return;
      }
      if (r.type === 'edge') {
        if (r.relation === 'BUILDS_ON') buildsOn.add(r.from, r.to, { file, line, path: 'to' });
      } else {
        ids.types[id] = nodeTypes.indexOf(r.type) + 1;
        ids.firstSeen[id] = here;
        if (r.type === 'topic' && r.parent) subtopicOf.add(r.id, r.parent, { file, line, path: 'parent' });
      }
      deferred.add(r, here, from, to);
      if (!hooks.onRecord) return;
      interned.id = id;
      interned.from = from;
      interned.to = to;
      return hooks.onRecord(parsed, interned);
    };
    const base = done;
    await eachLine(file, visit, (bytes) => {
      done = base + bytes;
      onProgress(done);
    });
  }

  // References, against the import's ids and then the graph's.
  await checkReferences(store, ids, brokenIds, report, deferred.entries(unpack));

  // Cycles, counting the edges already in the graph. A topic's record replaces its SUBTOPIC_OF
  // link; BUILDS_ON edges only add to what is there.
  const topicIds = new Set(ids.defined('topic'));
  for (const e of await cycleErrors(store, 'SUBTOPIC_OF', subtopicOf, topicIds)) report(e);
  for (const e of await cycleErrors(store, 'BUILDS_ON', buildsOn, new Set())) report(e);

  if (total > 0) {
    const order = new Map(files.map((f, i) => [f, i]));
    errors.sort((a, b) => (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) || a.line - b.line);
    throw new ImportValidationError(errors, total);
  }
  return { records };
}

/**
 * Check references in read order: ids in the import must have the right
 * type; the others are looked up in the graph in batches.
 */
async function checkReferences(
  store: GraphLookup,
  ids: IdTable,
  brokenIds: Set<string>,
  report: (e: RecordError) => void,
  refs: Iterable<Reference>,
): Promise<void> {
  const pending = new Map<string, Reference[]>();
  const lookUp = async () => {
    const inGraph = await store.typesOf([...pending.keys()]);
    for (const [id, refs] of pending) {
      const types = inGraph.get(id) ?? [];
      for (const ref of refs) if (!types.includes(ref.type)) report({ ...ref, message: problem(ref, types[0]) });
    }
    pending.clear();
  };
  for (const ref of refs) {
    if (brokenIds.has(ref.id)) continue;
    const known = ids.typeOf(ref.id);
    if (known) {
      if (known !== ref.type) report({ ...ref, message: problem(ref, known) });
      continue;
    }
    const list = pending.get(ref.id);
    if (list) list.push(ref);
    else pending.set(ref.id, [ref]);
    if (pending.size >= LOOKUP_BATCH) await lookUp();
  }
  if (pending.size) await lookUp();
}

/** The `id` of a record that failed validation, when it has a usable one. */
function rawId(text: string): string | undefined {
  try {
    const id = (JSON.parse(text) as { id?: unknown } | null)?.id;
    return typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}

function problem(ref: Reference, actual: NodeType | undefined): string {
  if (!actual) return `unknown ${ref.type} id "${ref.id}" (not in this import or the graph)`;
  const a = (type: NodeType) => (/^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`);
  return `"${ref.id}" is ${a(actual)}, but ${a(ref.type)} is needed here`;
}
