import './explore.css';
import type { Core, LayoutOptions, NodeSingular } from 'cytoscape';
import { GRAPH_QUERY, LINEAGE_QUERY, PATH_QUERY } from '../persisted/page-operations.js';
import { ApiError, graphiqlLink, h } from './api.js';
import { type Drawing, lineage, neighbourhood, search, whoConnects } from './explore-data.js';
import { createGraph, elements, fitView, forceLayout, legend, lineageLayout, pathLayout } from './explore-graph.js';
import { renderTable } from './explore-table.js';

/**
 * /explore: draw the knowledge graph. The view lives in the URL (?view=lineage&technique=RLHF…),
 * so a view can be shared and reloaded. document.body.dataset.status says loading / ready /
 * empty / error (the browser tests wait on it).
 */
type View = 'lineage' | 'graph' | 'connect';
const EXPAND_LIMIT = 40;

const app = document.getElementById('app') as HTMLElement;
const field = (label: string, input: HTMLElement) => h('label', {}, label, input);
const input = (name: string, attrs: Record<string, string> = {}) => h('input', { name, id: `f-${name}`, ...attrs });

const searchForm = h(
  'form',
  { id: 'search-form', role: 'search' },
  field('Search', input('q', { type: 'search', placeholder: 'RLHF, Ilya Sutskever…' })),
  h('button', {}, 'Search'),
);
const hitsList = h('ul', { id: 'hits', class: 'hits' });
const lineageForm = h(
  'form',
  { id: 'lineage-form' },
  h('h2', {}, 'Lineage of a technique'),
  field('Technique', input('technique', { required: '', value: 'RLHF' })),
  field('Max depth', input('maxDepth', { type: 'number', min: '1', max: '10', value: '4' })),
  field('Min confidence', input('minConfidence', { type: 'number', min: '0', max: '1', step: '0.05', value: '0' })),
  h('button', {}, 'Draw lineage'),
);
const graphForm = h(
  'form',
  { id: 'graph-form' },
  h('h2', {}, 'Neighbourhood'),
  field('Node id', input('seed', { required: '', placeholder: 'technique:rlhf, arxiv:2203.02155…' })),
  field('Depth', input('depth', { type: 'number', min: '1', max: '3', value: '1' })),
  h('button', {}, 'Draw neighbourhood'),
);
const connectForm = h(
  'form',
  { id: 'connect-form' },
  h('h2', {}, 'Who connects two authors'),
  field('From', input('from', { required: '', placeholder: 'author:paul-christiano' })),
  field('To', input('to', { required: '', placeholder: 'author:yang-song' })),
  h('button', {}, 'Find the chain'),
);
const status = h('p', { id: 'status', class: 'status', role: 'status' });
const query = h('a', { id: 'open-graphiql', class: 'small' }, 'open this query in GraphiQL');
const canvas = h('div', {
  id: 'cy',
  class: 'cy',
  'aria-label': 'graph drawing; the same nodes and edges are in the table view below',
});
const details = h(
  'div',
  { id: 'details', class: 'details' },
  'Click a node or an edge for details; double-click a node to centre on it.',
);
const table = h('details', { id: 'table' }, h('summary', {}, 'Table view'), h('div', { id: 'table-body' }));
app.append(
  h('aside', { class: 'controls' }, searchForm, hitsList, lineageForm, graphForm, connectForm),
  h('section', { class: 'stage' }, h('div', { class: 'bar' }, status, query), canvas, legend(), details, table),
);

const cy: Core = createGraph(canvas);
const setStatus = (state: 'loading' | 'ready' | 'empty' | 'error', text: string) => {
  document.body.dataset.status = state;
  status.textContent = text;
  status.className = `status ${state}`;
};
const value = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? '').trim();
const params = () => new URLSearchParams(location.search);

function draw(d: Drawing, layout: (cy: Core) => LayoutOptions) {
  cy.elements().remove();
  cy.add(elements(d));
  cy.layout(layout(cy)).run();
  fitView(cy);
  renderTable(cy);
}

