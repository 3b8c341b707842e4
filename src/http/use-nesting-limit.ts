import type { Plugin } from 'graphql-yoga';
import { tooComplex } from '../errors.js';

/**
 * Deepest bracket nesting a document may have. The parser, validation and the
 * armor plugins all recurse per level: `[[[…]]]` a thousand deep (within the
 * token limit) overflows the stack, which is a masked 500. Depth ≤ 12 selections
 * and the schema's own lists need far less.
 */
export const MAX_NESTING = 64;

/** Deepest nesting of (), [] and {} in a GraphQL document outside strings and comments; stops counting past `stopAt`. */
export function nestingDepth(source: string, stopAt = Number.POSITIVE_INFINITY): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < source.length && max <= stopAt; i++) {
    const c = source[i];
    if (c === '#') {
      while (i < source.length && source[i] !== '\n' && source[i] !== '\r') i++;
    } else if (source.startsWith('"""', i)) {
      i += 3;
      while (i < source.length && !source.startsWith('"""', i)) i += source.startsWith('\\"""', i) ? 4 : 1;
      i += 2;
    } else if (c === '"') {
      for (i++; i < source.length && source[i] !== '"' && source[i] !== '\n'; i++) if (source[i] === '\\') i++;
    } else if (c === '{' || c === '[' || c === '(') {
      max = Math.max(max, ++depth);
    } else if (c === '}' || c === ']' || c === ')') {
      depth--;
    }
  }
  return max;
}

/** QUERY_TOO_COMPLEX (`limit: "nesting"`) before parsing when the document nests deeper than `max`. */
export function useNestingLimit(max = MAX_NESTING): Plugin {
  return {
    onParams({ params, setResult }) {
      if (typeof params?.query !== 'string' || nestingDepth(params.query, max) <= max) return;
      setResult({ errors: [tooComplex('nesting', max, `Brackets nest deeper than the limit of ${max}.`)] });
    },
  };
}
