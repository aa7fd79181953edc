/**
 * zod schemas shared by the engine, storage, import/export and the CLI.
 * This file is the contract between rules/ and the rest of the extension: keep field names
 * stable; add fields rather than renaming them.
 */
import { z } from 'zod';

export const SeveritySchema = z.enum(['error', 'warning', 'info']);
export type Severity = z.infer<typeof SeveritySchema>;

export const CategorySchema = z.enum(['三统一', '有效期', '合法性', '程序', '格式', '公平竞争']);
export type Category = z.infer<typeof CategorySchema>;

/** `[start, end)` UTF-16 offsets into DocumentModel.text. */
export const RangeSchema = z
  .object({ start: z.number().int().nonnegative(), end: z.number().int().nonnegative() })
  .refine((r) => r.end >= r.start, { message: 'end < start' });
export type Range = z.infer<typeof RangeSchema>;

/** A quote that lets a finding be re-found after the text changes (hypothesis-style). */
export const AnchorSchema = z.object({
  exact: z.string(),
  prefix: z.string(),
  suffix: z.string(),
});
export type Anchor = z.infer<typeof AnchorSchema>;

export const FindingSchema = z.object({
  /** `packId/ruleId` */
  ruleId: z.string().min(1),
  kind: z.string().min(1),
  severity: SeveritySchema,
  category: CategorySchema,
  /** Chinese message for the reviewer. */
  message: z.string(),
  /** Which standard, document or article the rule comes from. */
  basis: z.string(),
  /** The rule's citation form (「《行政许可法》第十七条」), shown before the basis. */
  cite: z.string().optional(),
  range: RangeSchema,
  anchor: AnchorSchema,
  suggestion: z.string().optional(),
  /**
   * Added: further places of the same finding (other hits of the rule in the same clause),
   * highlighted with it; `range` is the main one.
   */
  ranges: z.array(RangeSchema).optional(),
  /**
   * Added: findings of other rules (`packId/ruleId`) about the same clause that this, more
   * specific, finding stands for (a rule's `supersedes`); their checklist items count it, and
   * their basis is appended to this one's.
   */
  also: z.array(z.string()).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

/** A located fact, for highlighting and for the facts table. */
export const FactSpanSchema = z.object({
  name: z.enum([
    'title',
    'docNumber',
    'citedDocNumber',
    'registrationNumber',
    'issuer',
    'publishDate',
    'signedDate',
    'effectiveDate',
    'validity',
    'trial',
    'draft',
    'commentDeadline',
    'attachment',
  ]),
  value: z.string(),
  range: RangeSchema,
});
export type FactSpan = z.infer<typeof FactSpanSchema>;

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The plain facts as the CLI prints them: dates ISO, absent facts null. */
export const FactsSchema = z.object({
  title: z.string().nullable(),
  docNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  issuer: z.string().nullable(),
  publishDate: isoDate.nullable(),
  /** Added: the signing date (成文日期, or the 落款 date that closes the document). */
  signedDate: isoDate.nullable().optional(),
  effectiveDate: isoDate.nullable(),
  validity: z.object({
    years: z.number().nullable(),
    until: isoDate.nullable(),
    expiry: isoDate.nullable(),
  }),
  trial: z.boolean(),
  isDraft: z.boolean(),
  commentDeadline: isoDate.nullable(),
  attachments: z.array(z.object({ name: z.string(), href: z.string() })),
  /** Added: 发文字号 cited in the text (not the document's own). */
  citedDocNumbers: z.array(z.string()).optional(),
  /** Added: the title marks a 通告 (its own validity cap). */
  notice: z.boolean().optional(),
});
export type Facts = z.infer<typeof FactsSchema>;

export const LevelSchema = z.enum(['法律法规', '规章', '行政规范性文件', '其他']);
export type Level = z.infer<typeof LevelSchema>;

/**
 * The finer level inside 法律法规 and 规章 (立法法): who made the act and how it was issued.
 * Records and the CSV keep the four coarse levels; this says which 法律法规 or 规章 it is.
 */
export const FineLevelSchema = z.enum([
  '法律',
  '行政法规',
  '军事法规',
  '地方性法规',
  '部门规章',
  '地方政府规章',
]);
export type FineLevel = z.infer<typeof FineLevelSchema>;

/** A level a rule may name: coarse (法律法规, 规章, 行政规范性文件, 其他) or fine (部门规章 …). */
export const RuleLevelSchema = z.enum([...LevelSchema.options, ...FineLevelSchema.options]);
export type RuleLevel = z.infer<typeof RuleLevelSchema>;

export const ClassificationSchema = z.object({
  isDocument: z.boolean(),
  isDraft: z.boolean(),
  level: LevelSchema,
  /** Added: the finer level of a 法律法规 or 规章 and the evidence it was read from. */
  fineLevel: z.object({ level: FineLevelSchema, reason: z.string() }).optional(),
  normative: z.boolean(),
  /** 0..1 likelihood that the document is a 行政规范性文件. */
  score: z.number().min(0).max(1),
  /** Chinese reasons, strongest first, each with its weight's sign. */
  reasons: z.array(z.object({ text: z.string(), weight: z.number() })),
});
export type Classification = z.infer<typeof ClassificationSchema>;

/**
 * The state of a checklist item, as the engine can honestly say it:
 * - `pass` (通过): rules that check the item fully ran and found nothing (with what they checked);
 * - `fail` (未通过): a linked rule found an error or a warning, or a required fact is missing;
 * - `review` (待核实): a keyword scan or heuristic found nothing — only the reviewer can confirm;
 * - `na` (不适用): the item does not apply to this text (publication items on a draft …);
 * - `unknown` (待核实): its rules did not run (failed or not applicable to this classification);
 * - `manual` (待核实): no automatic check at all; the reviewer ticks it.
 * Only `pass` and the reviewer's tick count as done (see `checklistDone` in components/).
 */
export const ChecklistStatusSchema = z.enum(['pass', 'fail', 'review', 'na', 'unknown', 'manual']);
export type ChecklistStatus = z.infer<typeof ChecklistStatusSchema>;
export const ChecklistResultSchema = z.object({
  id: z.string(),
  group: z.string(),
  label: z.string(),
  status: ChecklistStatusSchema,
  /** Finding indices / fact names that decided the status. */
  evidence: z.array(z.string()),
  /** What the automatic check looks at (the item's `checks`), shown beside its state. */
  checks: z.string().optional(),
  /** Why the item is in its state when findings and facts do not say it (不适用 …), Chinese. */
  note: z.string().optional(),
});
export type ChecklistResult = z.infer<typeof ChecklistResultSchema>;

export const ReportSchema = z.object({
  facts: FactsSchema,
  factSpans: z.array(FactSpanSchema),
  classification: ClassificationSchema,
  findings: z.array(FindingSchema),
  checklist: z.array(ChecklistResultSchema),
  /** Packs that produced this report, for replaying a decision. */
  packs: z.array(z.object({ id: z.string(), version: z.string() })),
  /**
   * Rules that ran past the check's time budget, slowest first, and the rules the check then
   * left out (their checklist items stay "unknown"). Absent when every rule ran in time.
   */
  slow: z
    .object({
      rules: z.array(z.object({ ruleId: z.string(), ms: z.number().nonnegative() })),
      skipped: z.array(z.string()),
    })
    .optional(),
});
export type Report = z.infer<typeof ReportSchema>;

/**
 * The envelope of a rule pack. Each rule's `options` are validated by its kind
 * (rules/kinds/*); see rules/validate.ts for the full check with Chinese error paths.
 */
export const RuleSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/),
  kind: z.string().min(1),
  severity: SeveritySchema,
  category: CategorySchema,
  /** Chinese message template shown to the reviewer. */
  message: z.string().min(1),
  /** The standard, document or article the rule comes from. Required: every rule cites it. */
  basis: z.string().min(1),
  /**
   * The citation form a reviewer would write: law or document and article
   * (「《行政许可法》第十七条」, 「国办发〔2018〕37号 第三条第（一）项」). Shown first; the basis
   * and its source keys stay as the research trail.
   */
  cite: z.string().min(1).optional(),
  /** 修改建议: what the drafter should do about a finding (short, Chinese), carried into it. */
  suggestion: z.string().min(1).optional(),
  enabled: z.boolean().default(true),
  options: z.record(z.string(), z.unknown()).default({}),
  /**
   * Added: the levels the rule applies to (a coarse level, or a finer one such as 部门规章);
   * absent, every level (as before). A 不得设定 rule is for 行政规范性文件, a 规章 limit for 规章;
   * laws and 法规 get none of the normative-document checks.
   */
  levels: z.array(RuleLevelSchema).min(1).optional(),
  /** Why the rule applies to those levels (the law or article that says so); required with `levels`. */
  levelsBasis: z.string().optional(),
  /**
   * Added: ids of broader rules this one is more specific than (FC-9-1 over NB-GP). A finding
   * of theirs in the sentence of one of this rule's findings is folded into it (one finding per
   * clause): it disappears, its rule id goes to `also` and its basis is appended. A broader
   * finding more severe than this one stays.
   */
  supersedes: z
    .array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/))
    .min(1)
    .optional(),
});
export type Rule = z.infer<typeof RuleSchema>;

