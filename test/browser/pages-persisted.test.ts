import { describe, expect, it } from 'vitest';
import { canvasDrawn, foreign, haveChromium, useBrowser } from '../helpers/browser.js';

/**
 * Under PERSISTED_OPERATIONS=only the server refuses documents sent as text: the dashboard gets
 * PERSISTED_QUERY_REQUIRED once, then sends each query's id (src/web/api.ts), and every id is in
 * operations.json (src/persisted/page-operations.ts; test/integration/page-operations.test.ts).
 */
describe.skipIf(!haveChromium)('the pages under PERSISTED_OPERATIONS=only', () => {
  const b = useBrowser({ PERSISTED_OPERATIONS: 'only', PERSISTED_OPERATIONS_FILE: 'operations.json' });

  it('the dashboard draws every chart from persisted operations', async () => {
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/dashboard?techniques=${encodeURIComponent('RLHF, chain of thought, Transformer')}`);
    await page.waitForSelector('body:not([data-status="loading"])', { timeout: 60_000 });
    const notes = await page.$$eval('.note.error', (els) => els.map((e) => e.textContent));
    expect({ status: await page.getAttribute('body', 'data-status'), notes }).toEqual({ status: 'ready', notes: [] });
    for (const id of ['adoption', 'papersPerYear', 'topAuthors', 'topTechniques', 'topics']) {
      expect(await canvasDrawn(page, `#chart-${id}`), id).toBe(true);
    }
    expect(foreign(log, b.origin)).toEqual([]);
    // The browser reports the 400 answers (PERSISTED_QUERY_REQUIRED) that made the page switch to ids.
    expect(log.errors.filter((e) => !e.includes('status of 400'))).toEqual([]);
    await page.context().close();
  });
});
