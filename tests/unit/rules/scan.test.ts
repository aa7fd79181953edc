/**
 * Trigger scanning in groups (rules/scan.ts) is a speed-up only: for every rule of the seed
 * packs, on every document of the golden and real corpora, on the bench document and on
 * random strings of the rules' own characters, the merged groups yield exactly the matches of
 * the single alternation.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compileTriggers, groupTriggers, leadBuckets, scanTriggers } from '../../../rules/scan';
import { normalizeForMatching } from '../../../rules/text';
import { seedPacks } from '../../../rules/seeds';
import { makeDocument } from '../../../scripts/bench-doc';
import { rng } from './helpers';

const ROOT = join(__dirname, '../../..');

/** What the single alternation finds (the engine's loop before the groups). */
function reference(re: RegExp, text: string, from = 0): [number, string][] {
  const r = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
  r.lastIndex = from;
  const out: [number, string][] = [];
  let m: RegExpExecArray | null;
  while ((m = r.exec(text)) !== null) {
    out.push([m.index, m[0]]);
    if (m[0] === '') r.lastIndex++;
  }
  return out;
}

function scanned(sources: string[], text: string, from = 0): [number, string][] {
  return [...scanTriggers(compileTriggers(sources), text, from)].map((m) => [m.index, m[0]]);
}

function triggerLists(): { id: string; sources: string[] }[] {
  const out: { id: string; sources: string[] }[] = [];
  for (const p of seedPacks)
    for (const r of p.rules) {
      const t = (r.options as { triggers?: unknown[] }).triggers;
      if (!Array.isArray(t) || t.length === 0) continue;
      out.push({
        id: `${p.id}/${r.id}`,
        sources: t.map((x) => (typeof x === 'string' ? x : (x as { pattern: string }).pattern)),
      });
    }
  return out;
}

function corpus(): string[] {
  const texts: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const f = join(dir, name);
      if (statSync(f).isDirectory()) walk(f);
      else if (/\.(txt|html?)$/.test(name))
        texts.push(normalizeForMatching(readFileSync(f, 'utf8')));
    }
  };
  walk(join(ROOT, 'seeds/documents'));
  walk(join(ROOT, 'seeds/real'));
  texts.push(normalizeForMatching(makeDocument(200_000)));
  return texts;
}

describe('leading characters', () => {
  it('are read through groups, optional parts and repeats', () => {
    const [p0, p1] = leadBuckets('(?:注册地|纳税地)[^。]{0,3}');
    expect([...p0!].sort()).toEqual(['注', '纳'].map((c) => c.charCodeAt(0) & 127).sort());
    expect([...p1!].sort()).toEqual(['册', '税'].map((c) => c.charCodeAt(0) & 127).sort());
    // An optional first element: the second one may stand first.
    expect(leadBuckets('(?:于)?国有')[0]!.size).toBe(2);
    // A class of every CJK character is no help to a skip table.
    expect(leadBuckets('由[\\u4e00-\\u9fa5]{2,30}?公司')[1]).toBeNull();
    expect(leadBuckets('[^。；]{0,4}方可')[0]).toBeNull();
  });

  it('keep a rule whose triggers start with few characters in one group', () => {
    expect(groupTriggers(['罚款', '没收', '吊销'])).toEqual([[0, 1, 2]]);
  });

  it('cut a rule whose triggers start with too many characters into consecutive groups', () => {
    const words = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'.split('').map((c) => `${c}办法`);
    const groups = groupTriggers(words);
    expect(groups.length).toBeGreaterThan(1);
    expect(groups.flat()).toEqual(words.map((_, i) => i));
  });
});

describe('scanning in groups', () => {
  it('is exact at equal starts: the earlier trigger wins, as in the alternation', () => {
    const words = '甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉'.split('').map((c) => `${c}办`);
    const sources = [...words, '甲办法', '(?:)', '办法(?=规定)'];
    expect(groupTriggers(sources).length).toBeGreaterThan(1);
    const text = '甲办法规定乙办法，酉办。办法规定';
    const re = compileTriggers(sources).combined;
    expect(scanned(sources, text)).toEqual(reference(re, text));
    expect(scanned(sources, text, 3)).toEqual(reference(re, text, 3));
  });

  it('finds what the alternation finds, for every seed rule on every corpus text', () => {
    const lists = triggerLists();
    const texts = corpus();
    let split = 0;
    const wrong: string[] = [];
    for (const { id, sources } of lists) {
      const sc = compileTriggers(sources);
      if (sc.groups.length > 1) split++;
      for (const text of texts) {
        const got = [...scanTriggers(sc, text)].map((m) => [m.index, m[0]]);
        if (JSON.stringify(got) !== JSON.stringify(reference(sc.combined, text)))
          wrong.push(`${id} on ${text.slice(0, 20)}`);
      }
    }
    expect(wrong).toEqual([]);
    // The measure is in use: rules of the fair-competition pack are cut into groups.
    expect(split).toBeGreaterThanOrEqual(2);
  });

  it('finds what the alternation finds on random strings of the rules’ own characters', () => {
    const next = rng(20261206);
    for (const { sources } of triggerLists()) {
      const sc = compileTriggers(sources);
      if (sc.groups.length < 2) continue;
      const alphabet = [...new Set(sources.join('').replace(/[\\[\](){}?:|^$.*+0-9,-]/g, ''))];
      alphabet.push('。', '，', '\n', '1', '5');
      for (let k = 0; k < 40; k++) {
        let s = '';
        const n = Math.floor(next() * 200);
        for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)]!;
        const from = Math.floor(next() * 5);
        expect(scanned(sources, s, from)).toEqual(reference(sc.combined, s, from));
      }
    }
  });
});
