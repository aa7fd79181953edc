/**
 * Chinese numerals as they appear in documents: 一…九, 十百千万, 〇/○/零, 两, and digit-by-digit
 * years (二〇二〇). Also tolerates the letter O and digit 0 typed instead of 〇 (二OO六), because
 * such dates must still be read before the format rule flags them.
 */

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  '○': 0,
  O: 0,
  o: 0,
  Ｏ: 0,
  '0': 0,
  '０': 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  三: 3,
  叁: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const UNITS: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };

/** Character class source (for regexes) of every character parseChineseNumber accepts. */
export const CN_NUM_CLASS = '零〇○一二两三四五六七八九十百千万壹贰叁肆伍陆柒捌玖拾佰仟';
/** Regex source of a small count: 1–3 digits or 1–4 Chinese numerals (有效期5年, 三十日后). */
export const COUNT_SOURCE = `(?:\\d{1,3}|[${CN_NUM_CLASS}]{1,4})`;

/**
 * Parses a Chinese or Arabic numeral: 十二 → 12, 二十 → 20, 一百零五 → 105, 两 → 2,
 * 三千 → 3000, 一万二千 → 12000, 二〇二〇 → 2020 (digit-by-digit), ２５ → 25.
 * Returns null when the string is not a numeral.
 */
export function parseChineseNumber(s: string): number | null {
  const str = s.trim();
  if (str === '') return null;
  if (/^[0-9０-９]+$/.test(str)) {
    let n = 0;
    for (const ch of str) {
      const c = ch.charCodeAt(0);
      n = n * 10 + (c >= 0xff10 ? c - 0xff10 : c - 48);
    }
    return n;
  }
  let hasUnit = false;
  for (const ch of str) {
    if (UNITS[ch] !== undefined || ch === '万') hasUnit = true;
    else if (DIGITS[ch] === undefined) return null;
  }
  if (!hasUnit) {
    // Digit-by-digit: 二〇二〇, 一九九七, or a single digit.
    let n = 0;
    for (const ch of str) n = n * 10 + DIGITS[ch]!;
    return n;
  }
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of str) {
    const d = DIGITS[ch];
    if (d !== undefined) {
      digit = d;
      continue;
    }
    if (ch === '万') {
      section += digit > 0 ? digit : 0;
      total += (section === 0 ? 1 : section) * 10000;
      section = 0;
      digit = -1;
      continue;
    }
    const u = UNITS[ch]!;
    // 十 alone at the start means 一十.
    section += (digit === -1 ? 1 : digit) * u;
    digit = -1;
  }
  if (digit > 0) section += digit;
  return total + section;
}
