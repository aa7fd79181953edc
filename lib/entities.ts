/**
 * Every entity the office's books store, as zod schemas, in one place.
 *
 * The schemas are the single source of truth: Dexie table types, backup validation, message
 * validation and the CSV columns all derive from them. Add fields (optional or defaulted)
 * rather than renaming them, because backups written by older versions must still restore.
 */
import { z } from 'zod';
import { FindingSchema, OpinionSchema, PackSchema, SeveritySchema } from '@/rules/schema';
import { fromISO } from '@/rules/facts/dates';

/** `YYYY-MM-DD`, a calendar date with no time zone (施行日期, 有效期至). */
/** A calendar date `YYYY-MM-DD` that exists (2026-02-30 is refused, not carried into arithmetic). */
export const IsoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期应为 YYYY-MM-DD')
  .refine((s) => fromISO(s) !== null, '不是有效的日期');

/**
 * An instant, always UTC with the `Z` suffix (what `Date#toISOString` writes). Stored values
 * are compared as strings by the reviewedAt indexes, so offsets such as `+08:00` are refused:
 * they would sort wrongly against `Z` values.
 */
export const IsoInstantSchema = z.iso.datetime({ message: '时间应为 ISO 8601 UTC 格式' });

export const ClassificationKindSchema = z.enum(['normative', 'non-normative']);
/** 规范性文件 / 非规范性文件, as confirmed by the reviewer. */
export type ClassificationKind = z.infer<typeof ClassificationKindSchema>;

export const ConclusionSchema = z.enum(['通过', '修改后通过', '不予通过']);
/** The 公平竞争审查 conclusion (公平竞争审查条例 第八条至第十二条). */
export const CompetitionConclusionSchema = z.enum(['符合', '不符合', '适用例外']);
export type CompetitionConclusion = z.infer<typeof CompetitionConclusionSchema>;

/**
 * The reviewer's 公平竞争审查 of a document: whether it concerns business activity (the engine
 * proposes it from 实施办法 第二条's domains; `null` keeps that proposal), the conclusion, and
 * the exception claimed under 第十二条 when the conclusion is 适用例外.
 */
export const CompetitionReviewSchema = z.object({
  concerns: z.boolean().nullable(),
  conclusion: CompetitionConclusionSchema.nullable(),
  exception: z.string().max(2000, { message: '例外说明过长（上限 2000 字）' }).optional(),
});
export type CompetitionReview = z.infer<typeof CompetitionReviewSchema>;

/** The review conclusion. */
export type Conclusion = z.infer<typeof ConclusionSchema>;

/** Longest reason stored with a record (通过 over open errors, a dismissal). */
export const REASON_MAX = 2000;

/** Conclusions in display order (tables, CSV, statistics). */
export const CONCLUSIONS: readonly Conclusion[] = ConclusionSchema.options;

/** The facts a record keeps for the validity register and for replaying the decision. */
export const RecordFactsSchema = z.object({
  /**
   * The reviewed text is a draft (征求意见稿, 送审稿 …): not in force, so no expiry and no
   * register entry. Absent in records written before schema version 4 (read as false).
   */
  isDraft: z.boolean().optional(),
  /** End of the draft's public consultation, when stated. */
  commentDeadline: IsoDateSchema.nullable().optional(),
  /** Added: the signing date (成文日期/落款); absent in records made before it was kept. */
  signedDate: IsoDateSchema.nullable().optional(),
  /** Added: the publication date (公布/发布); absent in records made before it was kept. */
  publishDate: IsoDateSchema.nullable().optional(),
  effectiveDate: IsoDateSchema.nullable(),
  validity: z.object({
    years: z.number().nonnegative().nullable(),
    until: IsoDateSchema.nullable(),
    expiry: IsoDateSchema.nullable(),
  }),
});
export type RecordFacts = z.infer<typeof RecordFactsSchema>;

/** A finding as stored with a record: the engine's finding plus the reviewer's dismissal. */
export const StoredFindingSchema = FindingSchema.extend({
  /** Why the reviewer dismissed this finding (误报, 已另行说明 …); absent when it stands. */
  dismissed: z.string().optional(),
});
export type StoredFinding = z.infer<typeof StoredFindingSchema>;

export const FindingCountsSchema = z.object({
  error: z.number().int().nonnegative(),
  warning: z.number().int().nonnegative(),
  info: z.number().int().nonnegative(),
});
export type FindingCounts = z.infer<typeof FindingCountsSchema>;

const Sha256HexSchema = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位十六进制 SHA-256');

/** Which pack (id, version, content hash) produced a record's findings. */
export const PackRefSchema = z.object({
  id: z.string().min(1),
  version: z.string().min(1),
  sha256: Sha256HexSchema,
});
export type PackRef = z.infer<typeof PackRefSchema>;

/**
 * The file a review was made from (the file review page): its name, format and size, the
 * SHA-256 of its bytes (the version), and the attachment URL it was fetched from, if any.
 */