/** Run the view the URL describes; fill the forms from it. */
async function run() {
  const p = params();
  const view = (p.get('view') ?? 'lineage') as View;
  for (const [k, v] of p) {
    const el = document.getElementById(`f-${k}`) as HTMLInputElement | null;
    if (el) el.value = v;
  }
  setStatus('loading', 'Loading…');
  try {
    let d: Drawing;
    if (view === 'graph') {
      const seed = p.get('seed') ?? 'technique:rlhf';
      const depth = Number(p.get('depth') ?? 1);
      query.href = graphiqlLink(GRAPH_QUERY, { seeds: [seed], depth, limit: 150 });
      d = await neighbourhood([seed], depth, 150);
      draw(d, forceLayout);
      cy.getElementById(seed).addClass('highlight');
    } else if (view === 'connect') {
      const vars = { from: p.get('from') ?? '', to: p.get('to') ?? '' };
      query.href = graphiqlLink(PATH_QUERY, vars);
      const r = await whoConnects(vars.from, vars.to);
      d = r;
      draw(d, pathLayout);
      for (const id of r.path) cy.getElementById(id).addClass('highlight path');
      cy.edges().addClass('highlight');
    } else {
      const vars = {
        technique: p.get('technique') ?? 'RLHF',
        maxDepth: Number(p.get('maxDepth') ?? 4),
        minConfidence: Number(p.get('minConfidence') ?? 0),
      };
      query.href = graphiqlLink(LINEAGE_QUERY, vars);
      d = await lineage(vars.technique, vars.maxDepth, vars.minConfidence);
      draw(d, (c) => lineageLayout(c, d.nodes[0]?.id ?? ''));
    }
    if (d.nodes.length === 0) setStatus('empty', d.note ?? 'Nothing to draw: no results.');
    else setStatus('ready', `${d.nodes.length} nodes, ${d.edges.length} edges. ${d.note ?? ''}`);
  } catch (error) {
    cy.elements().remove();
    renderTable(cy);
    if (error instanceof ApiError && error.code === 'NOT_FOUND') setStatus('empty', error.message);
    else setStatus('error', `Could not draw this view: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function go(next: Record<string, string>) {
  history.pushState(null, '', `?${new URLSearchParams(next)}`);
  void run();
}

/** Add a node's neighbours (capped; a "+N more" node stands for the rest). */
async function expand(id: string, limit = EXPAND_LIMIT) {
  setStatus('loading', 'Expanding…');
  try {
    const d = await neighbourhood([id], 1, limit);
    cy.getElementById(`more:${id}`).remove();
    const fresh = elements(d).filter((el) => cy.getElementById(String(el.data.id)).empty());
    cy.add(fresh.filter((el) => el.group === 'nodes'));
    cy.add(
      fresh.filter(
        (el) =>
          el.group === 'edges' &&
          !cy.getElementById(String(el.data.source)).empty() &&
          !cy.getElementById(String(el.data.target)).empty(),
      ),
    );
    cy.layout(forceLayout()).run();
    fitView(cy);
    renderTable(cy);
    setStatus('ready', `${cy.nodes().length} nodes, ${cy.edges().length} edges (expanded ${id}).`);
  } catch (error) {
    setStatus('error', `Could not expand ${id}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

function showNode(n: NodeSingular) {
  const d = n.data();
  const link = d.url
    ? h(
        'a',
        { href: d.url, target: '_blank', rel: 'noopener' },
        d.id.startsWith('arxiv:') ? 'arXiv page' : 'paper page',
      )
    : null;
  const explore = h('button', { type: 'button' }, 'Explore its neighbourhood');
  explore.addEventListener('click', () => go({ view: 'graph', seed: d.id, depth: '1' }));
  details.replaceChildren(
    h('strong', {}, d.label),
    h(
      'div',
      { class: 'small' },
      `${d.type.toLowerCase()} · ${d.id}${d.year ? ` · ${d.year}` : ''}${d.citations !== undefined ? ` · ${d.citations} citations` : ''}`,
    ),
    h('div', {}, d.subtitle ?? ''),
    h('div', {}, link, ' ', d.type === 'MORE' ? null : explore),
  );
}

cy.on('tap', 'node', (event) => {
  const n = event.target as NodeSingular;
  if (n.data('type') === 'MORE') {
    void expand(n.data('owner'), 300);
    return;
  }
  showNode(n);
  if ((params().get('view') ?? 'lineage') === 'graph' && n.data('hidden') !== 0) void expand(n.id());
});
cy.on('dbltap', 'node', (event) => {
  const n = event.target as NodeSingular;
  if (n.data('type') !== 'MORE') go({ view: 'graph', seed: n.id(), depth: '1' });
});
cy.on('tap', 'edge', (event) => {
  const e = event.target.data();
  details.replaceChildren(
    h('strong', {}, `${e.source} —${e.relation}→ ${e.target}`),
    h('div', {}, `Evidence: ${e.evidence ?? '—'}`),
    h('div', {}, `Confidence: ${e.confidence ?? '—'}`),
    h('div', {}, `Source: ${e.origin ?? '—'}`),
  );
});

searchForm.addEventListener('submit', async (event) => {
  event.preventDefault();
  const q = value(searchForm, 'q');
  if (!q) return;
  hitsList.replaceChildren(h('li', {}, 'Searching…'));
  try {
    const hits = await search(q);
    hitsList.replaceChildren(...(hits.length ? [] : [h('li', {}, 'No results.')]));
    for (const hit of hits) {
      const button = h('button', { type: 'button' }, `${hit.type.toLowerCase()}: ${hit.label}`);
      button.addEventListener('click', () =>
        go(
          hit.type === 'TECHNIQUE'
            ? { view: 'lineage', technique: hit.key, maxDepth: '4', minConfidence: '0' }
            : { view: 'graph', seed: hit.key, depth: '1' },
        ),
      );
      const li = h('li', {}, button);
      if (hit.type === 'AUTHOR') {
        for (const end of ['from', 'to'] as const) {
          const b = h('button', { type: 'button', class: 'small' }, end);
          b.addEventListener('click', () => {
            (document.getElementById(`f-${end}`) as HTMLInputElement).value = hit.key;
          });
          li.append(' ', b);
        }
      }
      hitsList.append(li);
    }
  } catch (error) {
    hitsList.replaceChildren(
      h('li', { class: 'error' }, `Search failed: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
});
lineageForm.addEventListener('submit', (event) => {
  event.preventDefault();
  go({
    view: 'lineage',
    technique: value(lineageForm, 'technique'),
    maxDepth: value(lineageForm, 'maxDepth') || '4',
    minConfidence: value(lineageForm, 'minConfidence') || '0',
  });
});
graphForm.addEventListener('submit', (event) => {
  event.preventDefault();
  go({ view: 'graph', seed: value(graphForm, 'seed'), depth: value(graphForm, 'depth') || '1' });
});
connectForm.addEventListener('submit', (event) => {
  event.preventDefault();
  go({ view: 'connect', from: value(connectForm, 'from'), to: value(connectForm, 'to') });
});
window.addEventListener('popstate', () => void run());
void run();
