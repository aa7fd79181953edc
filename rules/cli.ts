/**
 * 规审 command line: check documents against the seed rule packs.
 *
 *   npm run check -- [--pack ID] [--today YYYY-MM-DD] [--format text|json] FILE|DIR|- ...
 *   npm run check -- --opinion OUTDIR FILE|DIR ...   (also writes <name>.审查意见书.docx each)
 *
 * .html/.htm pages go through the main-content extraction, .txt files are read as text, `-`
 * reads stdin (HTML when it starts with `<`). Word (.docx), PDF and OFD files are read by the
 * readers of rules/formats/ (the format sniffed from the bytes; .doc/.wps get the message to
 * save them as .docx), and each finding's location in the file (page and line, or paragraph)
 * is printed beside its offsets. A folder is checked file by file and followed by
 * a summary table (for the annual 清理: which documents have lapsed, which lack a validity
 * period). Exit status: 0 when every file was checked, 1 when a file could not be read or an
 * argument is wrong — findings alone do not fail the run.
 */
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, join, extname, dirname } from 'node:path';
import { compilePacks, check, type CompiledPacks } from './engine';
import { modelFromHtml, modelFromText } from './model';
import { seedPacks, DEFAULT_PACK_ID } from './seeds';
import { LineIndex, dropReadingAids } from './text';
import {
  FormatError,
  fileModel,
  locate,
  locationLabel,
  readFile,
  sniff,
  type FileDocument,
  type PdfJs,
  type SourceLocation,
} from './formats';
import type { Report, Finding } from './schema';
import { buildOpinion } from './opinion';
import { opinionDocx, opinionFileName } from './opinion/docx';

type Args = {
  packs: string[];
  today: string;
  format: 'text' | 'json';
  inputs: string[];
  /** Folder to write one 审查意见书 (.docx) per document into. */
  opinion?: string;
};

const USAGE =
  '用法: npm run check -- [--pack ID] [--today YYYY-MM-DD] [--format text|json] [--opinion 输出文件夹] FILE|DIR|- ...\n' +
  `可用规则包: ${seedPacks.map((p) => p.id).join(', ')}（默认 ${DEFAULT_PACK_ID}）`;

function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** Parses argv; returns an error string for bad arguments. */
export function parseArgs(argv: string[]): Args | string {
  const a: Args = { packs: [], today: localToday(), format: 'text', inputs: [] };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i]!;
    const eq = x.indexOf('=');
    const [flag, inline] =
      x.startsWith('--') && eq > 0 ? [x.slice(0, eq), x.slice(eq + 1)] : [x, undefined];
    const value = () => inline ?? argv[++i];
    if (flag === '--pack') {
      const v = value();
      if (!v) return '--pack 需要规则包编号';
      a.packs.push(...v.split(','));
    } else if (flag === '--today') {
      const v = value();
      if (!v || !/^\d{4}-\d{2}-\d{2}$/.test(v)) return '--today 需要 YYYY-MM-DD 格式的日期';
      a.today = v;
    } else if (flag === '--format') {
      const v = value();
      if (v !== 'text' && v !== 'json') return '--format 只能是 text 或 json';
      a.format = v;
    } else if (flag === '--opinion') {
      const v = value();
      if (!v || v.startsWith('--')) return '--opinion 需要输出文件夹';
      a.opinion = v;
    } else if (flag === '--help' || flag === '-h') return USAGE;
    else if (x.startsWith('--')) return `未知选项 ${x}`;
    else a.inputs.push(x);
  }
  if (a.inputs.length === 0) return USAGE;
  return a;
}

const DOC_EXT = new Set(['.html', '.htm', '.txt', '.docx', '.pdf', '.ofd', '.doc', '.wps']);

/** pdf.js for Node: the legacy build, with its standard fonts and CMaps from the package. */
async function nodePdfjs(): Promise<PdfJs> {
  return (await import('pdfjs-dist/legacy/build/pdf.mjs')) as unknown as PdfJs;
}
function pdfAssets(): Record<string, unknown> {
  try {
    const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
    return {
      standardFontDataUrl: join(root, 'standard_fonts') + '/',
      cMapUrl: join(root, 'cmaps') + '/',
      cMapPacked: true,
    };
  } catch {
    return {};
  }
}

