import { builder } from '../builder.js';
import './paper.js';

/** The executable schema: every type file registers itself on the builder above. */
export const schema = builder.toSchema({ sortSchema: false });
