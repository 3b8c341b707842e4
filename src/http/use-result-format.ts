import type {
  DocumentNode,
  ExecutionResult,
  FieldNode,
  GraphQLObjectType,
  GraphQLSchema,
  SelectionSetNode,
} from 'graphql';
import { isAsyncIterable, type Plugin, processRegularResult } from 'graphql-yoga';
import type { Context } from '../context.js';
import { errorResponse } from '../errors.js';
import { getNamedType, Kind, TypeInfo, visit, visitWithTypeInfo } from '../graphql.js';
import { BIB_KEY, BIB_NODE, findList, paperKeyOf, toBibtex, toCsv } from './result-formats.js';

type Format = 'csv' | 'bibtex';
const mediaTypes: Record<Format, string> = { csv: 'text/csv', bibtex: 'application/x-bibtex' };
const contentTypes: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  bibtex: 'application/x-bibtex; charset=utf-8',
};

/** The format asked for: the Accept header's most preferred media type, when it is CSV or BibTeX. */
export function formatOf(request: Request): Format | undefined {
  const accept = request.headers.get('accept');
  // The common case, decided without parsing: neither media type is named at all.
  if (!accept || !/csv|bibtex/i.test(accept)) return undefined;
  const ranked = accept
    .split(',')
    .map((part, i) => {
      const [type = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
      const q = Number(params.find((p) => p.startsWith('q='))?.slice(2) ?? 1);
      return { type, q: Number.isFinite(q) ? q : 0, i };
    })
    .filter((m) => m.type && m.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  const top = ranked[0]?.type;
  return top === mediaTypes.csv ? 'csv' : top === mediaTypes.bibtex ? 'bibtex' : undefined;
}

/**
 * The document with `_bibtexKey: key` added to every selection on Paper, and `_bibtexNode: node { … }`
 * to every selection on an edge whose node is a Paper (so `edges { depth }` still names its papers).
 */
function withPaperKeys(document: DocumentNode, schema: GraphQLSchema): DocumentNode {
  const typeInfo = new TypeInfo(schema);
  const name = (value: string) => ({ kind: Kind.NAME, value }) as const;
  const keyField: FieldNode = { kind: Kind.FIELD, alias: name(BIB_KEY), name: name('key') };
  const nodeField: FieldNode = {
    kind: Kind.FIELD,
    alias: name(BIB_NODE),
    name: name('node'),
    selectionSet: { kind: Kind.SELECTION_SET, selections: [keyField] },
  };
  const isPaperEdge = (type: unknown) => {
    const node =
      type && typeof type === 'object' && 'getFields' in type
        ? (type as GraphQLObjectType).getFields().node
        : undefined;
    return node !== undefined && getNamedType(node.type).name === 'Paper';
  };
  return visit(
    document,
    visitWithTypeInfo(typeInfo, {
      SelectionSet: (node: SelectionSetNode) => {
        const parent = typeInfo.getParentType();
        if (parent?.name === 'Paper') return { ...node, selections: [...node.selections, keyField] };
        if (isPaperEdge(parent)) return { ...node, selections: [...node.selections, nodeField] };
        return undefined;
      },
    }),
  );
}

/** What yoga's `setResultProcessor` takes (the type is not exported by name). */
type ResultProcessor = Parameters<Parameters<NonNullable<Plugin['onResultProcess']>>[0]['setResultProcessor']>[0];

type Outcome = { body: string } | { error: string };

/** Render the executed result in the asked format, or say why it cannot be. */
async function render(format: Format, result: ExecutionResult, ctx: Context): Promise<Outcome | undefined> {
  if (result.errors?.length || !result.data) return undefined;
  const list = findList(result.data);
  const header = `Accept: ${mediaTypes[format]}`;
  if ('error' in list) {
    return {
      error: `${header} answers a query whose result is one list (a connection's edges count as one): here ${list.error}. Select one list, or accept application/json.`,
    };
  }
  if (format === 'csv') return { body: toCsv(list.items, list.path) };
  const keys = list.items.map(paperKeyOf);
  const missing = keys.indexOf(undefined);
  if (missing >= 0) {
    return {
      error: `${header} answers a list of papers; item ${missing} of \`${list.path}\` is not a paper. Ask for papers (e.g. \`papers\`, \`papersBuildingOn\`), or accept application/json.`,
    };
  }
  const unique = [...new Set(keys as string[])];
  return { body: toBibtex(await ctx.stores.papers.bibliography(unique)) };
}

/**
 * `Accept: text/csv` or `Accept: application/x-bibtex` (most preferred): the one list of the result
 * as CSV (see toCsv), or its papers as BibTeX generated from their full records (one batched
 * query, whatever fields were selected: every Paper selection gets the paper's key added
 * invisibly). A result that is not one list, or (BibTeX) not papers: 406 with a BAD_REQUEST
 * naming the `accept` header. A result with errors is answered as JSON, so the errors are seen.
 * Batched requests and other Accept values are left to yoga. The result is written when it is
 * processed, not when it is executed, so an answer served by a response cache is written too.
 */
export function useResultFormat(): Plugin<Context> {
  const contexts = new WeakMap<Request, Context>();
  const respond = (outcome: Outcome | undefined, format: Format): [ResultProcessor, string] => {
    // Errors (or no execution at all): the JSON answer, with its errors.
    if (!outcome) return [processRegularResult, 'application/json'];
    if ('error' in outcome) {
      return [
        () => errorResponse('BAD_REQUEST', outcome.error, { header: 'accept' }, { status: 406 }),
        'application/json',
      ];
    }
    const headers = { 'content-type': contentTypes[format] };
    return [(_result, fetchAPI) => new fetchAPI.Response(outcome.body, { status: 200, headers }), mediaTypes[format]];
  };
  return {
    onExecute({ args, executeFn, setExecuteFn }) {
      const ctx = args.contextValue as Context & { request?: Request };
      const format = ctx.request && formatOf(ctx.request);
      if (!ctx.request || !format) return;
      contexts.set(ctx.request, ctx);
      if (format === 'bibtex') {
        setExecuteFn((execArgs) =>
          executeFn({ ...execArgs, document: withPaperKeys(execArgs.document, execArgs.schema) }),
        );
      }
    },
    async onResultProcess({ request, result, setResultProcessor }) {
      const format = formatOf(request);
      if (!format) return;
      if (Array.isArray(result) || isAsyncIterable(result)) {
        const message = `Accept: ${mediaTypes[format]} answers one operation, not a batch or a stream.`;
        setResultProcessor(
          () => errorResponse('BAD_REQUEST', message, { header: 'accept' }, { status: 406 }),
          'application/json',
        );
        return;
      }
      const ctx = contexts.get(request);
      const outcome = ctx ? await render(format, result as ExecutionResult, ctx) : undefined;
      setResultProcessor(...respond(outcome, format));
    },
  };
}
