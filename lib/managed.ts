/**
 * The administrator's policy (`storage.managed`: Chrome enterprise policy, Firefox
 * policies.json): preset pack subscriptions and the office's name. Policy values are input
 * from outside too: validated with zod, bounded, and applied through the same paths as the
 * reviewer's own actions (a managed subscription is fetched and checked like any other).
 *
 * - A managed subscription is created if missing and its first version applied at once (the
 *   administrator chose it); later updates wait for the reviewer like any other. It cannot be
 *   removed in the options page; when the policy drops it, it becomes an ordinary one.
 * - `officeName` replaces the settings' 审查机构 name.
 */
import { z } from 'zod';
import type { GuishenDB } from './db';
import { updateSettings } from './records';
import {
  applyPending,
  checkSubscriptionUrl,
  subscribe,
  type SubscriptionDeps,
} from './subscriptions';

export const ManagedPolicySchema = z.object({
  subscriptions: z
    .array(
      z.object({
        url: z.string().min(1).max(2000),
        pin: z.string().max(64).optional(),
        publicKey: z.string().max(100).optional(),
      }),
    )
    .max(20)
    .optional(),
  officeName: z.string().min(1).max(200).optional(),
});
export type ManagedPolicy = z.infer<typeof ManagedPolicySchema>;

/** What applying the policy did, and what it could not do (Chinese reasons). */
export interface ManagedReport {
  subscribed: string[];
  kept: string[];
  released: string[];
  errors: string[];
}

export async function applyManagedPolicy(
  db: GuishenDB,
  raw: unknown,
  deps: SubscriptionDeps,
): Promise<ManagedReport> {
  const report: ManagedReport = { subscribed: [], kept: [], released: [], errors: [] };
  const parsed = ManagedPolicySchema.safeParse(raw ?? {});
  if (!parsed.success) {
    report.errors.push(`管理员策略格式不对，未应用：${parsed.error.issues[0]?.message ?? ''}`);
    return report;
  }
  const policy = parsed.data;
  if (policy.officeName) {
    const s = await updateSettings(db, { officeName: policy.officeName }).catch((e: Error) => e);
    if (s instanceof Error) report.errors.push(`审查机构名称未能设置：${s.message}`);
  }
  const wanted = new Set<string>();
  for (const m of policy.subscriptions ?? []) {
    const u = checkSubscriptionUrl(m.url);
    if ('error' in u) {
      report.errors.push(`${m.url.slice(0, 200)}：${u.error}`);
      continue;
    }
    const existing = await db.subscriptions.get(u.url);
    if (existing) {
      wanted.add(existing.url);
      if (!existing.managed) await db.subscriptions.update(existing.url, { managed: true });
      report.kept.push(existing.url);
      continue;
    }
    const r = await subscribe(
      db,
      { url: u.url, pin: m.pin ?? null, publicKey: m.publicKey ?? null, managed: true },
      deps,
    );
    if (!r.ok) {
      report.errors.push(`${m.url}：${r.errors.map((e) => e.message).join('；')}`);
      continue;
    }
    wanted.add(r.value.url);
    const applied = await applyPending(db, r.value.url);
    if (applied.ok) report.subscribed.push(r.value.url);
    else report.errors.push(`${m.url}：${applied.errors.map((e) => e.message).join('；')}`);
  }
  for (const s of await db.subscriptions.toArray())
    if (s.managed && !wanted.has(s.url)) {
      await db.subscriptions.update(s.url, { managed: false });
      report.released.push(s.url);
    }
  return report;
}
