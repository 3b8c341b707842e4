import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../src/bootstrap.js';
import { haveChromium, useBrowser } from '../helpers/browser.js';

// `npm run screenshots`: each page at a desktop and a phone size, written to docs/screenshots/
// (committed, linked from the README). Only when asked (PAPERGRAPH_SCREENSHOTS=1); the other
// browser tests check the pages themselves, at both sizes here too (no console errors).
const asked = process.env.PAPERGRAPH_SCREENSHOTS === '1';
const pages = [
  ['graphiql', '/graphql', '.graphiql-query-editor .monaco-editor'],
  ['explore', '/explore?view=lineage&technique=RLHF&maxDepth=4&minConfidence=0', 'body[data-status="ready"]'],
  [
    'explore-connect',
    '/explore?view=connect&from=author:paul-christiano&to=author:yang-song',
    'body[data-status="ready"]',
  ],
  ['dashboard', '/dashboard', 'body[data-status="ready"]'],
] as const;
const sizes = [
  [1280, 800],
  [390, 844],
] as const;

describe.skipIf(!haveChromium || !asked)('screenshots for the README', () => {
  const b = useBrowser();

  it.each(pages.flatMap(([name, url, ready]) => sizes.map(([w, h]) => ({ name, url, ready, w, h }))))(
    '$name at $w×$h',
    async ({ name, url, ready, w, h }) => {
      const { page, log } = await b.open(w, h);
      await page.goto(`${b.origin}${url}`);
      await page.waitForSelector(ready, { timeout: 60_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(repoRoot, 'docs', 'screenshots', `${name}-${w}x${h}.png`) });
      expect(log.errors).toEqual([]);
      await page.context().close();
    },
  );
});