/**
 * When a checklist item applies; outside these conditions it is 不适用 (`na`). `market`: the
 * text touches business (the pack's `consultation.marketPatterns` occur in it), as the
 * 公平竞争 items require.
 */
export const ChecklistWhenSchema = z.strictObject({
  draft: z.boolean().optional(),
  normative: z.boolean().optional(),
  levels: z.array(LevelSchema).optional(),
  market: z.boolean().optional(),
});
export type ChecklistWhen = z.infer<typeof ChecklistWhenSchema>;

export const ChecklistItemSchema = z.object({
  id: z.string().min(1),
  /** 制定主体 | 权限 | 程序 | 内容 | 不得事项 | 三统一 | 有效期 | 技术规范 */
  group: z.string().min(1),
  label: z.string().min(1),
  /** Automatic when linked to rule ids or fact names; manual otherwise. */
  rules: z.array(z.string()).default([]),
  /** Facts the item requires: absent → 未通过. */
  facts: z.array(z.string()).default([]),
  /**
   * The best state a clean run of the linked rules can reach: `pass` when they check the item
   * fully (a number's format, a stated date), `review` when they are a keyword scan or a
   * heuristic, so finding nothing proves nothing and the reviewer must confirm (待核实).
   * Absent means `review`: a pack must claim 通过 explicitly.
   */
  reach: z.enum(['pass', 'review']).optional(),
  /**
   * Facts the rules inspect (e.g. docNumber for the number-format rules): when one is absent
   * the rules had nothing to check, so a clean run is 待核实, not 通过.
   */
  subject: z.array(z.string()).optional(),
  /** When the item applies (else 不适用). */
  when: ChecklistWhenSchema.optional(),
  /** What the automatic check looks at, in Chinese (「括号、年份、序号、虚位」). */
  checks: z.string().optional(),
  basis: z.string().optional(),
  /** Citation form of the basis (see RuleSchema.cite). */
  cite: z.string().min(1).optional(),
});
export type ChecklistItem = z.infer<typeof ChecklistItemSchema>;

