/**
 * Written-opinion benchmark (issue 17): draft the 合法性审查意见书 of a review with 200
 * findings across 200 articles (each with a quote, a cited basis and a 修改建议) and write it
 * as .docx — the side panel's 「导出」 and the CLI's --opinion. Median over repeated runs after
 * a warm-up; budget ≤ 300 ms median for generate + export. Exit 1 over budget.
 *
 *   npm run bench:opinion          (ROUNDS=21 to change the number of runs)
 */
import { performance } from 'node:perf_hooks';
import { buildOpinion } from '../rules/opinion';
import { opinionDocx } from '../rules/opinion/docx';
import { toChineseNumber } from '../rules/clauses';
import type { Finding } from '../rules/schema';

const N = 200;
const BUDGET_MS = 300;
const ROUNDS = Number(process.env.ROUNDS ?? 15);

const CLAUSE = '违反本办法规定的，由城市管理部门责令改正，处以2000元以上5000元以下罚款。';
const lines: string[] = ['汀江市城市管理综合执法暂行办法'];
const starts: number[] = [];
let len = lines[0]!.length;
for (let i = 1; i <= N; i++) {
  const line = `第${toChineseNumber(i)}条 ${CLAUSE}`;
  starts.push(len + 1 + line.indexOf('罚款'));
  lines.push(line);
  len += 1 + line.length;
}
const text = lines.join('\n');
const findings: Finding[] = starts.map((s, i) => ({
  ruleId: `national/NB-CF-${i % 7}`,
  kind: 'pattern',
  severity: i % 5 === 0 ? 'warning' : 'error',
  category: '合法性',
  message: `规范性文件不得设定行政处罚（第 ${i + 1} 处）：「罚款」`,
  basis: '《中华人民共和国行政处罚法》第十六条 [S-XZCF]',
  cite: `《中华人民共和国行政处罚法》第十六条；《规章制定程序条例》第${toChineseNumber((i % 30) + 1)}条`,
  range: { start: s, end: s + 2 },
  anchor: { exact: '罚款', prefix: '处以2000元以上5000元以下', suffix: '。' },
  suggestion: '删除该处罚规定，或改为「依照《…》第X条的规定处罚」援引上位法',
}));

async function once(): Promise<{ ms: number; items: number; bytes: number }> {
  const t0 = performance.now();
  const opinion = buildOpinion({
    findings,
    text,
    packs: [{ id: 'national', version: '1.6.0' }],
    docTitle: '汀江市城市管理综合执法暂行办法（送审稿）',
    drafter: '汀江市城市管理局',
    receivedDate: '2026-11-20',
    office: '汀江市司法局',
    reviewer: '张三',
    date: '2026-11-27',
  });
  const bytes = await opinionDocx(opinion);
  return { ms: performance.now() - t0, items: opinion.items.length, bytes: bytes.length };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

await once(); // warm-up: module initialisation and JIT
const runs: number[] = [];
let last = { ms: 0, items: 0, bytes: 0 };
for (let i = 0; i < ROUNDS; i++) {
  last = await once();
  runs.push(last.ms);
}
const med = median(runs);
console.log(
  `opinion: ${N} findings → ${last.items} items, .docx ${(last.bytes / 1024).toFixed(1)} KB; ` +
    `generate + export median ${med.toFixed(1)} ms (min ${Math.min(...runs).toFixed(1)}, max ${Math.max(...runs).toFixed(1)}, ${ROUNDS} runs); budget ${BUDGET_MS} ms`,
);
if (last.items !== N) {
  console.error(`expected ${N} items, got ${last.items}`);
  process.exitCode = 1;
} else if (med > BUDGET_MS) {
  console.error(`over budget: ${med.toFixed(1)} ms > ${BUDGET_MS} ms`);
  process.exitCode = 1;
}
