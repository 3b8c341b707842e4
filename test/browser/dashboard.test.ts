import { describe, expect, it } from 'vitest';
import { canvasDrawn, foreign, haveChromium, useBrowser } from '../helpers/browser.js';

interface ChartData {
  labels: string[];
  datasets: { label: string; data: number[] }[];
}

describe.skipIf(!haveChromium)('the dashboard in Chromium', () => {
  const b = useBrowser();

  it("draws every chart, non-empty, with the stats API's data", async () => {
    const { stats } = await b.gql<{
      stats: {
        papersPerYear: { year: number; count: number }[];
        topAuthors: { paperCount: number; author: { name: string } }[];
        topTechniques: { paperCount: number; technique: { name: string } }[];
        topicBreakdown: { paperCount: number; topic: { name: string } }[];
        rlhf: { year: number; count: number }[];
      };
    }>(`query { stats {
      papersPerYear { year count }
      topAuthors(first: 10) { paperCount author { name } }
      topTechniques(first: 10) { paperCount technique { name } }
      topicBreakdown { paperCount topic { name } }
      rlhf: techniqueAdoption(technique: "RLHF") { year count }
    } }`);
    const { page, log } = await b.open();
    await page.goto(`${b.origin}/dashboard`);
    await page.waitForSelector('body[data-status="ready"]', { timeout: 60_000 });
    const charts = await page.evaluate(() => {
      const all = (window as unknown as { __charts: Record<string, { data: unknown }> }).__charts;
      return Object.fromEntries(Object.entries(all).map(([k, c]) => [k, JSON.parse(JSON.stringify(c.data))])) as Record<
        string,
        ChartData
      >;
    });
    expect(Object.keys(charts).sort()).toEqual(['adoption', 'papersPerYear', 'topAuthors', 'topTechniques', 'topics']);
    expect(charts.papersPerYear?.labels).toEqual(stats.papersPerYear.map((p) => String(p.year)));
    expect(charts.papersPerYear?.datasets[0]?.data).toEqual(stats.papersPerYear.map((p) => p.count));
    expect(charts.topAuthors?.labels).toEqual(stats.topAuthors.map((a) => a.author.name));
    expect(charts.topAuthors?.datasets[0]?.data).toEqual(stats.topAuthors.map((a) => a.paperCount));
    expect(charts.topTechniques?.labels).toEqual(stats.topTechniques.map((t) => t.technique.name));
    expect(charts.topTechniques?.datasets[0]?.data).toEqual(stats.topTechniques.map((t) => t.paperCount));
    expect(charts.topics?.labels).toEqual(stats.topicBreakdown.map((t) => t.topic.name));
    expect(charts.topics?.datasets[0]?.data).toEqual(stats.topicBreakdown.map((t) => t.paperCount));
    // Adoption: the RLHF series, year by year, as the API counts it (0 in years it has none).
    const rlhf = charts.adoption?.datasets.find((d) => d.label === 'RLHF');
    const byYear = new Map(stats.rlhf.map((p) => [String(p.year), p.count]));
    expect(rlhf?.data).toEqual(charts.adoption?.labels.map((y) => byYear.get(y) ?? 0));
    expect(stats.rlhf.reduce((sum, p) => sum + p.count, 0)).toBeGreaterThan(0);
    for (const id of Object.keys(charts)) expect(await canvasDrawn(page, `#chart-${id}`), id).toBe(true);
    // Each chart links to GraphiQL with its query.
    expect(await page.getAttribute('#graphiql-topAuthors', 'href')).toContain('/graphql?query=');
    expect(foreign(log, b.origin)).toEqual([]);
    expect(log.errors).toEqual([]);
    await page.context().close();
  });
});