export const PackSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  name: z.string().min(1),
  version: z.string().min(1),
  jurisdiction: z.string().min(1),
  description: z.string().optional(),
  /** Packs this one layers over, e.g. common-local extends national. */
  extends: z.array(z.string()).default([]),
  /** Jurisdiction parameters (validity caps, 施行 gap, number patterns …), each with a basis. */
  params: z
    .record(
      z.string(),
      z.object({ value: z.unknown(), basis: z.string(), cite: z.string().min(1).optional() }),
    )
    .default({}),
  /**
   * The pack's source list: what each key in a basis (`[S-SZ]`) stands for, so a key can be
   * looked up instead of being the text a reviewer sees.
   */
  sources: z
    .record(
      z.string().regex(/^[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9-]*$/),
      z.object({ title: z.string().min(1), url: z.string().optional() }),
    )
    .optional(),
  rules: z.array(RuleSchema).default([]),
  checklist: z.array(ChecklistItemSchema).default([]),
});
export type Pack = z.infer<typeof PackSchema>;

/** The review conclusion (通过 / 修改后通过 / 不予通过), as the written opinion states it. */
export const OpinionConclusionSchema = z.enum(['通过', '修改后通过', '不予通过']);
export type OpinionConclusion = z.infer<typeof OpinionConclusionSchema>;

