import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { expectedBuildingOn, loadSeedGraph } from '../helpers/seed-graph.js';

/**
 * The requests two Grafana data sources send, byte for byte as their documentation describes them,
 * answered with what their parsers read. Expected counts come from seed/*.ndjson.
 *
 * - Wild GraphQL Data Source (retrodaredevil-wildgraphql-datasource) 1.7.x: README "Provided
 *   Variables" and pkg/plugin/queryvariables/variables.go — every query is a POST of
 *   `{query, operationName, variables}` (application/json) whose variables always carry `from` and
 *   `to` (epoch milliseconds, numbers), `interval_ms`, `maxDataPoints` and `refId`, declared in the
 *   query or not; CHANGELOG 1.2.0: `Accept: application/json`; 1.3.0: `X-Datasource-Uid`,
 *   `X-Grafana-Org-Id`, `X-Panel-Id`, `X-Dashboard-Uid`. Data path and time path point into `data`.
 * - Infinity (yesoreyeram-infinity-datasource) 3.x: docs "GraphQL" — POST with a JSON body
 *   `{query, variables}`, root selector `data.<field>` over a list, columns by dotted selector;
 *   Grafana's `${__from}`/`${__to}` are interpolated into the query text as epoch milliseconds
 *   (Grafana docs "Global variables"; `${__from:date:iso}` as ISO 8601).
 */
const t = useTestApp();
const seed = loadSeedGraph();
const published = [...seed.papers.values()].map((p) => p.published);

const FROM = Date.UTC(2022, 0, 1); // 1640995200000: beyond Int, as Grafana sends it
const TO = Date.UTC(2022, 11, 31, 23, 59, 59, 999);

/** Months of 2022 with the seed's paper counts. */
const months2022 = () =>
  Array.from({ length: 12 }, (_, i) => {
    const key = `2022-${String(i + 1).padStart(2, '0')}`;
    return {
      time: new Date(Date.UTC(2022, i, 1)).toISOString(),
      count: published.filter((d) => d.startsWith(key)).length,
      label: key,
    };
  });

const send = (body: unknown, headers: Record<string, string>) =>
  t.app.fetch('http://papergraph/graphql', { method: 'POST', headers, body: JSON.stringify(body) });

describe('Wild GraphQL Data Source 1.7.x', () => {
  const headers = {
    'content-type': 'application/json',
    accept: 'application/json',
    'x-datasource-uid': 'papergraph',
    'x-grafana-org-id': '1',
    'x-panel-id': '2',
    'x-dashboard-uid': 'dashboards',
  };
  const provided = { from: FROM, to: TO, interval_ms: 3_600_000, maxDataPoints: 1_200, refId: 'A' };

  it('answers a time series with from/to as epoch-ms variables and the undeclared provided variables ignored', async () => {
    const res = await send(
      {
        query: `query PapersPerMonth($from: DateTime!, $to: DateTime!) {
          series(groupBy: MONTH, from: $from, to: $to) { time count label }
        }`,
        operationName: 'PapersPerMonth',
        variables: provided,
      },
      headers,
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    // Data path `series`, time path `time`: ISO 8601 strings Grafana parses as time.
    expect(body).toEqual({ data: { series: months2022() } });
    expect(body.data.series.every((p: { time: string }) => !Number.isNaN(Date.parse(p.time)))).toBe(true);
  });

  it('charts "papers building on RLHF per year" with a dashboard variable interpolated into the variables JSON', async () => {
    const building = expectedBuildingOn(seed, 'technique:rlhf', 4).map((p) =>
      Number(seed.papers.get(p.key)?.published.slice(0, 4)),
    );
    const res = await send(
      {
        query: `query Adoption($from: DateTime, $to: DateTime, $technique: String!) {
          series(groupBy: YEAR, from: $from, to: $to, where: {buildingOn: {technique: $technique}}) { time count }
        }`,
        operationName: 'Adoption',
        // "Variables section … supports interpolation of string values": `"$technique"` became "RLHF".
        variables: { ...provided, from: Date.UTC(2017, 0, 1), to: Date.UTC(2023, 11, 31), technique: 'RLHF' },
      },
      headers,
    );
    const expected = [];
    for (let y = 2017; y <= 2023; y++) {
      expected.push({ time: `${y}-01-01T00:00:00.000Z`, count: building.filter((b) => b === y).length });
    }
    expect(await res.json()).toEqual({ data: { series: expected } });
  });
});

describe('Infinity 3.x (GraphQL type)', () => {
  // Infinity's backend sends the body as JSON; no Accept header is documented for the GraphQL type.
  const headers = { 'content-type': 'application/json' };

  it('reads the root selector data.series over a list, with $__from/$__to interpolated as epoch-ms literals', async () => {
    /** Grafana's interpolation of its `${__from}` and `${__to}` macros (default format: epoch ms). */
    const interpolate = (text: string) =>
      text.replace(/\$\{__(from|to)\}/g, (_m, which: string) => String(which === 'from' ? FROM : TO));
    const query = interpolate(
      '{ series(groupBy: MONTH, from: $' + '{__from}, to: $' + '{__to}) { label time count } }',
    );
    expect(query).toContain('from: 1640995200000');
    const res = await send({ query, variables: {} }, headers);
    expect(res.status).toBe(200);
    const body = await res.json();
    // Root selector `data.series`; columns `label`, `time` (timestamp), `count` (number).
    expect(body.data.series).toEqual(months2022().map(({ label, time, count }) => ({ label, time, count })));
  });

  it('takes $__from:date:iso as an ISO 8601 string literal and a list of papers under data.papers.edges', async () => {
    const from = new Date(FROM).toISOString();
    const to = new Date(TO).toISOString();
    const res = await send(
      {
        query: `{ papers(first: 100, where: {yearFrom: 2022, yearTo: 2022}) { edges { node { key title year citationCount } } }
                  series(groupBy: KIND, from: "${from}", to: "${to}") { key count } }`,
        variables: {},
      },
      headers,
    );
    const body = await res.json();
    const in2022 = [...seed.papers.values()].filter((p) => p.published.startsWith('2022'));
    // Root selector `data.papers.edges`, columns `node.key`, `node.title`, ….
    expect(body.data.papers.edges.map((e: { node: { key: string } }) => e.node.key).sort()).toEqual(
      in2022.map((p) => p.id).sort(),
    );
    expect(body.data.series.reduce((n: number, p: { count: number }) => n + p.count, 0)).toBe(in2022.length);
  });

  it('serves the same list as CSV for the CSV type (Accept: text/csv), one row per edge', async () => {
    const res = await send(
      { query: '{ papers(first: 100, where: {yearFrom: 2022, yearTo: 2022}) { edges { node { key year } } } }' },
      { ...headers, accept: 'text/csv' },
    );
    const lines = (await res.text()).trimEnd().split('\r\n');
    expect(lines[0]).toBe('node.key,node.year');
    expect(lines).toHaveLength(1 + published.filter((d) => d.startsWith('2022')).length);
  });
});
