/** Display labels and small formatting helpers shared by the views (pure; no browser APIs). */
import type { Finding, Report, Severity } from '../rules/schema';

export const SEVERITY_LABEL: Record<Severity, string> = {
  error: '错误',
  warning: '警告',
  info: '提示',
};

export const SEVERITY_ORDER: Severity[] = ['error', 'warning', 'info'];

export const CATEGORY_ORDER = ['三统一', '有效期', '合法性', '程序', '格式'] as const;

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

/** A short verdict line for a report: draft or final, level. */
export function verdict(report: Report): string {
  const c = report.classification;
  if (!c.isDocument) return '本页不像是一份公文';
  const stage = c.isDraft ? '草案（征求意见/送审）' : '正式文件';
  return `${stage} · ${c.level}`;
}

/** Truncates long page text for display (it is always rendered as text, never HTML). */
export function clip(s: string, max = 80): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
