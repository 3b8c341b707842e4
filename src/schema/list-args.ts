import { builder } from '../builder.js';
import { listSize } from './pagination.js';

/** Whether a ranked list's `first` passes `listSize` (a relation's argument key is only made from valid arguments). */
export const validListSize = (first: number) => listSize.safeParse(first).success;

/** The `first` of a ranked list (`Author.coauthors`, `Paper.related`): 1..100, default 10. */
export const rankedListArgs = builder.args((t) => ({
  first: t.int({ required: true, defaultValue: 10, description: 'How many (1..100).', validate: listSize }),
}));