export const FileRefSchema = z.object({
  name: z.string().max(500),
  format: z.enum(['docx', 'pdf', 'ofd']),
  size: z.number().int().nonnegative(),
  sha256: Sha256HexSchema,
  sourceUrl: z.string().max(4000).optional(),
});
export type FileRef = z.infer<typeof FileRefSchema>;

export const ReviewRecordSchema = z.object({
  id: z.string().min(1),
  /** Normalised 发文字号, else title + host; see `docKeyFor` in lib/records.ts. */
  docKey: z.string().min(1),
  url: z.string(),
  title: z.string(),
  docNumber: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  classification: ClassificationKindSchema,
  conclusion: ConclusionSchema,
  opinion: z.string(),
  reviewer: z.string(),
  /**
   * Why the conclusion stands although errors were open (通过 over open errors asks for it);
   * absent when none was needed. Findings dismissed instead carry their own reason.
   */
  conclusionReason: z.string().max(REASON_MAX, `理由最多${REASON_MAX}字`).optional(),
  reviewedAt: IsoInstantSchema,
  /**
   * Office fields (schema version 4 writes them empty into older records; backups from before lack them). `docTitle`: the
   * document's own title — the 《…》 a consultation notice names — while `title` stays the page's
   * (the document key is built from it, so rounds keep matching). '' when not known.
   */
  docTitle: z.string().max(500, '文件名称最多500字').optional(),
  /** 起草单位. */
  drafter: z.string().max(200, '起草单位最多200字').optional(),
  /** 收到（送审）日期. */
  receivedDate: IsoDateSchema.nullable().optional(),
  /** Last day of the 审查时限: receivedDate + N working days (pack parameter review.workingDays). */
  dueDate: IsoDateSchema.nullable().optional(),
  /** The reviewing office (审查机构), from the settings. */
  office: z.string().max(200, '审查机构名称最多200字').optional(),
  /**
   * Earlier saves of this round (the same text recorded again updates the round instead of
   * adding one): what each said, oldest first. Absent when the round was saved once.
   */
  history: z
    .array(
      z.object({
        reviewedAt: IsoInstantSchema,
        conclusion: ConclusionSchema,
        opinion: z.string(),
        reviewer: z.string(),
        conclusionReason: z.string().optional(),
      }),
    )
    .optional(),
  /** 1 for the first review of a document, 2 for the revised draft, … */
  round: z.number().int().positive(),
  facts: RecordFactsSchema,
  findingCounts: FindingCountsSchema,
  findings: z.array(StoredFindingSchema),
  packs: z.array(PackRefSchema),
  extensionVersion: z.string(),
  /** SHA-256 hex of the reviewed text; null when the text was not available. */
  textHash: Sha256HexSchema.nullable(),
  /** Set when the review was of a file (.docx/.pdf/.ofd) rather than a page. */
  file: FileRefSchema.optional(),
  createdAt: IsoInstantSchema,
  updatedAt: IsoInstantSchema,
  /** Set when the record is in the recycle bin; null while it counts. */
  deletedAt: IsoInstantSchema.nullable(),
  /** Added: the 公平竞争审查 (absent on older records and when the reviewer made none). */
  competition: CompetitionReviewSchema.extend({ concerns: z.boolean() }).optional(),
  /**
   * Added (issue 17): the written opinion (合法性审查意见书) of this round as the reviewer
   * edited it. Stored beside the findings (table `recordFindings`), not in the row: it is
   * read only when one record is opened. Absent on records made before it existed.
   */
  opinionDoc: OpinionSchema.optional(),
  /**
   * Added: what the log and the CSV show of the written opinion without reading it — the
   * SHA-256 of its text (`opinionPlainText`), its number of items and its conclusion.
   */
  opinionRef: z
    .object({
      hash: Sha256HexSchema,
      items: z.number().int().nonnegative(),
      conclusion: ConclusionSchema,
    })
    .optional(),
});
/** A review record with its findings, as the API hands it out. */
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;

/**
 * A review record as the `records` table stores it: everything but the findings. The log,
 * the register and the CSV export read many records and never the findings, which are most
 * of a record's bytes (a few KB of messages, bases and anchor quotes); keeping them in their
 * own table makes those reads several times cheaper.
 */
export const RecordRowSchema = ReviewRecordSchema.omit({ findings: true, opinionDoc: true });
export type RecordRow = z.infer<typeof RecordRowSchema>;

/** The findings of one record (table `recordFindings`, keyed by the record id). */
export const RecordFindingsSchema = z.object({
  recordId: z.string().min(1),
  findings: z.array(StoredFindingSchema),
  /** The record's written opinion (see ReviewRecordSchema.opinionDoc), when it has one. */
  opinion: OpinionSchema.optional(),
  /**
   * Equal to the record's updatedAt when the findings or the opinion were last written
   * (merge: newer wins).
   */
  updatedAt: IsoInstantSchema,
});
export type RecordFindings = z.infer<typeof RecordFindingsSchema>;

