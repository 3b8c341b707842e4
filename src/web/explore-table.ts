import type { Core } from 'cytoscape';
import { h } from './api.js';

/** The table view: the same nodes and edges as the drawing, for people who can't use the picture. */
export function renderTable(cy: Core) {
  const body = document.getElementById('table-body');
  if (!body) return;
  const nodes = cy.nodes().filter((n) => n.data('type') !== 'MORE');
  const edges = cy.edges().filter((e) => e.data('relation') !== '');
  const row = (cells: (string | number | undefined)[], tag: 'td' | 'th' = 'td') =>
    h('tr', {}, ...cells.map((c) => h(tag, {}, c === undefined ? '' : String(c))));
  body.replaceChildren(
    h(
      'table',
      { id: 'nodes-table' },
      h('caption', {}, `${nodes.length} nodes`),
      h('thead', {}, row(['id', 'type', 'name or title', 'year', 'citations', 'more neighbours'], 'th')),
      h(
        'tbody',
        {},
        ...nodes.map((n) =>
          row([n.id(), n.data('type'), n.data('label'), n.data('year'), n.data('citations'), n.data('hidden')]),
        ),
      ),
    ),
    h(
      'table',
      { id: 'edges-table' },
      h('caption', {}, `${edges.length} edges`),
      h('thead', {}, row(['from', 'relation', 'to', 'confidence', 'evidence', 'source'], 'th')),
      h(
        'tbody',
        {},
        ...edges.map((e) =>
          row([
            e.data('source'),
            e.data('relation'),
            e.data('target'),
            e.data('confidence'),
            e.data('evidence'),
            e.data('origin'),
          ]),
        ),
      ),
    ),
  );
}
