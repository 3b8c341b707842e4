import { builder } from '../builder.js';
import './paper.js';
import './author.js';
import './topic.js';
import './technique.js';
import './lineage-step.js';
import './lineage.js';
import './search.js';
import './stats.js';
import './mutations.js';

/** The executable schema: every type file registers itself on the builder above. */
export const schema = builder.toSchema({ sortSchema: false });
