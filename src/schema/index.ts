import { builder } from '../builder.js';
import './paper.js';
import './author.js';
import './topic.js';
import './technique.js';
import './lineage-step.js';
import './lineage.js';
import './search.js';
import './stats.js';
import './graph.js';
import './series.js';
import './mutations.js';
import './rejection.js';
import './reference.js';

/**
 * The executable schema: every type file registers itself on the builder above.
 *
 * The type files import each other (a Paper has Authors, an Author has Papers): a cycle that is
 * safe because Pothos reads refs lazily — in `fields: (t) => …` thunks, resolved by `toSchema()`
 * after every file here has run. The one ref used at load time from another file is Technique in
 * lineage.ts (`builder.objectField`), imported here after technique.ts. Scalars read rows through
 * `propertiesOf` (links.ts), which needs no ref of the type being defined.
 */
export const schema = builder.toSchema({ sortSchema: false });
