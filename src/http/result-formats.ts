import { stringify } from 'csv-stringify/sync';
import type { BibRecord } from '../db/stores/paper-store.js';

/** The alias under which a BibTeX request carries each paper's key (added to every Paper selection). */
export const BIB_KEY = '_bibtexKey';
/** The alias of the `node` added to every edge whose node is a Paper, for BibTeX requests. */
export const BIB_NODE = '_bibtexNode';

/** The one list of a result, or why there is none. */
export type ListOf = { path: string; items: unknown[] } | { error: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The list a dashboard reads from `data`: descend through objects with one field each until a
 * list; a connection's `edges` is its list (its `totalCount` and `pageInfo` are left out). Any
 * object with several fields and no `edges` on the way means the result is not one list.
 */
export function findList(data: unknown): ListOf {
  let value = data;
  const path: string[] = [];
  for (;;) {
    if (Array.isArray(value)) return { path: path.join('.'), items: value };
    if (!isObject(value)) return { error: `\`${path.join('.') || 'data'}\` is ${value === null ? 'null' : 'a value'}` };
    if (Array.isArray(value.edges)) return { path: [...path, 'edges'].join('.'), items: value.edges };
    const keys = Object.keys(value);
    const [only] = keys;
    if (keys.length !== 1 || only === undefined) {
      return { error: `\`${path.join('.') || 'data'}\` has ${keys.length} fields (${keys.join(', ')}), not one list` };
    }
    path.push(only);
    value = value[only];
  }
}

/** Values of one row by dotted column name; a list inside the row adds one value per item. */
function flatten(value: unknown, column: string, out: Map<string, unknown[]>) {
  if (Array.isArray(value)) {
    for (const item of value) flatten(item, column, out);
  } else if (isObject(value)) {
    for (const [key, v] of Object.entries(value)) flatten(v, column ? `${column}.${key}` : key, out);
  } else {
    const values = out.get(column) ?? [];
    if (value !== null && value !== undefined) values.push(value);
    out.set(column, values);
  }
}

/**
 * CSV (RFC 4180: CRLF, quotes where needed) of the list's items: a header row of dotted column
 * names (`node.authors.name`), in order of first appearance; values of a list inside a row
 * joined with `; `; null or absent as an empty cell. Cells starting with = + - @ (or tab, CR)
 * are prefixed with `'` so spreadsheets do not run them as formulas (csv-stringify's
 * `escape_formulas`, the OWASP rule). An empty list is an empty body.
 */
export function toCsv(items: unknown[], listName: string): string {
  const rows = items.map((item) => {
    const out = new Map<string, unknown[]>();
    flatten(item, isObject(item) ? '' : listName.split('.').pop() || 'value', out);
    return out;
  });
  const columns = [...new Set(rows.flatMap((r) => [...r.keys()]))];
  if (columns.length === 0) return '';
  const records = rows.map((r) => columns.map((c) => (r.get(c) ?? []).map(String).join('; ')));
  return stringify(records, { header: true, columns, escape_formulas: true, record_delimiter: 'windows' });
}

/** The paper key carried by a list item: on the item itself or on one of its objects (an edge's `node`). */
export function paperKeyOf(item: unknown): string | undefined {
  if (!isObject(item)) return undefined;
  if (typeof item[BIB_KEY] === 'string') return item[BIB_KEY];
  for (const v of Object.values(item)) if (isObject(v) && typeof v[BIB_KEY] === 'string') return v[BIB_KEY];
  return undefined;
}

/** TeX's special characters in a braced BibTeX value. */
const tex = (s: string) =>
  s.replace(/[\\{}&%$#_^~]/g, (c) =>
    c === '\\' ? '\\textbackslash{}' : c === '^' ? '\\^{}' : c === '~' ? '\\~{}' : `\\${c}`,
  );
/** Identifiers and URLs go in verbatim; only braces, which would end the value, are dropped. */
const verbatim = (s: string) => s.replace(/[{}]/g, '');
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * One BibTeX entry per paper, keyed by the paper's readable id (`arxiv:2303.08774`): @techreport
 * for a technical report (institution: its organization authors), else @misc as arXiv exports
 * preprints; authors in byline order joined by `and` (an organization braced as one name), year
 * and month, arXiv `eprint` with `archivePrefix`, `doi` when the record has one, and `url`.
 */
export function toBibtex(records: BibRecord[]): string {
  return records
    .map((r) => {
      const orgs = r.authors.filter((a) => a.kind !== 'person').map((a) => a.name);
      const fields: [string, string | null][] = [
        ['title', `{${tex(r.title)}}`],
        ['author', r.authors.map((a) => (a.kind === 'person' ? tex(a.name) : `{${tex(a.name)}}`)).join(' and ')],
        ['institution', r.kind === 'technical_report' && orgs.length ? tex(orgs.join(' and ')) : null],
        ['year', String(r.year)],
        ['month', r.published ? (MONTHS[Number(r.published.slice(5, 7)) - 1] ?? null) : null],
        ['eprint', r.arxivId && verbatim(r.arxivId)],
        ['archivePrefix', r.arxivId ? 'arXiv' : null],
        ['doi', r.doi && verbatim(r.doi)],
        ['url', r.url && verbatim(r.url)],
        ['note', r.kind === 'system_card' ? 'System card' : null],
      ];
      const body = fields
        .filter(([, v]) => v !== null && v !== '')
        // A month is a BibTeX macro (`month = mar`), unbraced; everything else is braced.
        .map(([k, v]) => (k === 'month' ? `  ${k} = ${v}` : `  ${k} = {${v}}`))
        .join(',\n');
      return `@${r.kind === 'technical_report' ? 'techreport' : 'misc'}{${r.id},\n${body}\n}\n`;
    })
    .join('\n');
}
