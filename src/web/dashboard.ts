import './dashboard.css';
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  DoughnutController,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';
import {
  adoptionQuery,
  MAX_ADOPTION_SERIES,
  PAPERS_PER_YEAR,
  TOP_AUTHORS,
  TOP_TECHNIQUES,
  TOPICS,
} from '../persisted/page-operations.js';
import { ApiError, gql, graphiqlLink, h } from './api.js';

/**
 * /dashboard: charts from the `stats` API (Chart.js). Each chart runs its own query, shown with
 * "open in GraphiQL". window.__charts holds the Chart objects (the browser tests compare their
 * data with the API's); document.body.dataset.status is loading / ready / error.
 */
Chart.register(
  BarController,
  BarElement,
  LineController,
  LineElement,
  PointElement,
  DoughnutController,
  ArcElement,
  CategoryScale,
  LinearScale,
  Legend,
  Tooltip,
);

const charts: Record<string, Chart> = {};
(globalThis as { __charts?: Record<string, Chart> }).__charts = charts;
const palette = [
  '#1565c0',
  '#c62828',
  '#2e7d32',
  '#6a1b9a',
  '#ef6c00',
  '#00838f',
  '#5d4037',
  '#ad1457',
  '#455a64',
  '#9e9d24',
];

const app = document.getElementById('app') as HTMLElement;
const techniquesInput = h('input', {
  id: 'techniques',
  name: 'techniques',
  value: new URLSearchParams(location.search).get('techniques') ?? 'RLHF, chain of thought',
});
const adoptionForm = h(
  'form',
  { id: 'adoption-form' },
  h('label', {}, 'Techniques (comma-separated)', techniquesInput),
  h('button', {}, 'Show adoption'),
);

function panel(id: string, title: string, extra?: HTMLElement) {
  const canvas = h('canvas', { id: `chart-${id}`, role: 'img', 'aria-label': title });
  const link = h('a', { class: 'small graphiql-link', id: `graphiql-${id}` }, 'open in GraphiQL');
  const note = h('p', { class: 'small note', id: `note-${id}` });
  const box = h(
    'section',
    { class: 'panel', id: `panel-${id}` },
    h('h2', {}, title),
    extra ?? null,
    h('div', { class: 'chart' }, canvas),
    note,
    link,
  );
  app.append(box);
  return { canvas, link, note };
}

async function chart<T>(
  id: string,
  title: string,
  query: string,
  variables: Record<string, unknown>,
  config: (data: T) => ChartConfiguration,
  extra?: HTMLElement,
) {
  const existing = document.getElementById(`panel-${id}`);
  const { canvas, link, note } = existing
    ? {
        canvas: existing.querySelector('canvas') as HTMLCanvasElement,
        link: existing.querySelector('a') as HTMLAnchorElement,
        note: existing.querySelector('.note') as HTMLElement,
      }
    : panel(id, title, extra);
  link.href = graphiqlLink(query, Object.keys(variables).length ? variables : undefined);
  try {
    const data = await gql<T>(query, variables);
    charts[id]?.destroy();
    charts[id] = new Chart(canvas, config(data));
    note.textContent = '';
  } catch (error) {
    note.textContent = `Could not load: ${error instanceof ApiError ? error.message : String(error)}`;
    note.classList.add('error');
    throw error;
  }
}

interface YearCount {
  year: number;
  count: number;
}
const bars = (labels: string[], values: number[], label: string, horizontal = false): ChartConfiguration => ({
  type: 'bar',
  data: { labels, datasets: [{ label, data: values, backgroundColor: palette[0] }] },
  options: {
    indexAxis: horizontal ? 'y' : 'x',
    maintainAspectRatio: false,
    animation: false,
    plugins: { legend: { display: false } },
  },
});

function adoption(techniques: string[]) {
  const { query, variables } = adoptionQuery(techniques);
  return chart<{ stats: Record<string, YearCount[]> }>(
    'adoption',
    'Technique adoption over time (papers building on it, by year)',
    query,
    variables,
    ({ stats }) => {
      const years = [...new Set(Object.values(stats).flatMap((series) => series.map((p) => p.year)))].sort(
        (a, b) => a - b,
      );
      return {
        type: 'line',
        data: {
          labels: years.map(String),
          datasets: techniques.map((t, i) => {
            const byYear = new Map((stats[`t${i}`] ?? []).map((p) => [p.year, p.count]));
            return {
              label: t,
              data: years.map((y) => byYear.get(y) ?? 0),
              borderColor: palette[i % palette.length],
              backgroundColor: palette[i % palette.length],
            };
          }),
        },
        options: { maintainAspectRatio: false, animation: false },
      };
    },
    adoptionForm,
  );
}

const picked = () =>
  techniquesInput.value
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .slice(0, MAX_ADOPTION_SERIES);

async function main() {
  document.body.dataset.status = 'loading';
  const results = await Promise.allSettled([
    chart<{ stats: { papersPerYear: YearCount[] } }>(
      'papersPerYear',
      'Papers per year',
      PAPERS_PER_YEAR,
      {},
      ({ stats }) =>
        bars(
          stats.papersPerYear.map((p) => String(p.year)),
          stats.papersPerYear.map((p) => p.count),
          'papers',
        ),
    ),
    adoption(picked()),
    chart<{ stats: { topAuthors: { paperCount: number; author: { name: string } }[] } }>(
      'topAuthors',
      'Top authors (papers)',
      TOP_AUTHORS,
      {},
      ({ stats }) =>
        bars(
          stats.topAuthors.map((a) => a.author.name),
          stats.topAuthors.map((a) => a.paperCount),
          'papers',
          true,
        ),
    ),
    chart<{ stats: { topTechniques: { paperCount: number; technique: { name: string } }[] } }>(
      'topTechniques',
      'Top techniques (papers introducing or using them)',
      TOP_TECHNIQUES,
      {},
      ({ stats }) =>
        bars(
          stats.topTechniques.map((t) => t.technique.name),
          stats.topTechniques.map((t) => t.paperCount),
          'papers',
          true,
        ),
    ),
    chart<{ stats: { topicBreakdown: { paperCount: number; topic: { name: string } }[] } }>(
      'topics',
      'Topic breakdown (root topics)',
      TOPICS,
      {},
      ({ stats }) => ({
        type: 'doughnut',
        data: {
          labels: stats.topicBreakdown.map((t) => t.topic.name),
          datasets: [
            { label: 'papers', data: stats.topicBreakdown.map((t) => t.paperCount), backgroundColor: palette },
          ],
        },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { position: 'right' } } },
      }),
    ),
  ]);
  document.body.dataset.status = results.every((r) => r.status === 'fulfilled') ? 'ready' : 'error';
}

adoptionForm.addEventListener('submit', (event) => {
  event.preventDefault();
  history.replaceState(null, '', `?${new URLSearchParams({ techniques: techniquesInput.value })}`);
  document.body.dataset.status = 'loading';
  adoption(picked()).then(
    () => {
      document.body.dataset.status = 'ready';
    },
    () => {
      document.body.dataset.status = 'error';
    },
  );
});
void main();
