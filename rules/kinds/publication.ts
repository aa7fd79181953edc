/**
 * `publication`: the page's host is one of the pack's official publication channels
 * (统一发布); a third-party copy gets a lower severity (it may still be a faithful copy).
 */
import { z } from 'zod';
import { SeveritySchema, type Finding } from '../schema';
import { param } from '../params';
import {
  type RuleKind,
  type RunContext,
  type CompiledRule,
  WhenSchema,
  makeFinding,
  documentSpan,
  isThirdPartyCopy,
} from './types';

export const PublicationOptionsSchema = z.strictObject({
  /** Hosts (suffix match) in addition to param publication.officialHosts. */
  hosts: z.array(z.string().min(1)).default([]),
  /** Severity for a third-party copy (the rule's own severity is for an unknown channel). */
  thirdPartySeverity: SeveritySchema.default('info'),
  when: WhenSchema,
});
export type PublicationOptions = z.infer<typeof PublicationOptionsSchema>;

export const publicationKind: RuleKind<PublicationOptions, null> = {
  name: 'publication',
  optionsSchema: PublicationOptionsSchema as z.ZodType<PublicationOptions>,
  compile() {
    return null;
  },
  run(ctx: RunContext, rule: CompiledRule): Finding[] {
    const o = rule.rule.options as unknown as PublicationOptions;
    if (!ctx.url || ctx.facts.isDraft) return [];
    const hosts = [...param(ctx.params, 'publication.officialHosts', []), ...(o.hosts ?? [])];
    if (hosts.length === 0 || !isThirdPartyCopy(ctx, hosts)) return [];
    let host: string;
    try {
      host = new URL(ctx.url).hostname;
    } catch {
      return [];
    }
    const at = documentSpan(ctx);
    return [
      makeFinding(ctx, rule, {
        ...at,
        severity: o.thirdPartySeverity ?? 'info',
        vars: { host, hosts: hosts.join('、') },
      }),
    ];
  },
};
