/**
 * Jurisdiction parameters a pack may set. Values live in packs (with their basis), never in
 * code; the defaults below are only used when no loaded pack sets a key, and are the neutral
 * "don't check" choice where one exists.
 */
import { z } from 'zod';

const regexList = z.array(z.string().min(1));

/** Known parameter keys and their types. Unknown keys are allowed (forward compatibility). */
export const PARAM_SCHEMAS = {
  'validity.maxYears.default': z.number().positive(),
  'validity.maxYears.trial': z.number().positive(),
  'validity.maxYears.notice': z.number().positive(),
  'validity.overCapRequiresReason': z.boolean(),
  'validity.overCapReasonPatterns': regexList,
  'validity.evaluationMonths': z.number().int().nonnegative(),
  'effective.minGapDays': z.number().int().nonnegative(),
  'effective.exceptionPatterns': regexList,
  'filing.deadlineDays': z.number().int().positive(),
  /** 审查时限: working days from receipt to the legality-review opinion. */
  'review.workingDays': z.number().int().min(1).max(365),
  'consultation.minWorkingDays': z.number().int().nonnegative(),
  'consultation.minDaysMarket': z.number().int().nonnegative(),
  'consultation.minDaysRegulation': z.number().int().nonnegative(),
  'consultation.marketPatterns': regexList,
  'docNumber.normativePatterns': regexList,
  'registration.patterns': regexList,
  'publication.officialHosts': z.array(z.string().min(1)),
  'citation.window': z.number().int().nonnegative(),
  'citation.patterns': regexList,
  'competition.exception.claim': regexList,
  'competition.exception.reasons': regexList,
  'competition.exception.alternative': regexList,
  'competition.exception.term': regexList,
} as const;

export type ParamKey = keyof typeof PARAM_SCHEMAS;
export type ParamValues = { [K in ParamKey]?: z.infer<(typeof PARAM_SCHEMAS)[K]> } & Record<
  string,
  unknown
>;

/** Parameter keys whose values are regex sources (vetted like rule patterns). */
export const REGEX_PARAMS: ReadonlySet<string> = new Set([
  'validity.overCapReasonPatterns',
  'effective.exceptionPatterns',
  'consultation.marketPatterns',
  'docNumber.normativePatterns',
  'registration.patterns',
  'citation.patterns',
  'competition.exception.claim',
  'competition.exception.reasons',
  'competition.exception.alternative',
  'competition.exception.term',
]);

/** Reads a typed parameter with a fallback. */
export function param<K extends ParamKey>(
  params: ParamValues,
  key: K,
  fallback: z.infer<(typeof PARAM_SCHEMAS)[K]>,
): z.infer<(typeof PARAM_SCHEMAS)[K]> {
  const v = params[key];
  const parsed = PARAM_SCHEMAS[key].safeParse(v);
  return parsed.success ? (parsed.data as z.infer<(typeof PARAM_SCHEMAS)[K]>) : fallback;
}
