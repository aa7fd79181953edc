/**
 * Times patterns on adversarial text, in a child process so that a pattern that never ends
 * can be killed (a regex match cannot be interrupted from inside its own thread).
 *
 * stdin: JSON `{ patterns: [{ source, flags }], size }`. stdout: one JSON line per pattern
 * before it runs (`{"start": i}`) and one after (`{"i": i, "ms": worst, "input": name}`).
 *
 * The inputs follow the usual attack shapes (as recheck and the OWASP examples build them):
 * for every repeat in the pattern, a prefix that reaches it, the repeat's body pumped to
 * `size` characters, then either nothing or a character that makes the rest fail; plus every
 * literal character of the pattern repeated, and whole sample matches repeated with their
 * last character removed.
 */
import { RegExpParser } from '@eslint-community/regexpp';

const parser = new RegExpParser({ ecmaVersion: 2025 });
const FAIL = '\u0001';

function literalChars(pattern) {
  const out = new Set();
  const walk = (n) => {
    if (!n) return;
    if (n.type === 'Character') out.add(String.fromCodePoint(n.value));
    if (n.type === 'CharacterClassRange') {
      out.add(String.fromCodePoint(n.min.value));
      out.add(String.fromCodePoint(n.max.value));
    }
    for (const k of ['alternatives', 'elements']) if (Array.isArray(n[k])) n[k].forEach(walk);
    if (n.element) walk(n.element);
  };
  walk(pattern);
  return [...out];
}

/** A character the set matches: one of the pattern's own characters when possible. */
function pick(node, literals, k) {
  const re = new RegExp(`^(?:${node.raw})$`, 'u');
  const fromLiterals = literals.filter((c) => re.test(c));
  if (fromLiterals.length) return fromLiterals[k % fromLiterals.length];
  for (const c of ['a', '0', ' ', '中', '文', 'Z', '_', '.', '-', '\n', '号', '〔'])
    if (re.test(c)) return c;
  for (let cp = 0x21; cp < 0x3000; cp++) {
    const c = String.fromCodePoint(cp);
    if (re.test(c)) return c;
  }
  return 'a';
}

/**
 * One string the node matches (roughly: assertions are ignored). `k` varies the choices;
 * `pump` = {node, n} repeats that quantifier's body n times; `stopAt` = a node: return the
 * text before it as `{prefix}`.
 */
function sample(node, ctx) {
  switch (node.type) {
    case 'Pattern':
    case 'Group':
    case 'CapturingGroup': {
      const alts = node.alternatives;
      return sample(alts[ctx.k % alts.length], ctx);
    }
    case 'Alternative':
      return node.elements.map((e) => sample(e, ctx)).join('');
    case 'Character':
      return String.fromCodePoint(node.value);
    case 'CharacterSet':
    case 'CharacterClass':
      return pick(node, ctx.literals, ctx.k);
    case 'Quantifier': {
      if (ctx.pump && ctx.pump.node === node) {
        const body = sample(node.element, { ...ctx, pump: null });
        const reps = Math.max(1, Math.ceil(ctx.pump.size / Math.max(1, body.length)));
        return body.repeat(reps);
      }
      const n = Math.min(node.max, Math.max(node.min, 2));
      let s = '';
      for (let i = 0; i < n; i++) s += sample(node.element, ctx);
      return s;
    }
    default:
      return '';
  }
}

function quantifiers(pattern) {
  const out = [];
  const walk = (n) => {
    if (!n) return;
    if (n.type === 'Quantifier') out.push(n);
    for (const k of ['alternatives', 'elements']) if (Array.isArray(n[k])) n[k].forEach(walk);
    if (n.element) walk(n.element);
  };
  walk(pattern);
  return out;
}

function inputs(source, size) {
  let pattern;
  try {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: true });
  } catch {
    pattern = parser.parsePattern(source, 0, source.length, { unicode: false });
  }
  const literals = literalChars(pattern);
  const out = [];
  const fit = (s) => (s.length > size ? s.slice(0, size) : s);
  for (const c of literals.slice(0, 24)) out.push([`repeat ${c}`, c.repeat(size) + FAIL]);
  for (let k = 0; k < 3; k++) {
    const s = sample(pattern, { k, literals, pump: null });
    if (!s) continue;
    const cut = s.length > 1 ? s.slice(0, -1) : s;
    out.push([`samples k=${k}`, fit(cut.repeat(Math.ceil(size / cut.length))) + FAIL]);
  }
  for (const q of quantifiers(pattern).slice(0, 12)) {
    for (let k = 0; k < 2; k++) {
      const s = sample(pattern, { k, literals, pump: { node: q, size } });
      out.push([`pump ${q.raw} k=${k}`, fit(s) + FAIL]);
      // Without what follows the pump: the prefix and the pump alone.
      const body = sample(q.element, { k, literals, pump: null });
      const at = s.indexOf(body.repeat(4));
      if (at >= 0)
        out.push([
          `pump-only ${q.raw} k=${k}`,
          fit(s.slice(0, at) + body.repeat(Math.ceil(size / Math.max(1, body.length)))) + FAIL,
        ]);
    }
  }
  return out;
}

let text = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (d) => (text += d));
process.stdin.on('end', () => {
  const { patterns, size } = JSON.parse(text);
  patterns.forEach(({ source, flags }, i) => {
    process.stdout.write(`${JSON.stringify({ start: i })}\n`);
    const re = new RegExp(source, flags.includes('g') ? flags : `${flags}g`);
    let worst = 0;
    let worstName = '';
    for (const [name, input] of inputs(source, size)) {
      // The best of two runs: the first may run in V8's regexp interpreter before tier-up,
      // and the machine is shared; a super-linear pattern is slow in both.
      let ms = Infinity;
      for (let run = 0; run < 2; run++) {
        re.lastIndex = 0;
        const t0 = performance.now();
        let m;
        while ((m = re.exec(input)) !== null) if (m[0] === '') re.lastIndex++;
        ms = Math.min(ms, performance.now() - t0);
      }
      if (ms > worst) {
        worst = ms;
        worstName = name;
      }
    }
    process.stdout.write(`${JSON.stringify({ i, ms: worst, input: worstName })}\n`);
  });
});
