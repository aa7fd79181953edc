/** Findings grouped by category, each with message, basis, suggestion and quote. */
import type { Finding } from '../rules/schema';
import { SEVERITY_LABEL, clip, groupByCategory } from './labels';

export interface FindingsListProps {
  findings: Finding[];
  onSelect?(index: number): void;
}

export function FindingsList({ findings, onSelect }: FindingsListProps) {
  if (findings.length === 0) return <p class="empty">未发现问题。</p>;
  const indexOf = new Map(findings.map((f, i) => [f, i]));
  return (
    <div class="findings">
      {groupByCategory(findings).map(([cat, list]) => (
        <section key={cat} aria-label={cat}>
          <h3>
            {cat}（{list.length}）
          </h3>
          <ul>
            {list.map((f) => (
              <li key={indexOf.get(f)} class={`finding ${f.severity}`}>
                <button
                  type="button"
                  class="finding-btn"
                  onClick={() => onSelect?.(indexOf.get(f)!)}
                >
                  <span class="sev">{SEVERITY_LABEL[f.severity]}</span> {f.message}
                </button>
                <p class="quote">「{clip(f.anchor.exact, 60)}」</p>
                {f.suggestion && <p class="sugg">建议：{f.suggestion}</p>}
                <p class="basis">依据：{f.basis}</p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
