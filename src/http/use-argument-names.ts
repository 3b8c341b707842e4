import type { ASTNode, DocumentNode, GraphQLError as GraphQLErrorType } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError, Kind, visit } from '../graphql.js';

/** The argument (dotted through input objects: `where.kind`) whose value holds the node starting at `start`. */
function argumentAt(document: DocumentNode, start: number): string | undefined {
  const path: string[] = [];
  let found: string | undefined;
  const named = (node: ASTNode) => node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD;
  visit(document, {
    enter(node) {
      // Skip every subtree that does not contain the position (its leave is then skipped too).
      if (found || !node.loc || node.loc.start > start || node.loc.end <= start) return false;
      if (named(node)) path.push((node as { name: { value: string } }).name.value);
      if (node.loc.start === start && path.length) found = path.join('.');
      return undefined;
    },
    leave(node) {
      if (named(node)) path.pop();
    },
  });
  return found;
}

/**
 * Validation errors about a literal argument value (an unknown enum value such as
 * `series(groupBy: DECADE)`, a malformed DateTime) name the argument, as every other bad input
 * does: `extensions.argument` and a mention in the message. graphql-js names only the value.
 */
export function useArgumentNames(): Plugin {
  const named = (error: GraphQLErrorType, document: DocumentNode): GraphQLErrorType => {
    const start = error.nodes?.[0]?.loc?.start;
    if (start === undefined || error.extensions?.argument !== undefined) return error;
    const argument = argumentAt(document, start);
    if (!argument) return error;
    return new GraphQLError(`${error.message} (argument \`${argument}\`)`, {
      nodes: error.nodes,
      source: error.source,
      positions: error.positions,
      path: error.path,
      originalError: error.originalError,
      extensions: { ...error.extensions, argument },
    });
  };
  return {
    onValidate({ params }) {
      const document = params.documentAST;
      return ({ result, setResult }) => {
        if (result.length) setResult(result.map((e) => named(e, document)));
      };
    },
  };
}
