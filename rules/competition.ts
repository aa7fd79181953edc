/**
 * What a report says about 公平竞争审查, read from the findings of the `competition` kind: the
 * 实施办法 第二条 domains found (FC-SCOPE) and a claimed 第十二条 exception (FC-EXCEPTION).
 * Pure; the side panel and the record read it.
 */
import type { ChecklistResult, Finding } from './schema';

/** Checklist items of the 公平竞争审查 (the fair-competition pack's, ids FC-…). */
export function isCompetitionItem(item: Pick<ChecklistResult, 'id'>): boolean {
  return item.id.startsWith('FC-');
}

const ruleOf = (f: Finding) => f.ruleId.slice(f.ruleId.indexOf('/') + 1);

/** The domains the text concerns (「招商引资、政府采购」), or null when none was found. */
export function competitionScope(findings: readonly Finding[]): string | null {
  const f = findings.find((x) => ruleOf(x) === 'FC-SCOPE');
  if (!f) return null;
  const m = /文件涉及(.+?)等方面/.exec(f.message);
  return m ? m[1]! : f.anchor.exact;
}

/** The exception the text claims under 第十二条, with what is missing, or null. */
export function competitionException(
  findings: readonly Finding[],
): { complete: boolean; message: string; index: number } | null {
  const i = findings.findIndex((x) => ruleOf(x) === 'FC-EXCEPTION');
  if (i < 0) return null;
  const f = findings[i]!;
  return { complete: f.severity === 'info', message: f.message, index: i };
}

/** A stored 公平竞争审查 as the log and its exports read it (lib/entities' record field). */
export interface CompetitionOutcome {
  concerns: boolean;
  conclusion: '符合' | '不符合' | '适用例外' | null;
  exception?: string | undefined;
}

/**
 * The 公平竞争审查 of a record in one phrase, as the log, the CSV and the .xlsx show it:
 * 「不涉及」 (the reviewer or the engine found no business activity), 「未作结论」, 「符合」,
 * 「不符合」, 「适用例外」 or 「适用例外：<the exception>」 (`withException`); empty for a record
 * without one (made before the review existed, or nothing recorded).
 */
export function competitionLabel(c: CompetitionOutcome | undefined, withException = true): string {
  if (!c) return '';
  if (!c.concerns) return '不涉及';
  if (!c.conclusion) return '未作结论';
  return withException && c.conclusion === '适用例外' && c.exception
    ? `适用例外：${c.exception}`
    : c.conclusion;
}