/** The text of each reviewed version of a document, for comparing rounds. */
export const DocVersionSchema = z.object({
  id: z.string().min(1),
  docKey: z.string().min(1),
  recordId: z.string().min(1),
  text: z.string(),
  textHash: Sha256HexSchema,
  createdAt: IsoInstantSchema,
});
export type DocVersion = z.infer<typeof DocVersionSchema>;

/** Checklist state remembered per document. */
export const ChecklistStateSchema = z.object({
  docKey: z.string().min(1),
  /** Manual checklist items ticked by the reviewer, by item id. */
  manual: z.record(z.string(), z.boolean()),
  /** Findings dismissed by the reviewer, by finding key, with the reason. */
  dismissed: z.record(z.string(), z.string()),
  /** Added: the 公平竞争审查 as the reviewer has it so far. */
  competition: CompetitionReviewSchema.optional(),
  /**
   * Added (issue 17): the written opinion as the reviewer is editing it, before (and between)
   * recording the outcome; recording takes it into the record.
   */
  opinion: OpinionSchema.optional(),
  updatedAt: IsoInstantSchema,
});
export type ChecklistState = z.infer<typeof ChecklistStateSchema>;

/** The single settings row lives under this id. */
export const SETTINGS_ID = 'settings';

export const HighlightTogglesSchema = z.object({
  facts: z.boolean(),
  三统一: z.boolean(),
  有效期: z.boolean(),
  合法性: z.boolean(),
  程序: z.boolean(),
  格式: z.boolean(),
});
export type HighlightToggles = z.infer<typeof HighlightTogglesSchema>;

export const SettingsSchema = z.object({
  id: z.literal(SETTINGS_ID),
  reviewerName: z.string(),
  /** Origins or host patterns the user enabled at the moment of need. */
  enabledSites: z.array(z.string()),
  highlights: HighlightTogglesSchema,
  /** Pins the reviewer's "today" (training, replaying an old decision); null = real today. */
  todayOverride: IsoDateSchema.nullable(),
  /**
   * The top of the office's rule layer: this pack and everything it `extends` (e.g. lanzhou →
   * common-local → national) is what the engine runs, plus the office's enabled own packs.
   * Optional because settings written before schema version 2 (and their backups) lack it;
   * absent means `DEFAULT_OFFICE_PACK`.
   */
  officePack: z.string().min(1).optional(),
  /** The office's name (审查机构), stored with every record. Absent before schema version 4. */
  officeName: z.string().max(200, '审查机构名称最多200字').optional(),
  updatedAt: IsoInstantSchema,
});
export type Settings = z.infer<typeof SettingsSchema>;

/**
 * The layer a fresh install runs: the local defaults over the national rules. Regional seed
 * packs (lanzhou, guangzhou …) are installed but off until the office chooses one.
 */
export const DEFAULT_OFFICE_PACK = 'common-local';

/** Settings as a fresh install has them. */
export function defaultSettings(now = new Date().toISOString()): Settings {
  return {
    id: SETTINGS_ID,
    reviewerName: '',
    enabledSites: [],
    highlights: { facts: true, 三统一: true, 有效期: true, 合法性: true, 程序: true, 格式: true },
    todayOverride: null,
    officePack: DEFAULT_OFFICE_PACK,
    updatedAt: now,
  };
}

export const PackSourceSchema = z.enum(['seed', 'user']);
/** `seed`: shipped in seeds/packs, updated with the extension. `user`: imported by the office. */
export type PackSource = z.infer<typeof PackSourceSchema>;

/** A rule pack as stored: the pack itself is never edited; overrides live in their own table. */
export const StoredPackSchema = z.object({
  id: z.string().min(1),
  source: PackSourceSchema,
  enabled: z.boolean(),
  pack: PackSchema,
  /** SHA-256 of the pack's canonical JSON, as imported or seeded (no overrides). */
  sha256: Sha256HexSchema,
  installedAt: IsoInstantSchema,
  updatedAt: IsoInstantSchema,
});
export type StoredPack = z.infer<typeof StoredPackSchema>;

/**
 * A per-rule override. Kept apart from the pack so that a seed update can replace the pack
 * wholesale while the office's tuning survives.
 */
export const RuleOverrideSchema = z.object({
  /** `packId/ruleId` */
  key: z.string().min(3),
  packId: z.string().min(1),
  ruleId: z.string().min(1),
  severity: SeveritySchema.optional(),
  enabled: z.boolean().optional(),
  /** Shallow-merged over the rule's options (so new seed options still arrive). */
  options: z.record(z.string(), z.unknown()).optional(),
  updatedAt: IsoInstantSchema,
});
export type RuleOverride = z.infer<typeof RuleOverrideSchema>;

/**
 * The reserved rule id of a pack's parameter override (`packId/@params`): its `options` hold
 * parameter values by key (`{'validity.maxYears.default': 3}`) that replace the pack's
 * `params[key].value`, keeping the basis. A rule id can never start with `@` (RuleSchema), so
 * the key cannot collide with a real rule, and the overrides table (and every backup) keeps
 * working unchanged.
 */
export const PARAMS_RULE_ID = '@params';
