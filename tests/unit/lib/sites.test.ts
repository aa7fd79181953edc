/** Sites the office enables: what the user types becomes a match pattern, or a Chinese reason. */
import { describe, expect, it } from 'vitest';
import { parseSite, siteLabel } from '@/lib/sites';

describe('parseSite', () => {
  it.each([
    ['oa.example.com', '*://oa.example.com/*'],
    ['https://oa.example.com', 'https://oa.example.com/*'],
    ['http://cms.example.org:8080/editor/page?id=3', 'http://cms.example.org/*'],
    ['  HTTPS://OA.Example.com/  ', 'https://oa.example.com/*'],
  ])('turns %s into %s', (input, pattern) => {
    expect(parseSite(input)).toEqual({ ok: true, pattern });
  });

  it.each([
    ['', /请输入/],
    ['ftp://files.example.com', /http/],
    ['http://', /无法识别|域名/],
    ['exa mple.com', /无法识别|域名/],
  ])('refuses %j with a reason', (input, reason) => {
    const r = parseSite(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('labels patterns for people', () => {
    expect(siteLabel('https://oa.example.com/*')).toBe('https://oa.example.com');
    expect(siteLabel('*://oa.example.com/*')).toBe('oa.example.com（http/https）');
  });
});
