/**
 * Display labels and small formatting helpers shared by the views (pure; no browser APIs).
 * Words go through the translator (`t` from ./i18n).
 */
import type { Category, ChecklistResult, Finding, Level, Report, Severity } from '../rules/schema';
import type { ClassificationKind, Conclusion } from '../lib/entities';
import type { MessageKey, Translate } from './i18n';

export type { Conclusion };

/** 规范性文件 / 非规范性文件 as stored. */
export type Kind = ClassificationKind;

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

export const CATEGORY_ORDER = ['三统一', '有效期', '合法性', '公平竞争', '程序', '格式'] as const;

/** Message keys of the severities. */
export const SEVERITY_KEY: Record<Severity, MessageKey> = {
  error: 'common.error',
  warning: 'common.warning',
  info: 'common.info',
};

/** Message keys of the finding categories (the engine's values are Chinese enum members). */
export const CATEGORY_KEY: Record<Category, MessageKey> = {
  三统一: 'common.category.unify',
  有效期: 'common.category.validity',
  合法性: 'common.category.legality',
  程序: 'common.category.procedure',
  格式: 'common.category.format',
  公平竞争: 'common.category.competition',
};

/** Message keys of the document levels. */
export const LEVEL_KEY: Record<Level, MessageKey> = {
  法律法规: 'common.level.law',
  规章: 'common.level.rule',
  行政规范性文件: 'common.level.normative',
  其他: 'common.level.other',
};

/** Message keys of the checklist statuses. */
export const STATUS_KEY: Record<ChecklistResult['status'], MessageKey> = {
  pass: 'common.status.pass',
  fail: 'common.status.fail',
  review: 'common.status.review',
  na: 'common.status.na',
  unknown: 'common.status.unknown',
  manual: 'common.status.manual',
};

/** The three conclusions (as stored) with their message keys, in display order. */
export const CONCLUSION_KEY: Record<Conclusion, MessageKey> = {
  通过: 'common.conclusionPass',
  修改后通过: 'common.conclusionAmend',
  不予通过: 'common.conclusionReject',
};

/** Message keys of the two classifications. */
export const KIND_KEY: Record<Kind, MessageKey> = {
  normative: 'common.normative',
  'non-normative': 'common.nonNormative',
};

export type Counts = Record<Severity, number>;

/** Counts findings by severity. */
export function countBySeverity(findings: readonly Finding[]): Counts {
  const c: Counts = { error: 0, warning: 0, info: 0 };
  for (const f of findings) c[f.severity]++;
  return c;
}

/** Groups findings by category in the canonical order, dropping empty groups. */
export function groupByCategory(findings: readonly Finding[]): [string, Finding[]][] {
  const map = new Map<string, Finding[]>();
  for (const cat of CATEGORY_ORDER) map.set(cat, []);
  for (const f of findings) {
    const list = map.get(f.category) ?? [];
    list.push(f);
    map.set(f.category, list);
  }
  return [...map].filter(([, list]) => list.length > 0);
}

/** 「规范性文件可能性 82%」 */
export function percent(score: number): string {
  return `${Math.round(Math.max(0, Math.min(1, score)) * 100)}%`;
}

/** The verdict line in the reviewer's language: 「草案（征求意见/送审） · 行政规范性文件」. */
export function verdictText(t: Translate, report: Report): string {
  const c = report.classification;
  if (!c.isDocument) return t('common.notDocument');
  return t('common.verdict', [
    t(c.isDraft ? 'common.draft' : 'common.final'),
    t(LEVEL_KEY[c.level]),
  ]);
}

/** Truncates long page text for display (it is always rendered as text, never HTML). */
export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The title as one line of text (a scraped title may carry line breaks or markup as text). */
export function titleText(t: Translate, title: string | null | undefined, max = 120): string {
  const flat = (title ?? '').replace(/\s+/g, ' ').trim();
  return flat ? clip(flat, max) : t('common.untitled');
}

/** A stored instant as a local date and time, `2026-11-27 14:05`. */
export function localDateTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
