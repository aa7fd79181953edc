/**
 * Hostile patterns and a timer that runs patterns on adversarial text in a child process.
 *
 * The corpus gathers known super-linear shapes: the OWASP ReDoS examples, the classic
 * e-mail / class-name / path validators from CVE reports, the shapes of the safe-regex and
 * recheck test suites (exponential: overlapping or nested repeats; polynomial: adjacent
 * repeats over the same characters, an unanchored repeat followed by what may be missing),
 * the shapes issue 20 found accepted, and the same shapes over CJK text as a pack would
 * write them.
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { compilePattern } from '../../../rules/regex';

export const HOSTILE_PATTERNS: readonly string[] = [
  // Exponential: nested repeats (OWASP, safe-regex).
  '^(a+)+$',
  '(a+)+b',
  '(a*)*b',
  '([a-zA-Z]+)*$',
  '(\\w+\\s?)*$',
  '^(\\d+)*$',
  '((ab)+c)+',
  '(?:x|y+){2,}',
  '(x+x+)+y',
  '^(([a-z])+.)+[A-Z]([a-z])+$',
  '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
  '^(\\w+\\.?)*\\w+@example\\.com$',
  '(\\d+[-.]?)+$',
  '^(\\s*,?)*$',
  '(?:[^"\\\\]+|\\\\.)*"',
  '^(\\/[\\w.-]+)+\\/?$',
  // Exponential: overlapping alternatives under a repeat (issue 20: `(a|a)*$`).
  '(a|a)*$',
  '(a|a)+$',
  '(a|ab)*c',
  '(a|aa)+$',
  '(a|a?)+$',
  '(.|a)*b',
  '(\\w|\\d)+$',
  '(\\s|\\S)*x',
  '(?:\\d|[0-9])*z',
  '(罚款|罚)*$',
  '(?:处以|处)+罚款$',
  // Alternatives under a bounded repeat.
  '(a|a){1,30}$',
  '(a|ab){2,40}c',
  '(?:\\w|\\d){1,40}!',
  '(.*a){12}',
  '(?:[^，]{0,20}，){1,30}罚款',
  '(?:罚|罚款){1,25}$',
  // Polynomial: adjacent repeats over overlapping characters (issue 20: `\d+\d+x`, `.*.*=`).
  '\\d+\\d+x',
  '.*.*=',
  '\\s*\\s*$',
  '\\w+\\d+\\w+z',
  'a+a+a+b',
  '[^。]*[^，]*罚款',
  '.*罚.*款.*处',
  '\\d*[0-9]*\\D',
  // Polynomial: an unanchored repeat that the rest can make fail (trim, quote scanning).
  '\\s+$',
  '\\s*$',
  '[^。]*罚款',
  '.*=.*',
  '\\d+号',
  '"[^"]*$',
  '[\\u4e00-\\u9fa5]+规',
  '(?:\\S+)x',
  'a*b',
  // Quantified and repeated lookarounds, backreferences.
  '(?=a)*a',
  '(?=a+)+b',
  '(?=(a+))+b',
  '(?:(?=\\w)\\w)+\\W',
  '(?=.*罚款).*处罚',
  '(?![^。]*批准)[^。]*许可',
  '(?<=[^。]*须经)批准',
  '(a)\\1+b',
  '(\\w+)\\s\\1',
  '(?<w>\\d+)\\k<w>x',
  // Huge alternations (issue 20: 20,000 triggers joined).
  Array.from({ length: 20_000 }, (_, i) => `词${i}`).join('|'),
  Array.from({ length: 150 }, (_, i) => `w${i}`).join('|'),
  `(?:${Array.from({ length: 120 }, (_, i) => `字${i}`).join('|')})+`,
  // Hidden behind groups and classes.
  '(?:(?:a))*(?:a)*$',
  '((?:a|b)|(?:a|c))*d',
  '([\\s\\S])*?x\\1',
  '^(?:[a-z]+|\\d+)*[A-Z]$',
  '(?:a{1,5}){1,20}$',
  '^(?:.?){40}a{40}$',
];

/** The timing of one pattern: worst milliseconds over the inputs, or null when killed. */
export interface Timing {
  source: string;
  ms: number | null;
  input: string;
}

/** Run from the repository root (vitest's and tsx's working directory). */
const CHILD = resolve(process.cwd(), 'tests/unit/rules/redos-child.mjs');

/**
 * Time each pattern (compiled as the engine compiles it) on adversarial inputs of `size`
 * characters in one child process; a pattern still running after `timeoutMs` in all is
 * reported with `ms: null`, and the remaining ones run in a fresh child.
 */
export function timePatterns(
  sources: readonly string[],
  { size = 50_000, timeoutMs = 20_000 } = {},
): Timing[] {
  const out: Timing[] = [];
  let rest = [...sources];
  while (rest.length) {
    const patterns = rest.map((source) => ({ source, flags: compilePattern(source).flags }));
    const r = spawnSync(process.execPath, [CHILD], {
      input: JSON.stringify({ patterns, size }),
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
      maxBuffer: 1 << 24,
    });
    const lines = (r.stdout ?? '').split('\n').filter(Boolean);
    let started = -1;
    let done = 0;
    for (const line of lines) {
      const msg = JSON.parse(line) as { start?: number; i?: number; ms?: number; input?: string };
      if (msg.start !== undefined) started = msg.start;
      else {
        out.push({ source: rest[msg.i!]!, ms: msg.ms!, input: msg.input! });
        done = msg.i! + 1;
      }
    }
    if (done === rest.length) break;
    if (r.status !== null && r.status !== 0 && started < done) throw new Error(r.stderr);
    // The pattern that was running when the child was killed.
    out.push({ source: rest[started]!, ms: null, input: '(killed)' });
    rest = rest.slice(started + 1);
  }
  return out;
}