/** Expands folders into their documents (sorted); files and `-` pass through. */
function expand(inputs: string[]): { files: string[]; dirs: boolean } {
  const files: string[] = [];
  let dirs = false;
  for (const x of inputs) {
    if (x === '-') {
      files.push(x);
      continue;
    }
    let isDir = false;
    try {
      isDir = statSync(x).isDirectory();
    } catch {
      /* reported when read */
    }
    if (isDir) {
      dirs = true;
      for (const name of readdirSync(x).sort())
        if (DOC_EXT.has(extname(name).toLowerCase())) files.push(join(x, name));
    } else files.push(x);
  }
  return { files, dirs };
}

/** Whether the bytes decode as UTF-8 without a replacement. */
function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

/** Decodes bytes, honouring a GBK/GB2312 charset declaration (common on older portals). */
function decode(buf: Buffer): string {
  const head = buf.subarray(0, 2048).toString('latin1').toLowerCase();
  // A whole label only: browsers ignore an invalid one such as 「gb2312-x」 and read UTF-8.
  const m = /charset\s*=\s*["']?\s*(gb2312|gbk|gb18030)(?![\w-])/.exec(head);
  // Bytes that are valid UTF-8 are UTF-8 whatever the page claims (a re-saved page).
  if (m && !isUtf8(buf)) return new TextDecoder('gb18030').decode(buf);
  return buf.toString('utf8').replace(/^\uFEFF/, '');
}

/** One checked input: its report, text and file provenance, or why it could not be read. */
export type Result =
  | { file: string; report: Report; text: string; source: FileDocument | null }
  | { file: string; error: string };

/** Whether the bytes are a file format (Word, PDF, OFD, old Office) rather than text/HTML. */
function isFileFormat(buf: Uint8Array, file: string): boolean {
  if (/\.(docx|pdf|ofd|doc|wps)$/i.test(file)) return true;
  const s = sniff(buf.subarray(0, Math.min(buf.length, 4096)));
  return s.format !== null || (s.format === null && s.error.code !== 'unknown');
}

async function checkOne(file: string, compiled: CompiledPacks, today: string): Promise<Result> {
  let buf: Buffer;
  try {
    buf = file === '-' ? readFileSync(0) : readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? '文件不存在'
        : code === 'EACCES'
          ? '没有读取权限'
          : code === 'EISDIR'
            ? '是文件夹'
            : (e as Error).message;
    return { file, error: `无法读取：${why}` };
  }
  if (isFileFormat(buf, file)) {
    try {
      const source = await readFile(new Uint8Array(buf.buffer, buf.byteOffset, buf.length), {
        name: file,
        pdfjs: nodePdfjs,
        pdfOptions: pdfAssets(),
      });
      const model = fileModel(source);
      return { file, report: check(model, compiled, { today }), text: model.text, source };
    } catch (e) {
      if (e instanceof FormatError) return { file, error: e.message };
      return { file, error: `无法读取：${(e as Error).message}` };
    }
  }
  const content = decode(buf);
  const isHtml = file === '-' ? /^\s*</.test(content) : /\.html?$/i.test(file);
  // Plain text is read as printed: without the pinyin aids some law sites insert (「關(guān)」).
  const model = isHtml ? modelFromHtml(content) : modelFromText(dropReadingAids(content));
  return { file, report: check(model, compiled, { today }), text: model.text, source: null };
}

/** Where a finding is: page and line or paragraph in a file, the line in a text. */
function locationOf(
  r: Extract<Result, { report: Report }>,
  offset: number,
  lines: LineIndex,
): SourceLocation {
  if (r.source) return locate(r.source, offset) ?? {};
  return { line: lines.lineOf(offset) + 1 };
}

const SEV: Record<Finding['severity'], string> = { error: '错误', warning: '警告', info: '提示' };

/** Human-readable report of one file: facts, classification, findings by category. */
function formatText(r: Extract<Result, { report: Report }>): string {
  const { report, text } = r;
  const f = report.facts;
  const c = report.classification;
  const lines = new LineIndex(text);
  const out: string[] = [`== ${r.file}`];
  for (const n of r.source?.notices ?? []) out.push(`  注意: ${n}`);
  const v = f.validity;
  out.push(`  标题: ${f.title ?? '—'}`);
  out.push(
    `  发文字号: ${f.docNumber ?? '—'}    登记号: ${f.registrationNumber ?? '—'}    发文机关: ${f.issuer ?? '—'}`,
  );
  out.push(
    `  公布: ${f.publishDate ?? '—'}    施行: ${f.effectiveDate ?? '—'}    有效期: ${v.years !== null ? v.years + '年' : v.until ? '至' + v.until : '—'}${v.expiry ? `（届满 ${v.expiry}）` : ''}${f.trial ? '    暂行/试行' : ''}`,
  );
  if (f.isDraft) out.push(`  草案: 是    意见截止: ${f.commentDeadline ?? '—'}`);
  if (f.attachments.length) out.push(`  附件: ${f.attachments.map((a) => a.name).join('；')}`);
  out.push(
    `  分类: ${c.isDocument ? c.level : '不是公文'}${c.isDraft ? '（草案）' : ''}    规范性: ${c.normative ? '是' : '否'}（得分 ${c.score}）`,
  );
  for (const reason of c.reasons.slice(0, 6))
    out.push(
      `    ${reason.weight >= 0 ? '+' : '−'}${+Math.abs(reason.weight).toFixed(2)} ${reason.text}`,
    );
  if (report.findings.length === 0) out.push('  未发现问题');
  const byCat = new Map<string, Finding[]>();
  for (const x of report.findings) byCat.set(x.category, [...(byCat.get(x.category) ?? []), x]);
  for (const [cat, list] of byCat) {
    out.push(`  【${cat}】`);
    for (const x of list) {
      const where = r.source
        ? locationLabel(locationOf(r, x.range.start, lines))
        : `L${lines.lineOf(x.range.start) + 1}`;
      const quote = x.anchor.exact.length > 40 ? x.anchor.exact.slice(0, 40) + '…' : x.anchor.exact;
      out.push(`    ${where} ${SEV[x.severity]} ${x.ruleId}: ${x.message}`);
      if (quote)
        out.push(
          `         「${quote.replace(/\n/g, ' ')}」${x.suggestion ? ` → ${x.suggestion}` : ''}`,
        );
    }
  }
  const failed = report.checklist.filter((i) => i.status === 'fail');
  if (failed.length)
    out.push(`  清单未通过: ${failed.map((i) => `${i.group}·${i.label}`).join('；')}`);
  return out.join('\n');
}

/** One row per file for the folder summary (清理台账). */
function summaryRow(r: Result, today: string): string[] {
  if ('error' in r) return [r.file, '读取失败', '', '', '', ''];
  const f = r.report.facts;
  const c = r.report.classification;
  const ids = new Set(r.report.findings.map((x) => x.ruleId.split('/')[1]));
  let status = '—';
  if (c.isDraft) status = '草案';
  else if (ids.has('VP-LAPSED')) status = '已失效';
  else if (ids.has('VP-EVAL-DUE')) status = '评估期';
  else if (c.normative && !f.validity.years && !f.validity.until) status = '无有效期';
  else if (f.validity.expiry && f.validity.expiry >= today) status = '有效';
  const errors = r.report.findings.filter((x) => x.severity === 'error').length;
  const warnings = r.report.findings.filter((x) => x.severity === 'warning').length;
  return [
    r.file.split('/').pop()!,
    c.isDocument ? c.level + (c.isDraft ? '(草案)' : '') : '非公文',
    f.docNumber ?? '—',
    f.validity.expiry ?? '—',
    status,
    `${errors}/${warnings}`,
  ];
}

/** East-Asian-width-aware padding so the table lines up in a terminal. */
function pad(s: string, w: number): string {
  let width = 0;
  for (const ch of s) width += /[\u1100-\uFFFF]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(0, w - width));
}
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\uFFFF]/.test(ch) ? 2 : 1;
  return w;
}

