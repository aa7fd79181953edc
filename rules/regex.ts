/**
 * Vetting of user-supplied regular expressions. Packs are data a user may import, and a
 * pattern runs inside the page: a catastrophic-backtracking pattern would hang the tab.
 * Two independent checks must both pass: safe-regex2 (star height ≤ 1, repetition budget)
 * and our own scan for a quantified group that itself contains an unbounded quantifier
 * — `(a+)+`, `(\w*\s?)*`, `(?:x|y+){2,}` — plus compile errors, backreferences and length.
 */
import safeRegex from 'safe-regex2';

/** Flags every pack pattern is compiled with. */
export const PATTERN_FLAGS = 'gu';
export const MAX_PATTERN_LENGTH = 500;

/** Chinese reason why a pattern is rejected, or null when it is acceptable. */
export function vetPattern(source: string): string | null {
  if (typeof source !== 'string' || source.length === 0) return '正则表达式为空';
  if (source.length > MAX_PATTERN_LENGTH)
    return `正则表达式过长（${source.length} 个字符，上限 ${MAX_PATTERN_LENGTH}）`;
  try {
    new RegExp(source, PATTERN_FLAGS);
  } catch (e) {
    return `正则表达式无效：${(e as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(source)) return '正则表达式不得使用反向引用（\\1、\\k<名称>）';
  const nested = nestedQuantifier(source);
  if (nested) return `正则表达式可能导致灾难性回溯（嵌套量词：${nested}），请改写`;
  // safe-regex2's parser (ret) does not know lookbehind or named groups; rewrite them to
  // plain groups for its star-height analysis, which they do not affect.
  const forSafe = source.replace(/\(\?<[=!]/g, '(?:').replace(/\(\?<[A-Za-z_$][\w$]*>/g, '(?:');
  if (!safeRegex(forSafe, { limit: 50 }))
    return '正则表达式可能导致灾难性回溯（safe-regex 检查未通过），请改写';
  return null;
}

/**
 * Finds a group that is quantified (*, +, {n,}, {n,m} with m>1) while containing an
 * unbounded quantifier (*, +, {n,}). Returns the offending group text, or null.
 * Character classes and escapes are skipped so that `[+*]` or `\+` do not count.
 */
export function nestedQuantifier(src: string): string | null {
  type Frame = { start: number; unbounded: boolean };
  const stack: Frame[] = [];
  let i = 0;
  const readQuant = (j: number): { len: number; unbounded: boolean; repeats: boolean } | null => {
    const c = src[j];
    if (c === '*' || c === '+') return { len: 1, unbounded: true, repeats: true };
    if (c === '?') return { len: 1, unbounded: false, repeats: false };
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(j, j + 20));
      if (!m) return null;
      const unbounded = m[2] !== undefined && m[3] === '';
      const max = m[2] === undefined ? +m[1]! : m[3] === '' ? Infinity : +m[3]!;
      return { len: m[0].length, unbounded, repeats: max > 1 };
    }
    return null;
  };
  while (i < src.length) {
    const c = src[i]!;
    if (c === '\\') {
      i += 2;
      const q = readQuant(i);
      if (q) {
        if (q.unbounded && stack.length) stack[stack.length - 1]!.unbounded = true;
        i += q.len;
        if (src[i] === '?') i++;
      }
      continue;
    }
    if (c === '[') {
      // Skip the class.
      i++;
      if (src[i] === '^') i++;
      if (src[i] === ']') i++;
      while (i < src.length && src[i] !== ']') i += src[i] === '\\' ? 2 : 1;
      i++;
      const q = readQuant(i);
      if (q) {
        if (q.unbounded && stack.length) stack[stack.length - 1]!.unbounded = true;
        i += q.len;
        if (src[i] === '?') i++;
      }
      continue;
    }
    if (c === '(') {
      stack.push({ start: i, unbounded: false });
      i++;
      continue;
    }
    if (c === ')') {
      const f = stack.pop();
      i++;
      if (!f) continue;
      const q = readQuant(i);
      if (q) {
        if (q.repeats && f.unbounded) return src.slice(f.start, i + q.len);
        i += q.len;
        if (src[i] === '?') i++;
        // The group's content propagates unboundedness outward, and so does its own quantifier.
        if (stack.length && (f.unbounded || q.unbounded)) stack[stack.length - 1]!.unbounded = true;
      } else if (stack.length && f.unbounded) stack[stack.length - 1]!.unbounded = true;
      continue;
    }
    i++;
    const q = readQuant(i);
    if (q) {
      if (q.unbounded && stack.length) stack[stack.length - 1]!.unbounded = true;
      i += q.len;
      if (src[i] === '?') i++;
    }
  }
  return null;
}

/** Needs the `u` flag: property escapes, code-point escapes or astral characters. */
function needsUnicode(source: string): boolean {
  return /\\[pP]\{|\\u\{|[\uD800-\uDFFF]/.test(source);
}

/**
 * Compiles a vetted pattern. Patterns are vetted with `u`, but compiled without it unless
 * they need it: V8 runs BMP-only patterns about twice as fast without `u`, and for the
 * CJK and ASCII patterns of rule packs the two modes match the same strings.
 */
export function compilePattern(source: string, flags = PATTERN_FLAGS): RegExp {
  const f = needsUnicode(source) ? flags : flags.replace('u', '');
  return new RegExp(source, f);
}
