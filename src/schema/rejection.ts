import { builder } from '../builder.js';
import type { Rejection } from '../db/stores/link-store.js';
import { badInput, notFound } from '../errors.js';
import { keyFrom } from './ids.js';

/**
 * Rejecting a mined link (issue #13): a curator says "this paper does not use that technique";
 * the linker's edges on the pair are removed and never made again (the rejection is stored as
 * `(:Paper)-[:REJECTED_LINK {by, at, reason}]->(:Technique)`). Curated edges are not touched.
 */

const RejectedLink = builder.objectRef<Rejection>('RejectedLink').implement({
  description: 'A stored rejection: the linker never links this paper to this technique again.',
  fields: (t) => ({
    paper: t.exposeID('paper', { description: 'Readable id of the paper.' }),
    technique: t.exposeID('technique', { description: 'Readable id of the technique.' }),
    by: t.exposeString('by', { description: 'Who rejected it.' }),
    at: t.exposeString('at', { description: 'When it was first rejected (ISO datetime).' }),
    reason: t.exposeString('reason', { nullable: true, description: 'Why, when given.' }),
    removed: t.exposeInt('removed', { description: 'Mined links (USES/INTRODUCES, source `linker`) removed now.' }),
  }),
});

builder.mutationField('rejectLink', (t) =>
  t.field({
    type: RejectedLink,
    authScopes: { writer: true },
    description:
      'Reject the mined link between a paper and a technique: the linker’s USES/INTRODUCES edges on the pair are removed and `npm run link` never makes them again. Curated and imported edges are left as they are. Idempotent (`at` keeps the first rejection’s time).',
    args: {
      paper: t.arg.id({ required: true, description: 'Readable id (`arxiv:…`) or global id of the paper.' }),
      technique: t.arg.string({
        required: true,
        description: 'Technique id (`technique:rlhf`), name or alias.',
      }),
      by: t.arg.string({ required: true, description: 'Who rejects it (1..200 characters), stored with it.' }),
      reason: t.arg.string({ required: false, description: 'Why (up to 1000 characters), stored with it.' }),
    },
    resolve: async (_root, args, ctx) => {
      const by = args.by.trim();
      if (!by || by.length > 200) throw badInput('`by` must be 1..200 characters.', { argument: 'by' });
      if ((args.reason?.length ?? 0) > 1000) {
        throw badInput('`reason` must be at most 1000 characters.', { argument: 'reason' });
      }
      const technique = args.technique.trim();
      if (!technique) throw badInput('Name a technique: an id, a name or an alias.', { argument: 'technique' });
      const paper = keyFrom(args.paper, 'Paper');
      const rejection = await ctx.stores.links.reject(paper, technique, by, args.reason ?? null);
      if (!rejection) throw notFound(`No paper "${args.paper}" or no technique "${args.technique}"; nothing rejected.`);
      return rejection;
    },
  }),
);
