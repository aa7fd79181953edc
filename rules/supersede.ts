/**
 * One finding per clause across rules: a rule that `supersedes` broader ones (the
 * 公平竞争审查 standards over the 不得设定 rule NB-GP) takes in their findings in the same
 * sentence. The broader finding disappears; the kept one names it in `also` (its checklist
 * items still count it), takes its places into `ranges` and carries its basis, so the reviewer
 * sees both grounds on one card.
 * A broader finding more severe than the specific one is kept as it is.
 */
import type { Finding, Severity } from './schema';
import type { CompiledRule, RunContext } from './kinds/types';
import { sentenceBounds } from './kinds/pattern';

const RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
const bare = (ruleId: string) => ruleId.slice(ruleId.indexOf('/') + 1);

export function foldSuperseded(
  ctx: RunContext,
  rules: readonly CompiledRule[],
  findings: Finding[],
): Finding[] {
  const sup = new Map<string, readonly string[]>();
  for (const r of rules) if (r.rule.supersedes?.length) sup.set(r.qualifiedId, r.rule.supersedes);
  if (sup.size === 0) return findings;
  const targets = new Set([...sup.values()].flat());
  const byRule = new Map<string, number[]>();
  findings.forEach((f, i) => {
    const id = bare(f.ruleId);
    if (!targets.has(id)) return;
    const list = byRule.get(id) ?? [];
    list.push(i);
    byRule.set(id, list);
  });
  if (byRule.size === 0) return findings;
  const dropped = new Set<number>();
  for (const f of findings) {
    const ids = sup.get(f.ruleId);
    if (!ids) continue;
    const sent = sentenceBounds(ctx, f.range.start, f.range.end);
    for (const id of ids)
      for (const i of byRule.get(id) ?? []) {
        const g = findings[i]!;
        if (dropped.has(i) || g === f) continue;
        if (g.range.start < sent.start || g.range.start >= sent.end) continue;
        if (RANK[g.severity] < RANK[f.severity]) continue;
        dropped.add(i);
        (f.also ??= []).push(g.ruleId);
        // Its places are highlighted with the kept finding.
        (f.ranges ??= []).push(g.range, ...(g.ranges ?? []));
        f.basis += `；同一条款亦属 ${id}：${g.cite ?? g.basis}`;
      }
  }
  return dropped.size ? findings.filter((_, i) => !dropped.has(i)) : findings;
}
