import type { StandardSchemaV1 } from '@pothos/plugin-validation';
import type { GraphQLError } from 'graphql';
import { z } from 'zod';
import { badInput } from '../errors.js';

/**
 * A number argument within [min, max] (for the validation plugin's `validate:`), rejected with a
 * sentence that names it: "`first` must be between 0 and 100 (got 101); page with `after` for more."
 */
export const between = (name: string, min: number, max: number, hint = '') =>
  z.number().refine((v) => v >= min && v <= max, {
    error: (issue) => `${name} must be between ${min} and ${max} (got ${String(issue.input)})${hint}.`,
  });

const argumentOf = (issue: StandardSchemaV1.Issue) => {
  const key = issue.path?.[0];
  return String(typeof key === 'object' ? key.key : (key ?? 'input'));
};

/**
 * The one BAD_USER_INPUT for invalid arguments (the validation plugin's `validationError`, and
 * the same check made ahead of a field by lookahead): each problem as a sentence — a message
 * that names its argument stands alone, any other is prefixed with the argument's path — and
 * `extensions.argument` naming the first argument at fault.
 */
export function invalidArguments(issues: readonly StandardSchemaV1.Issue[]): GraphQLError {
  const sentences = issues.map((issue) => {
    const path = issue.path?.map((p) => (typeof p === 'object' ? p.key : p)).join('.') || 'input';
    const name = argumentOf(issue);
    return issue.message.startsWith(name) || issue.message.startsWith(`\`${name}\``)
      ? issue.message
      : `${path}: ${issue.message}`;
  });
  return badInput(`Invalid arguments: ${sentences.join('; ')}`, {
    argument: issues[0] ? argumentOf(issues[0]) : 'input',
  });
}
