import { z } from 'zod';
import { lineageRelations } from '../graph/derive.js';
import { type AuthorKind, authorKinds, paperKinds } from '../graph/model.js';
import { type ImportRecord, idPattern } from './records.js';

/**
 * A quick check for the common case: a record that certainly passes the zod
 * schema of records.ts, returned as zod would return it (fields in the
 * schema's order, defaults filled in). Anything else — an error, a value that
 * zod would trim, a url, anything not plainly valid — gives undefined, and the
 * caller asks zod, so every accepted record and every error message is
 * zod's. test/unit/fast-record.test.ts holds it to zod's answers.
 */
export function fastRecord(json: unknown): ImportRecord | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const o = json as Record<string, unknown>;
  switch (o.type) {
    case 'edge':
      return edge(o);
    case 'paper':
      return paper(o);
    case 'author':
      return author(o);
    case 'technique':
      return technique(o);
    case 'topic':
      return topic(o);
    default:
      return undefined;
  }
}

const dateRegex = z.regexes.date;
const datetimeRegex = z.regexes.datetime({ offset: true });
const arxivRegex = /^(\d{4}\.\d{4,5}|[a-z-]+\/\d{7})$/;
const relations: readonly unknown[] = lineageRelations;
const kinds: readonly unknown[] = paperKinds;
const authorKindValues: readonly unknown[] = authorKinds;

const keys = (...names: string[]) => new Set(names);
const edgeKeys = keys('type', 'relation', 'from', 'to', 'evidence', 'confidence', 'source', 'recordedAt');
const paperKeys = keys('type', 'id', 'title', 'abstract', 'published', 'arxivId', 'url', 'kind', 'authors', 'topics');
const authorKeys = keys('type', 'id', 'name', 'kind', 'aliases');
const techniqueKeys = keys('type', 'id', 'name', 'aliases', 'description', 'topics');
const topicKeys = keys('type', 'id', 'name', 'description', 'parent');

function onlyKeys(o: Record<string, unknown>, allowed: Set<string>): boolean {
  for (const k in o) if (!allowed.has(k)) return false;
  return true;
}

/** A string that z.string().trim().min(1).max(max) accepts unchanged. */
function isText(v: unknown, max: number): v is string {
  if (typeof v !== 'string' || v.length === 0 || v.length > max) return false;
  const a = v.charCodeAt(0);
  const b = v.charCodeAt(v.length - 1);
  return (a > 32 && a < 127 && b > 32 && b < 127) || v.trim() === v;
}

const isId = (v: unknown): v is string => typeof v === 'string' && idPattern.test(v);

/** An optional text: absent, or a text. */
const optText = (v: unknown, max: number) => v === undefined || isText(v, max);

/** A list of distinct ids, at most `max`. */
function isIdList(v: unknown, max: number): v is string[] {
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!isId(v[i])) return false;
  if (v.length > 16) return new Set(v).size === v.length;
  for (let i = 1; i < v.length; i++) for (let j = 0; j < i; j++) if (v[i] === v[j]) return false;
  return true;
}

function isTextList(v: unknown, max: number, each: number): v is string[] {
  if (!Array.isArray(v) || v.length > max) return false;
  for (let i = 0; i < v.length; i++) if (!isText(v[i], each)) return false;
  return true;
}

/** Set the optional field when it is there (zod leaves absent ones out); keeps the object's shape fast. */
function opt(o: Record<string, unknown>, key: string, value: unknown): void {
  if (value !== undefined) o[key] = value;
}

function edge(o: Record<string, unknown>): ImportRecord | undefined {
  const { relation, from, to, evidence, confidence, source, recordedAt } = o;
  if (!onlyKeys(o, edgeKeys) || !relations.includes(relation) || !isId(from) || !isId(to) || from === to) return;
  if (!isText(evidence, 1000) || typeof confidence !== 'number' || !(confidence >= 0 && confidence <= 1)) return;
  if (!optText(source, 200)) return;
  if (recordedAt !== undefined && !(typeof recordedAt === 'string' && datetimeRegex.test(recordedAt))) return;
  const out: Record<string, unknown> = { type: 'edge', relation, from, to, evidence, confidence };
  opt(out, 'source', source);
  opt(out, 'recordedAt', recordedAt);
  return out as ImportRecord;
}

function paper(o: Record<string, unknown>): ImportRecord | undefined {
  const { id, title, abstract, published, arxivId, url, kind = 'paper', authors, topics = [] } = o;
  // A url is left to zod (z.url() is more than a pattern).
  if (!onlyKeys(o, paperKeys) || url !== undefined || !isId(id)) return;
  if (id.startsWith('author:') || id.startsWith('topic:') || id.startsWith('technique:')) return;
  if (!isText(title, 500) || !optText(abstract, 10_000)) return;
  if (typeof published !== 'string' || !dateRegex.test(published)) return;
  if (arxivId !== undefined && !(typeof arxivId === 'string' && arxivRegex.test(arxivId))) return;
  if (!kinds.includes(kind) || !isIdList(authors, 5000) || authors.length === 0 || !isIdList(topics, 50)) return;
  const out: Record<string, unknown> = { type: 'paper', id, title };
  opt(out, 'abstract', abstract);
  out.published = published;
  opt(out, 'arxivId', arxivId);
  out.kind = kind;
  out.authors = authors;
  out.topics = topics;
  return out as ImportRecord;
}

function author(o: Record<string, unknown>): ImportRecord | undefined {
  const { id, name, kind = 'person', aliases = [] } = o;
  if (!onlyKeys(o, authorKeys) || !isId(id) || !id.startsWith('author:') || !isText(name, 200)) return;
  if (!authorKindValues.includes(kind) || !isTextList(aliases, 20, 200)) return;
  return { type: 'author', id, name, kind: kind as AuthorKind, aliases };
}

function technique(o: Record<string, unknown>): ImportRecord | undefined {
  const { id, name, aliases = [], description, topics = [] } = o;
  if (!onlyKeys(o, techniqueKeys) || !isId(id) || !id.startsWith('technique:') || !isText(name, 200)) return;
  if (!isTextList(aliases, 20, 200) || !isText(description, 2000) || !isIdList(topics, 20)) return;
  return { type: 'technique', id, name, aliases, description, topics };
}

function topic(o: Record<string, unknown>): ImportRecord | undefined {
  const { id, name, description, parent } = o;
  if (!onlyKeys(o, topicKeys) || !isId(id) || !id.startsWith('topic:') || !isText(name, 200)) return;
  if (!optText(description, 2000) || (parent !== undefined && !isId(parent))) return;
  const out: Record<string, unknown> = { type: 'topic', id, name };
  opt(out, 'description', description);
  opt(out, 'parent', parent);
  return out as ImportRecord;
}
