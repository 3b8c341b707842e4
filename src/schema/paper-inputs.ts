import { builder } from '../builder.js';
import type { PaperFilter as StoreFilter } from '../db/stores/paper-filter.js';
import { badInput } from '../errors.js';
import { between } from './arg-checks.js';
import { confidenceDescription, confidenceRange, depthDescription, depthRange, techniqueRef } from './technique.js';

/** The paper kinds, and the inputs of paper lists (`papers`, `series`): filter and order. */
export const PaperKind = builder.enumType('PaperKind', {
  description: 'What sort of publication a paper is.',
  values: {
    PAPER: { value: 'paper', description: 'A research paper.' },
    TECHNICAL_REPORT: {
      value: 'technical_report',
      description: 'A technical report, e.g. the GPT-4 Technical Report.',
    },
    SYSTEM_CARD: { value: 'system_card', description: 'A system card: a deployed model and its safety work.' },
  } as const,
});

const PaperOrderFieldEnum = builder.enumType('PaperOrderField', {
  description: 'What to sort papers by.',
  values: {
    YEAR: { description: 'Publication date.' },
    TITLE: { description: 'Title, case-insensitive.' },
    CITATIONS: { description: 'Citations within this graph.' },
  } as const,
});

export const OrderDirection = builder.enumType('OrderDirection', {
  description: 'Sort direction.',
  values: { ASC: { description: 'Ascending.' }, DESC: { description: 'Descending.' } } as const,
});

export const PaperOrder = builder.inputType('PaperOrder', {
  description: 'Sort order for papers; ties are broken by id.',
  fields: (t) => ({
    field: t.field({ type: PaperOrderFieldEnum, defaultValue: 'YEAR', description: 'What to sort by.' }),
    direction: t.field({ type: OrderDirection, defaultValue: 'DESC', description: 'Ascending or descending.' }),
  }),
});

const BuildingOnFilter = builder.inputType('BuildingOnFilter', {
  description:
    'Papers building on a technique, by the rule of `papersBuildingOn`: they introduce or use it, or a technique that BUILDS_ON it within `maxDepth` edges.',
  fields: (t) => ({
    technique: t.string({ required: true, description: 'Technique id, name or alias, e.g. "RLHF".' }),
    maxDepth: t.int({ required: true, defaultValue: 4, description: depthDescription, validate: depthRange }),
    minConfidence: t.float({
      required: true,
      defaultValue: 0,
      description: confidenceDescription,
      validate: confidenceRange,
    }),
  }),
});

export const PaperFilter = builder.inputType('PaperFilter', {
  description: 'Which papers to list. All given conditions must hold.',
  fields: (t) => ({
    yearFrom: t.int({
      required: false,
      description: 'Published in or after this year (0..9999).',
      validate: between('yearFrom', 0, 9999),
    }),
    yearTo: t.int({
      required: false,
      description: 'Published in or before this year (0..9999).',
      validate: between('yearTo', 0, 9999),
    }),
    topic: t.string({
      required: false,
      description: 'Topic id or name; includes the topics below it, at every depth.',
    }),
    technique: t.string({
      required: false,
      description: 'Technique id, name or alias (case-insensitive), introduced or used.',
    }),
    author: t.string({ required: false, description: 'Author id or name.' }),
    kind: t.field({ type: PaperKind, required: false, description: 'Only this kind.' }),
    text: t.string({ required: false, description: 'Words to find in title or abstract (full-text).' }),
    buildingOn: t.field({
      type: BuildingOnFilter,
      required: false,
      description: 'Only papers building on this technique (as `papersBuildingOn`); an unknown one matches no paper.',
    }),
  }),
});

/** A `where: PaperFilter` argument as the stores take it; `argument` names it in errors. */
export function toPaperFilter(
  where: typeof PaperFilter.$inferInput | null | undefined,
  argument = 'where',
): StoreFilter {
  const w = where ?? {};
  if (w.yearFrom != null && w.yearTo != null && w.yearFrom > w.yearTo) {
    throw badInput(`yearFrom (${w.yearFrom}) is after yearTo (${w.yearTo}).`, { argument: `${argument}.yearFrom` });
  }
  const { buildingOn, ...rest } = w;
  return {
    ...rest,
    buildingOn: buildingOn && {
      ref: techniqueRef(buildingOn.technique),
      maxDepth: buildingOn.maxDepth,
      minConfidence: buildingOn.minConfidence,
    },
  };
}
