import { builder } from '../builder.js';
import type { SeriesPointRow } from '../db/stores/series-store.js';
import { badInput } from '../errors.js';
import { between } from './arg-checks.js';
import { DateTime } from './date-time.js';
import { PaperFilter, toPaperFilter } from './paper-inputs.js';

const SeriesGroupBy = builder.enumType('SeriesGroupBy', {
  description: 'How `series` buckets papers.',
  values: {
    YEAR: { description: 'Per publication year; every year of the range present, empty ones as 0.' },
    MONTH: {
      description:
        'Per publication month; every month of the range present, empty ones as 0. Papers with a year but no date are reported per year in a bucket `YYYY-unknown` (time null) after that year’s months.',
    },
    TOPIC: {
      description: 'Per topic (a paper about a subtopic also counts for every topic above it), largest first.',
    },
    TECHNIQUE: { description: 'Per technique the papers introduce or use directly, largest first.' },
    AUTHOR: { description: 'Per author (people and organizations), largest first.' },
    KIND: { description: 'Per kind (PAPER, TECHNICAL_REPORT, SYSTEM_CARD), largest first.' },
  } as const,
});

const SeriesPoint = builder.objectRef<SeriesPointRow>('SeriesPoint').implement({
  description: 'One bucket of a series: a flat row, as dashboard tools (Grafana, Retool) read it.',
  fields: (t) => ({
    key: t.exposeString('key', {
      description:
        'Stable key: `2023` (YEAR), `2023-06` or `2023-unknown` (MONTH), the id of the topic, technique or author, or the PaperKind value.',
    }),
    label: t.exposeString('label', { description: 'Human-readable name of the bucket.' }),
    time: t.field({
      type: DateTime,
      nullable: true,
      description: 'Start of the bucket for YEAR and MONTH (ISO 8601, UTC); null otherwise and for `YYYY-unknown`.',
      resolve: (p) => p.time,
    }),
    count: t.exposeInt('count', { description: 'Papers in the bucket.' }),
  }),
});

/** Stored paper kinds as their PaperKind enum names. */
const kindKey = (stored: string) => stored.toUpperCase();
const kindLabel = (stored: string) => stored.replaceAll('_', ' ');

builder.queryField('series', (t) =>
  t.field({
    type: [SeriesPoint],
    description: `Papers counted per bucket, as a flat list \`{ key label time count }\` for charts: one query, aggregated in Neo4j.
"Papers building on RLHF per year": \`series(groupBy: YEAR, where: {buildingOn: {technique: "RLHF"}})\`.
\`from\`/\`to\` (DateTime: ISO 8601 or epoch ms, as Grafana sends them) keep the papers published on a day between theirs (UTC, inclusive; a paper with only a year: by year) and bound the time buckets (default: \`where.yearFrom\`/\`yearTo\`, else the data).`,
    args: {
      groupBy: t.arg({ type: SeriesGroupBy, required: true, description: 'How to bucket the papers.' }),
      where: t.arg({ type: PaperFilter, required: false, description: 'Which papers to count (as `papers`).' }),
      from: t.arg({ type: DateTime, required: false, description: 'Start of the range (inclusive, by day).' }),
      to: t.arg({ type: DateTime, required: false, description: 'End of the range (inclusive, by day).' }),
      top: t.arg.int({
        required: true,
        defaultValue: 10,
        description: 'How many buckets for TOPIC, TECHNIQUE, AUTHOR and KIND (1..100); time groupings list them all.',
        validate: between('top', 1, 100),
      }),
    },
    resolve: async (_root, args, ctx) => {
      const from = args.from ?? null;
      const to = args.to ?? null;
      // Time buckets are listed one by one: keep their range to real calendar years.
      for (const [name, d] of [
        ['from', from],
        ['to', to],
      ] as const) {
        const y = d?.getUTCFullYear();
        if (y !== undefined && (y < 0 || y > 9999)) {
          throw badInput(`${name} must be between years 0 and 9999 (got ${d?.toISOString()}).`, { argument: name });
        }
      }
      if (from && to && from.getTime() > to.getTime()) {
        throw badInput(`from (${from.toISOString()}) is after to (${to.toISOString()}); swap them.`, {
          argument: 'from',
        });
      }
      const points = await ctx.stores.series.series(args.groupBy, toPaperFilter(args.where), { from, to }, args.top);
      return args.groupBy === 'KIND'
        ? points.map((p) => ({ ...p, key: kindKey(p.key), label: kindLabel(p.label) }))
        : points;
    },
  }),
);
