import { builder } from '../builder.js';
import { listSize } from './pagination.js';

/** The `first` of a ranked list (`Author.coauthors`, `Paper.related`): 1..100, default 10. */
export const rankedListArgs = builder.args((t) => ({
  first: t.int({ required: true, defaultValue: 10, description: 'How many (1..100).', validate: listSize }),
}));