function table(rows: string[][]): string {
  const head = ['文件', '类型', '发文字号', '有效期届满', '状态', '错误/警告'];
  const all = [head, ...rows];
  const ws = head.map((_, i) => Math.max(...all.map((r) => width(r[i] ?? ''))));
  return all
    .map((r) =>
      r
        .map((x, i) => pad(x, ws[i]!))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * Writes one 合法性审查意见书 per checked document into `dir` (created if missing):
 * `<name>.审查意见书.docx`, drafted from the report as the extension drafts it (every finding
 * accepted, the conclusion proposed, the reviewer left blank). Same names get (2), (3) ….
 * Returns the path written for each result (null for unreadable documents).
 */
export async function writeOpinions(
  results: readonly Result[],
  dir: string,
  today: string,
): Promise<Array<string | null>> {
  mkdirSync(dir, { recursive: true });
  const names = new Map(seedPacks.map((p) => [p.id, p.name]));
  const used = new Set<string>();
  const out: Array<string | null> = [];
  for (const r of results) {
    if ('error' in r) {
      out.push(null);
      continue;
    }
    const base = r.file === '-' ? (r.report.facts.title ?? '标准输入') : basename(r.file);
    const source = r.source;
    const opinion = buildOpinion({
      findings: r.report.findings,
      text: r.text,
      checklist: r.report.checklist,
      packs: r.report.packs,
      packNames: Object.fromEntries(names),
      ...(source ? { locate: (o: number) => locationLabel(locate(source, o)) } : {}),
      docTitle: r.report.facts.title ?? base.replace(/\.[^.]+$/, ''),
      date: today,
    });
    let name = opinionFileName(base);
    for (let n = 2; used.has(name); n++)
      name = opinionFileName(`${base.replace(/\.[^.]+$/, '')}(${n})`);
    used.add(name);
    const path = join(dir, name);
    writeFileSync(path, await opinionDocx(opinion));
    out.push(path);
  }
  return out;
}

/** Entry point; resolves to the exit code. */
export async function main(
  argv: string[],
  write: (s: string) => void = (s) => process.stdout.write(s),
  writeErr: (s: string) => void = (s) => process.stderr.write(s),
): Promise<number> {
  const args = parseArgs(argv);
  if (typeof args === 'string') {
    writeErr(args + '\n');
    return args === USAGE && argv.some((x) => x === '--help' || x === '-h') ? 0 : 1;
  }
  const ids = args.packs.length ? args.packs : [DEFAULT_PACK_ID];
  const unknown = ids.filter((id) => !seedPacks.some((p) => p.id === id));
  if (unknown.length) {
    writeErr(`未知规则包：${unknown.join(', ')}\n${USAGE}\n`);
    return 1;
  }
  const compiled = compilePacks(seedPacks, ids);
  for (const w of compiled.warnings) writeErr(`警告：${w}\n`);
  const { files, dirs } = expand(args.inputs);
  const results: Result[] = [];
  for (const f of files) results.push(await checkOne(f, compiled, args.today));
  let failed = false;
  let opinions: Array<string | null> = [];
  if (args.opinion) {
    try {
      opinions = await writeOpinions(results, args.opinion, args.today);
    } catch (e) {
      writeErr(`无法写入审查意见书：${(e as Error).message}\n`);
      return 1;
    }
  }
  if (args.format === 'json') {
    const out = results.map((r, i) => {
      if ('error' in r) {
        failed = true;
        return { file: r.file, error: r.error };
      }
      const { facts, classification, checklist } = r.report;
      const lines = new LineIndex(r.text);
      // Each finding's place in the file beside its offsets (page/line for PDF and OFD,
      // paragraph for Word, line for text and pages).
      const findings = r.report.findings.map((x) => ({
        ...x,
        location: locationOf(r, x.range.start, lines),
      }));
      const fileInfo = r.source
        ? { format: r.source.format, pages: r.source.pages, notices: r.source.notices }
        : {};
      const opinionFile = opinions[i] ? { opinionFile: opinions[i] } : {};
      return {
        file: r.file,
        ...fileInfo,
        facts,
        classification,
        findings,
        checklist,
        ...opinionFile,
      };
    });
    write(JSON.stringify(out, null, 2) + '\n');
  } else {
    results.forEach((r, i) => {
      if ('error' in r) {
        failed = true;
        writeErr(`== ${r.file}\n  ${r.error}\n`);
      } else write(formatText(r) + (opinions[i] ? `\n  审查意见书: ${opinions[i]}` : '') + '\n\n');
    });
    if (dirs || results.length > 1)
      write(table(results.map((r) => summaryRow(r, args.today))) + '\n');
  }
  return failed ? 1 : 0;
}

// Run when executed directly (tsx rules/cli.ts), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (/cli\.[cm]?[jt]s$/.test(invoked))
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
