/** The legality checklist: automatic items (pass/fail/unknown) and manual ticks. */
import type { ChecklistResult } from '../rules/schema';

const STATUS: Record<string, string> = {
  pass: '通过',
  fail: '未通过',
  unknown: '待核实',
  manual: '人工',
};

export interface ChecklistProps {
  items: ChecklistResult[];
  manual: Record<string, boolean>;
  onToggle(id: string, checked: boolean): void;
}

export function Checklist({ items, manual, onToggle }: ChecklistProps) {
  const done = items.filter((i) =>
    i.status === 'manual' ? manual[i.id] : i.status === 'pass',
  ).length;
  const groups = new Map<string, ChecklistResult[]>();
  for (const it of items) groups.set(it.group, [...(groups.get(it.group) ?? []), it]);
  return (
    <div class="checklist">
      <p class="progress" data-testid="progress">
        完成 {done}/{items.length}
        <progress value={done} max={Math.max(1, items.length)} aria-label="审查进度" />
      </p>
      {[...groups].map(([group, list]) => (
        <fieldset key={group}>
          <legend>{group}</legend>
          {list.map((it) =>
            it.status === 'manual' ? (
              <label key={it.id} class="item manual">
                <input
                  type="checkbox"
                  checked={!!manual[it.id]}
                  onChange={(e) => onToggle(it.id, (e.target as HTMLInputElement).checked)}
                />
                {it.label}
              </label>
            ) : (
              <p key={it.id} class={`item auto ${it.status}`} data-status={it.status}>
                <span class="status">{STATUS[it.status]}</span> {it.label}
              </p>
            ),
          )}
        </fieldset>
      ))}
    </div>
  );
}
