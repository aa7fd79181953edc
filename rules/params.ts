/**
 * Jurisdiction parameters a pack may set. Values live in packs (with their basis), never in
 * code; the defaults below are only used when no loaded pack sets a key, and are the neutral
 * "don't check" choice where one exists.
 */
import { z } from 'zod';

const regexList = z.array(z.string().min(1));

/** A calendar date `YYYY-MM-DD` that exists, between the founding of the PRC and 2100. */
const lawDate = z.string().refine(
  (s) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (!m) return false;
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const t = new Date(Date.UTC(y, mo - 1, d));
    return (
      t.getUTCFullYear() === y &&
      t.getUTCMonth() === mo - 1 &&
      t.getUTCDate() === d &&
      s >= '1949-10-01' &&
      s <= '2100-12-31'
    );
  },
  { message: '日期不存在或超出范围（应为 1949-10-01 至 2100-12-31 之间实有的 YYYY-MM-DD）' },
);

/** A law's title as cited, without 《》: bounded so a pasted page is no title. */
const lawTitle = z
  .string()
  .min(2, { message: '法规名称过短' })
  .max(60, { message: '法规名称过长（上限 60 个字符）' })
  .refine((s) => !/[《》\n]/.test(s), { message: '法规名称不得含书名号或换行' });

/** One entry of the higher-law register: a law, 行政法规 or 规章 no longer in force under that name. */
export const HigherLawEntrySchema = z.strictObject({
  title: lawTitle,
  aliases: z.array(lawTitle).max(10).optional(),
  event: z.enum(['废止', '被取代', '更名']),
  /** The day it ceased to be in force under this name. */
  date: lawDate,
  successor: lawTitle.optional(),
  /** The provision that repealed or replaced it. */
  basis: z.string().min(1, { message: '登记项必须注明依据（basis）' }),
});
export type HigherLawEntry = z.infer<typeof HigherLawEntrySchema>;

/** Strip for comparing titles: 中华人民共和国 and spaces do not make another law. */
const titleKey = (t: string) => t.replace(/\s+/g, '').replace(/^中华人民共和国/, '');

export const HigherLawRegisterSchema = z
  .array(HigherLawEntrySchema)
  .max(2000)
  .superRefine((entries, ctx) => {
    const byKey = new Map<string, number>();
    entries.forEach((e, i) => {
      for (const t of [e.title, ...(e.aliases ?? [])]) {
        const k = titleKey(t);
        const prev = byKey.get(k);
        if (prev !== undefined && prev !== i)
          ctx.addIssue({
            code: 'custom',
            path: [i, 'title'],
            message: `「${t}」重复登记（与第 ${prev + 1} 项相同）`,
          });
        byKey.set(k, i);
      }
      if (e.successor && titleKey(e.successor) === titleKey(e.title))
        ctx.addIssue({ code: 'custom', path: [i, 'successor'], message: '继受法不能是其自身' });
      if (e.event !== '废止' && !e.successor)
        ctx.addIssue({
          code: 'custom',
          path: [i, 'successor'],
          message: `「${e.event}」须写明继受的法规名称（successor）`,
        });
    });
    // Successor chains must end: A → B → A is a cycle, not a history.
    entries.forEach((e, i) => {
      const trail = [e.title];
      let next = e.successor;
      const seen = new Set([titleKey(e.title)]);
      while (next !== undefined) {
        const k = titleKey(next);
        trail.push(next);
        if (seen.has(k)) {
          ctx.addIssue({
            code: 'custom',
            path: [i, 'successor'],
            message: `继受关系形成循环：${trail.map((t) => `《${t}》`).join(' → ')}`,
          });
          break;
        }
        seen.add(k);
        const j = byKey.get(k);
        next = j === undefined ? undefined : entries[j]!.successor;
      }
    });
  });

/** Articles a law's amendment moved: the old number, the new one, and words of the content. */
export const RenumberedLawSchema = z.strictObject({
  title: lawTitle,
  aliases: z.array(lawTitle).max(10).optional(),
  /** The day the amendment took effect. */
  date: lawDate,
  basis: z.string().min(1, { message: '条文变动须注明依据（basis）' }),
  articles: z
    .array(
      z.strictObject({
        old: z.number().int().min(1).max(2000),
        /** The new number, or null when the content was removed. */
        now: z.number().int().min(1).max(2000).nullable(),
        topic: z.string().min(1).max(60),
        /** Words (literal) of the old article's content; one must stand near the citation. */
        keywords: z.array(z.string().min(2).max(30)).min(1),
      }),
    )
    .min(1)
    .superRefine((arts, ctx) => {
      const seen = new Set<number>();
      arts.forEach((a, i) => {
        if (seen.has(a.old))
          ctx.addIssue({ code: 'custom', path: [i, 'old'], message: `原第${a.old}条重复` });
        seen.add(a.old);
      });
    }),
});
export type RenumberedLaw = z.infer<typeof RenumberedLawSchema>;

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
  /**
   * Whether the jurisdiction prints a 登记号/统一编号 separate from the 发文字号. When false (the
   * default: nothing known says so), a 「规」-series 发文字号 (浙政规〔2022〕3号) is the unified number.
   */
  'registration.separateRequired': z.boolean(),
  'publication.officialHosts': z.array(z.string().min(1)),
  'citation.window': z.number().int().nonnegative(),
  'citation.patterns': regexList,
  'imposition.negators': regexList,
  'imposition.pejoratives': regexList,
  'imposition.frameVerbs': regexList,
  'imposition.enumerationLeads': regexList,
  'imposition.enumerationTails': regexList,
  'imposition.adminSubjects': regexList,
  'imposition.marketSubjects': regexList,
  'imposition.publicSubjects': regexList,
  'imposition.objectMarkers': regexList,
  'imposition.causativeMarkers': regexList,
  'imposition.subordinators': regexList,
  'imposition.situationTails': regexList,
  'competition.exception.claim': regexList,
  'competition.exception.reasons': regexList,
  'competition.exception.alternative': regexList,
  'competition.exception.term': regexList,
  'higherLaw.register': HigherLawRegisterSchema,
  'higherLaw.renumbered': z.array(RenumberedLawSchema).max(200),
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
  'imposition.negators',
  'imposition.pejoratives',
  'imposition.frameVerbs',
  'imposition.enumerationLeads',
  'imposition.enumerationTails',
  'imposition.adminSubjects',
  'imposition.marketSubjects',
  'imposition.publicSubjects',
  'imposition.objectMarkers',
  'imposition.causativeMarkers',
  'imposition.subordinators',
  'imposition.situationTails',
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
