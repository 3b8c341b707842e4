import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { canvasDrawn, foreign, haveChromium, useBrowser } from '../helpers/browser.js';

interface CyNode {
  id: string;
  type: string;
  hidden?: number;
  classes: string[];
}
/** The drawn graph, from cytoscape's own model (window.__cy). */
const drawn = (page: Page) =>
  page.evaluate(() => {
    const cy = (window as unknown as { __cy: import('cytoscape').Core }).__cy;
    return {
      nodes: cy
        .nodes()
        .map((n) => ({ id: n.id(), type: n.data('type'), hidden: n.data('hidden'), classes: n.classes() })) as CyNode[],
      edges: cy
        .edges()
        .map((e) => ({ source: e.data('source'), target: e.data('target'), relation: e.data('relation') })),
    };
  });
/** Wait until the view is drawn; fail with the page's own words when it could not be. */
async function ready(page: Page) {
  await page.waitForSelector('body[data-status="ready"], body[data-status="error"], body[data-status="empty"]', {
    timeout: 60_000,
  });
  const status = await page.getAttribute('body', 'data-status');
  if (status !== 'ready') throw new Error(`the explorer says ${status}: ${await page.textContent('#status')}`);
}
const ids = (nodes: CyNode[], type: string) =>
  nodes
    .filter((n) => n.type === type)
    .map((n) => n.id)
    .sort();

describe.skipIf(!haveChromium)('the explorer in Chromium', () => {
  const b = useBrowser();

  it("draws RLHF's lineage: the papers building on it as the API answers, on a drawn canvas", async () => {
    const { papersBuildingOn } = await b.gql<{
      papersBuildingOn: { totalCount: number; edges: { node: { key: string } }[] };
    }>('query { papersBuildingOn(technique: "RLHF", maxDepth: 4, first: 100) { totalCount edges { node { key } } } }');
    expect(papersBuildingOn.totalCount).toBeGreaterThan(0);
    expect(papersBuildingOn.totalCount).toBeLessThanOrEqual(100);
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/explore?view=lineage&technique=RLHF&maxDepth=4&minConfidence=0`);
    await ready(page);
    const g = await drawn(page);
    expect(ids(g.nodes, 'PAPER')).toEqual(papersBuildingOn.edges.map((e) => e.node.key).sort());
    expect(ids(g.nodes, 'TECHNIQUE')).toContain('technique:rlhf');
    expect(g.edges.length).toBeGreaterThan(0);
    for (const e of g.edges) expect(['INTRODUCES', 'USES', 'BUILDS_ON', 'CITES']).toContain(e.relation);
    expect(await canvasDrawn(page, '#cy canvas')).toBe(true);
    // The table view lists the same nodes.
    expect(await page.locator('#nodes-table tbody tr').count()).toBe(g.nodes.length);
    expect(foreign(log, b.origin)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('draws a smaller lineage when the depth is lowered from the form, and keeps it in the URL', async () => {
    const { papersBuildingOn } = await b.gql<{ papersBuildingOn: { edges: { node: { key: string } }[] } }>(
      'query { papersBuildingOn(technique: "RLHF", maxDepth: 1, first: 50) { edges { node { key } } } }',
    );
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/explore`);
    await ready(page);
    await page.fill('#f-maxDepth', '1');
    await page.click('#lineage-form button');
    await page.waitForURL(/maxDepth=1/);
    await ready(page);
    expect(ids((await drawn(page)).nodes, 'PAPER')).toEqual(papersBuildingOn.edges.map((e) => e.node.key).sort());
    await page.reload();
    await ready(page);
    expect(ids((await drawn(page)).nodes, 'PAPER')).toEqual(papersBuildingOn.edges.map((e) => e.node.key).sort());
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('highlights the authors who connect two authors, as collaborationPath answers', async () => {
    const { collaborationPath } = await b.gql<{ collaborationPath: { authors: { key: string }[] } }>(
      'query { collaborationPath(from: "author:paul-christiano", to: "author:yang-song") { authors { key } } }',
    );
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/explore?view=connect&from=author:paul-christiano&to=author:yang-song`);
    await ready(page);
    const g = await drawn(page);
    const highlighted = g.nodes.filter((n) => n.type === 'AUTHOR' && n.classes.includes('highlight')).map((n) => n.id);
    expect(highlighted.sort()).toEqual(collaborationPath.authors.map((a) => a.key).sort());
    expect(highlighted.length).toBeGreaterThanOrEqual(2);
    expect(await canvasDrawn(page, '#cy canvas')).toBe(true);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });

  it('says so when there is nothing to draw, and when papergraph cannot answer', async () => {
    const { page } = await b.open();
    await page.goto(`${b.origin}/explore?view=lineage&technique=no-such-technique-anywhere`);
    await page.waitForSelector('body[data-status="empty"]');
    expect(await page.textContent('#status')).toContain('No technique');
    await page.route('**/graphql', (route) =>
      route.fulfill({
        status: 503,
        contentType: 'application/json',
        body: '{"errors":[{"message":"the database is unavailable","extensions":{"code":"DATABASE_UNAVAILABLE"}}]}',
      }),
    );
    await page.reload();
    await page.waitForSelector('body[data-status="error"]');
    expect(await page.textContent('#status')).toContain('the database is unavailable');
    await page.context().close();
  });

  it('expands a node of a neighbourhood with its neighbours (the graph field)', async () => {
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/explore?view=graph&seed=technique:rlhf&depth=1`);
    await ready(page);
    const before = await drawn(page);
    const target = before.nodes.find((n) => n.type === 'PAPER' && (n.hidden ?? 0) > 0);
    expect(target, 'a paper with neighbours not drawn yet').toBeDefined();
    const id = target?.id ?? '';
    const { graph } = await b.gql<{ graph: { nodes: { id: string }[] } }>(
      'query($id: ID!) { graph(seeds: [$id], depth: 1, limit: 40) { nodes { id } } }',
      { id },
    );
    // Click the node where cytoscape drew it.
    const box = await page.locator('#cy').boundingBox();
    const pos = await page.evaluate(
      (nid) => (window as unknown as { __cy: import('cytoscape').Core }).__cy.getElementById(nid).renderedPosition(),
      id,
    );
    await page.mouse.click((box?.x ?? 0) + pos.x, (box?.y ?? 0) + pos.y);
    await page.waitForFunction(
      (nid) => document.getElementById('status')?.textContent?.includes(`expanded ${nid}`),
      id,
      { timeout: 30_000 },
    );
    const after = (await drawn(page)).nodes.map((n) => n.id);
    expect(after.length).toBeGreaterThan(before.nodes.length);
    for (const n of graph.nodes) expect(after).toContain(n.id);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
