/**
 * Every real law, 行政法规, 地方性法规 and 规章 of the real-document suite (seeds/real, sources in
 * its manifest) comes out at its level — coarse and fine (the manifest's type) — with no finding
 * meant for normative documents (不得设定, 有效期, 三统一, the 30-day 施行 gap) as an error or a
 * warning (issue 14 items 1 and 3).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from './helpers';

type Entry = { file: string; type: string; title: string };
const DIR = join(__dirname, '../../../seeds/real');
const manifest = JSON.parse(readFileSync(join(DIR, 'manifest.json'), 'utf8')) as {
  documents: Entry[];
};
const FINE = ['法律', '行政法规', '地方性法规', '部门规章', '地方政府规章'];
const entries = manifest.documents.filter((d) => FINE.includes(d.type));
/**
 * The one text whose level nothing in it shows: 「重新组建仲裁机构方案」 is printed without its
 * issuing header (no 国务院令, no 通过 line, a 方案's title). It must at least not be reviewed as
 * a normative document.
 */
const NO_MARK = new Set(['laws/xzfg-020.txt']);
const NORMATIVE_ONLY = /^(?:NB-|VP-|3U-|ED-TOO-SOON$|DN-MISSING$)/;

describe('real laws, 法规 and 规章 come out at their level', () => {
  it('the suite holds them (laws, 行政法规, 地方性法规, 部门规章, 地方政府规章)', () => {
    expect(new Set(entries.map((e) => e.type)).size).toBe(5);
    expect(entries.length).toBeGreaterThanOrEqual(131);
  });

  it.each(entries.map((e) => [e.file, e.type, e.title] as const))('%s (%s %s)', (file, type) => {
    const r = run(readFileSync(join(DIR, file), 'utf8'), 'common-local', '2026-12-06');
    const c = r.classification;
    const wrong = r.findings
      .filter((f) => f.severity !== 'info')
      .map((f) => f.ruleId.split('/')[1]!)
      .filter((id) => NORMATIVE_ONLY.test(id));
    expect(wrong).toEqual([]);
    expect(c.normative).toBe(false);
    if (NO_MARK.has(file)) return;
    expect(c.level).toBe(/规章$/.test(type) ? '规章' : '法律法规');
    expect(c.fineLevel?.level).toBe(type);
  });
});