/** Bounds of a written opinion: a document read by people, kept with every record. */
export const OPINION_LIMITS = {
  items: 500,
  /** One field of an item (problem, suggestion …) or a free text. */
  text: 4000,
  /** A place or a quote as an item shows it. */
  short: 200,
  bases: 200,
} as const;

const opText = (max: number = OPINION_LIMITS.text) =>
  z.string().max(max, { message: `过长（上限 ${max} 字）` });

/**
 * One numbered 审查意见 item. `source` says where it came from: a finding (its rule id and
 * `findingKey`, so the editor can show it and a regeneration can keep the edit), a manual
 * checklist item the reviewer marked, or the reviewer (`manual`: added by hand).
 */
export const OpinionItemSchema = z.object({
  /** Stable within the opinion: reordering and editing refer to it. */
  id: z.string().min(1).max(100),
  source: z.enum(['finding', 'checklist', 'manual']),
  /** The finding's `packId/ruleId` or the checklist item's id. */
  ruleId: z.string().max(OPINION_LIMITS.short).optional(),
  /** The finding's key (rules/clauses `findingKey`). */
  findingKey: z.string().max(400).optional(),
  severity: SeveritySchema.optional(),
  /** Where: 「第七条第二款」, 「第 3 页第 12 行」, or '' (title, 发文字号). */
  place: opText(OPINION_LIMITS.short),
  /** The quoted words of the draft (clipped), or ''. */
  quote: opText(OPINION_LIMITS.short),
  /** What is wrong. */
  problem: opText(),
  /** The basis as a reviewer cites it (「《行政处罚法》第十六条」), or ''. */
  basis: opText(),
  /** 修改建议, or ''. */
  suggestion: opText(),
  /** True once the reviewer rewrote the item. */
  edited: z.boolean().optional(),
});
export type OpinionItem = z.infer<typeof OpinionItemSchema>;

/**
 * A 合法性审查意见书: the header (文件名称, 起草单位, 收到日期, 审查机构), 审查依据, the numbered
 * items, the 公平竞争审查 conclusion where the text concerns business, the 结论 and the
 * reviewer block. Built by rules/opinion (`buildOpinion`), edited by the reviewer, stored with
 * the review record and written as .docx by rules/opinion/docx.
 */
export const OpinionSchema = z.object({
  format: z.literal(1),
  docTitle: opText(500),
  drafter: opText(OPINION_LIMITS.short),
  receivedDate: isoDate.nullable(),
  office: opText(OPINION_LIMITS.short),
  /** The opening paragraph (收到…现提出审查意见如下：). */
  intro: opText(),
  /** 审查依据: the higher law the accepted findings cite, then the rule packs used. */
  bases: z.array(opText(1000)).max(OPINION_LIMITS.bases),
  packs: z.array(z.object({ id: z.string().max(100), version: z.string().max(50) })).max(100),
  items: z.array(OpinionItemSchema).max(OPINION_LIMITS.items),
  /** The manual checklist items the reviewer marked as checked (「已核查：…」). */
  checked: z.array(opText(OPINION_LIMITS.short)).max(200),
  /** The 公平竞争审查 paragraph; null when the text does not concern business. */
  competition: opText().nullable(),
  conclusion: OpinionConclusionSchema,
  /** The 结论 paragraph. */
  conclusionText: opText(),
  /** 其他意见 (free text), '' when none. */
  remarks: opText(),
  reviewer: opText(OPINION_LIMITS.short),
  /** The opinion's date (YYYY-MM-DD). */
  date: isoDate,
});
export type Opinion = z.infer<typeof OpinionSchema>;
