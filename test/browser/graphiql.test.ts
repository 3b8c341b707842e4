import { describe, expect, it } from 'vitest';
import { examples } from '../../src/examples.js';
import { contentSecurityPolicy } from '../../src/http/pages.js';
import { foreign, haveChromium, useBrowser } from '../helpers/browser.js';

describe.skipIf(!haveChromium)('GraphiQL in Chromium, every byte from papergraph', () => {
  const b = useBrowser();

  it('shows the editor with every example tab, runs the default tab and renders its data', async () => {
    const { page, log } = await b.open();
    const response = await page.goto(`${b.origin}/graphql`);
    expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy);
    await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.locator('.graphiql-tab').count()).toBe(examples.tabs.length);
    // The default tab's query is the lineage example; its answer starts with the total count.
    const { papersBuildingOn } = await b.gql<{ papersBuildingOn: { totalCount: number } }>(
      'query($t: String!) { papersBuildingOn(technique: $t, maxDepth: 4) { totalCount } }',
      { t: 'RLHF' },
    );
    await page.locator('.graphiql-execute-button').click();
    await page.waitForFunction(
      (n) => document.querySelector('.result-window')?.textContent?.replace(/\s+/g, ' ').includes(`"totalCount": ${n}`),
      papersBuildingOn.totalCount,
      { timeout: 30_000 },
    );
    // Monaco's three workers come from papergraph too (no blob:, no CDN).
    for (const worker of ['worker-editor', 'worker-graphql']) {
      expect(log.requests.some((u) => u.startsWith(`${b.origin}/assets/${worker}-`))).toBe(true);
    }
    expect(foreign(log, b.origin)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
