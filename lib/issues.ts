/**
 * Turning zod issues into precise Chinese reasons: which pack, which rule, which field, and
 * what is wrong with it. Used by pack import, backup restore and message validation.
 */
import { z } from 'zod';

/** zod's built-in Chinese messages, passed per parse (never configured globally). */
export const zhErrorMap = z.locales.zhCN().localeError;

/** One problem, with a Chinese path and message. */
export interface Issue {
  /** e.g. 「规则包“hn-local” › 第3条规则“validity-cap” › 严重程度(severity)」 */
  path: string;
  message: string;
}

/** Chinese labels of the fields of packs, records and backups. */
const FIELD_LABELS: Record<string, string> = {
  id: '标识',
  name: '名称',
  version: '版本',
  jurisdiction: '适用地区',
  description: '说明',
  extends: '继承',
  params: '参数',
  value: '取值',
  basis: '依据',
  rules: '规则',
  checklist: '审查清单',
  kind: '规则类型',
  severity: '严重程度',
  category: '类别',
  message: '提示语',
  enabled: '启用',
  options: '选项',
  group: '分组',
  label: '名称',
  facts: '事实',
  format: '格式',
  tables: '数据表',
  checksum: '校验和',
  docKey: '文件标识',
  url: '网址',
  title: '标题',
  docNumber: '发文字号',
  registrationNumber: '登记号',
  classification: '文件类别',
  conclusion: '审查结论',
  opinion: '审查意见',
  reviewer: '审查人',
  reviewedAt: '审查时间',
  round: '轮次',
  findingCounts: '问题数',
  findings: '问题',
  packs: '规则包',
  extensionVersion: '扩展版本',
  textHash: '文本哈希',
  createdAt: '创建时间',
  updatedAt: '更新时间',
  deletedAt: '删除时间',
  effectiveDate: '施行日期',
  validity: '有效期',
  text: '正文',
  recordId: '审查记录',
  manual: '人工勾选',
  dismissed: '忽略原因',
  type: '消息类型',
  tabId: '标签页',
  report: '审查结果',
  locations: '文件中的位置',
};

/** Chinese names of list items by their parent field (第3条规则, 第2个审查记录 …). */
const ITEM_LABELS: Record<string, string> = {
  rules: '条规则',
  checklist: '项清单',
  records: '条审查记录',
  recordFindings: '组审查问题',
  packs: '个规则包',
  overrides: '条规则调整',
  docVersions: '个文件版本',
  settings: '条设置',
  findings: '个问题',
  extends: '项继承',
};

/** The table names of a backup, in Chinese. */
export const TABLE_LABELS: Record<string, string> = {
  packs: '规则包',
  overrides: '规则调整',
  records: '审查记录',
  recordFindings: '审查问题',
  docVersions: '文件版本',
  checklist: '审查清单状态',
  settings: '设置',
};

function field(key: string): string {
  const label = FIELD_LABELS[key];
  return label ? `${label}(${key})` : key;
}

/**
 * A readable Chinese path for `path` inside `root`: list items are numbered from 1 and named
 * by their id when they have one, so the reviewer can find the place in the file.
 */
export function describePath(path: ReadonlyArray<PropertyKey>, root: unknown, prefix = ''): string {
  const parts: string[] = prefix ? [prefix] : [];
  let node: unknown = root;
  let parentKey = '';
  for (const key of path) {
    const child =
      node !== null && typeof node === 'object'
        ? (node as Record<PropertyKey, unknown>)[key as string]
        : undefined;
    if (typeof key === 'number') {
      const childId =
        child && typeof child === 'object' ? (child as { id?: unknown }).id : undefined;
      const id = typeof childId === 'string' ? `“${childId}”` : '';
      parts.push(`第${key + 1}${ITEM_LABELS[parentKey] ?? '项'}${id}`);
    } else if (parentKey === 'tables' && TABLE_LABELS[String(key)]) {
      parts.push(TABLE_LABELS[String(key)]!);
    } else {
      parts.push(field(String(key)));
    }
    parentKey = String(key);
    node = child;
  }
  return parts.join(' › ') || '（整个文件）';
}

/** zod issues → Chinese issues against the parsed input. */
export function toIssues(error: z.ZodError, root: unknown, prefix = ''): Issue[] {
  return error.issues.map((issue) => ({
    path: describePath(issue.path, root, prefix),
    message: issue.message,
  }));
}

/** One line per issue, for a message box. */
export function formatIssues(issues: readonly Issue[]): string {
  return issues.map((i) => `${i.path}：${i.message}`).join('\n');
}
