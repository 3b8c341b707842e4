import cytoscape, { type Core, type ElementDefinition, type LayoutOptions } from 'cytoscape';
import type { Drawing, GEdge, GNode } from './explore-data.js';

/**
 * Colours: papers by year (older blue → newer red), everything else by type. Authors are brown, not purple:
 * the middle of the blue → red scale (a paper from ~2018) is a purple close to the old author colour.
 */
export const typeColours: Record<string, string> = {
  TECHNIQUE: '#2e7d32',
  AUTHOR: '#5d4037',
  TOPIC: '#ef6c00',
  MORE: '#9e9e9e',
};
export const yearRange = [2012, 2025] as const;
export const yearColours = ['#1565c0', '#c62828'] as const;

const data = (n: GNode | GEdge) => Object.fromEntries(Object.entries(n).filter(([, v]) => v !== undefined));

export function elements(d: Drawing): ElementDefinition[] {
  return [
    ...d.nodes.map((n) => ({
      group: 'nodes' as const,
      data: { ...data(n), size: 18 + Math.min(42, Math.sqrt(n.citations ?? 0) / 3) },
      classes: n.type.toLowerCase(),
    })),
    ...d.edges.map((e) => ({ group: 'edges' as const, data: data(e), classes: e.relation ? '' : 'more-edge' })),
  ];
}

const style: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      label: 'data(label)',
      width: 'data(size)',
      height: 'data(size)',
      'font-size': 9,
      'text-wrap': 'ellipsis',
      'text-max-width': '120px',
      'text-valign': 'bottom',
      'text-margin-y': 3,
      color: '#222',
      'background-color': typeColours.MORE ?? '#999',
      'border-width': 1,
      'border-color': '#fff',
    },
  },
  {
    selector: 'node.paper',
    style: {
      shape: 'ellipse',
      'background-color': `mapData(year, ${yearRange[0]}, ${yearRange[1]}, ${yearColours[0]}, ${yearColours[1]})`,
    },
  },
  { selector: 'node.technique', style: { shape: 'round-rectangle', 'background-color': typeColours.TECHNIQUE ?? '' } },
  { selector: 'node.author', style: { shape: 'diamond', 'background-color': typeColours.AUTHOR ?? '' } },
  { selector: 'node.topic', style: { shape: 'hexagon', 'background-color': typeColours.TOPIC ?? '' } },
  { selector: 'node.more', style: { shape: 'round-tag', width: 16, height: 16, 'font-style': 'italic' } },
  {
    selector: 'edge',
    style: {
      width: 1.5,
      'curve-style': 'bezier',
      'target-arrow-shape': 'triangle',
      'arrow-scale': 0.8,
      'line-color': '#9aa5b1',
      'target-arrow-color': '#9aa5b1',
      label: 'data(relation)',
      'font-size': 7,
      color: '#555',
      'text-rotation': 'autorotate',
      'text-background-color': '#fff',
      'text-background-opacity': 0.8,
      // Relation labels only where they can be read: zoomed out over a hub they overlapped into a grey smear.
      'min-zoomed-font-size': 8,
    },
  },
  { selector: 'edge.more-edge', style: { 'line-style': 'dashed', 'target-arrow-shape': 'none' } },
  {
    selector: '.highlight',
    style: {
      'border-width': 4,
      'border-color': '#ffb300',
      'line-color': '#ffb300',
      'target-arrow-color': '#ffb300',
      width: 4,
    },
  },
  { selector: ':selected', style: { 'overlay-opacity': 0.15, 'overlay-color': '#000' } },
];

/** Fit the drawing in view, without blowing a small graph up past 1.4× (labels stay readable). */
export function fitView(cy: Core) {
  cy.fit(undefined, 24);
  if (cy.zoom() > 1.4) {
    cy.zoom(1.4);
    cy.center();
  }
}

export function createGraph(container: HTMLElement): Core {
  const cy = cytoscape({ container, style, wheelSensitivity: 0.3, minZoom: 0.1, maxZoom: 4 });
  // The tests (and anyone curious in devtools) read the drawn graph from cytoscape's own model.
  (globalThis as { __cy?: Core }).__cy = cy;
  return cy;
}

/** Lineage: the technique in the centre, everything else on rings by distance from it. */
export function lineageLayout(cy: Core, root: string): LayoutOptions {
  return {
    name: 'breadthfirst',
    roots: cy.getElementById(root),
    circle: true,
    directed: false,
    spacingFactor: 1.3,
    animate: false,
  } as LayoutOptions;
}
export const forceLayout = (): LayoutOptions =>
  ({
    name: 'cose',
    animate: false,
    randomize: true,
    nodeRepulsion: () => 400_000,
    idealEdgeLength: (edge: cytoscape.EdgeSingular) => (edge.hasClass('more-edge') ? 40 : 110),
    nodeOverlap: 20,
    gravity: 0.3,
    numIter: 1500,
  }) as LayoutOptions;
export const pathLayout = (): LayoutOptions =>
  ({ name: 'breadthfirst', directed: false, spacingFactor: 1.1, animate: false }) as LayoutOptions;

/** The legend: what each colour and shape means (swatch colours in explore.css, same as above). */
export function legend(): HTMLElement {
  const box = document.createElement('div');
  box.className = 'legend';
  const swatch = (type: string, label: string) => `<span><i class="sw-${type}"></i>${label}</span>`;
  box.innerHTML = [
    `<span><i class="gradient"></i>paper, by year ${yearRange[0]}→${yearRange[1]}</span>`,
    swatch('technique', 'technique'),
    swatch('author', 'author'),
    swatch('topic', 'topic'),
    swatch('more', '+N more (click)'),
    '<span>size: citations</span>',
  ].join('');
  return box;
}
