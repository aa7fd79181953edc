/**
 * The in-page badge (mounted in a shadow root by the content script): draft?, normative
 * likelihood, counts by severity, attachments, and buttons. Page text is rendered as text.
 */
import { useState } from 'preact/hooks';
import type { Report } from '../rules/schema';
import { SEVERITY_LABEL, SEVERITY_ORDER, clip, countBySeverity, percent } from './labels';

export interface BadgeProps {
  report: Report;
  highlightsOn: boolean;
  /** Line numbers of findings when they cannot be highlighted (textarea). */
  lines?: { line: number; message: string; severity: string }[];
  onOpenPanel(): void;
  onToggleHighlights(): void;
}

export function Badge({
  report,
  highlightsOn,
  lines,
  onOpenPanel,
  onToggleHighlights,
}: BadgeProps) {
  const [open, setOpen] = useState(false);
  const c = report.classification;
  const counts = countBySeverity(report.findings);
  const atts = report.facts.attachments;
  return (
    <section class="gs-badge" role="region" aria-label="规审">
      <button
        type="button"
        class="gs-head"
        aria-expanded={open}
        onClick={() => setOpen(!open)}
        title="规审：点击展开"
      >
        <span class="gs-logo">规审</span>
        {c.isDraft && <span class="gs-tag gs-draft">草案</span>}
        <span class="gs-tag" title="规范性文件可能性">
          规范性 {percent(c.score)}
        </span>
        {SEVERITY_ORDER.map((s) => (
          <span key={s} class={`gs-count gs-${s}`} data-severity={s} title={SEVERITY_LABEL[s]}>
            {counts[s]}
          </span>
        ))}
      </button>
      {open && (
        <div class="gs-body">
          <p class="gs-level">
            {c.isDraft ? '草案' : '正式文件'} · {c.level}
          </p>
          <ul class="gs-reasons">
            {c.reasons.slice(0, 3).map((r, i) => (
              <li key={i}>
                {r.weight >= 0 ? '＋' : '－'} {r.text}
              </li>
            ))}
          </ul>
          {atts.length > 0 && (
            <div class="gs-atts">
              <p>附件（正文可能不在页面上）：</p>
              <ul>
                {atts.slice(0, 8).map((a, i) => (
                  <li key={i}>{clip(a.name, 40)}</li>
                ))}
              </ul>
            </div>
          )}
          {lines && lines.length > 0 && (
            <ol class="gs-lines">
              {lines.slice(0, 20).map((l, i) => (
                <li key={i} class={`gs-${l.severity}`}>
                  第{l.line}行：{clip(l.message, 60)}
                </li>
              ))}
            </ol>
          )}
          <div class="gs-actions">
            <button type="button" onClick={onOpenPanel}>
              打开审查清单
            </button>
            <button type="button" aria-pressed={highlightsOn} onClick={onToggleHighlights}>
              {highlightsOn ? '隐藏标注' : '显示标注'}
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
