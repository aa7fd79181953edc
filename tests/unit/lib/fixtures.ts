/** Shared fixtures for the lib/ tests: fresh databases, records, findings, packs. */
import { afterEach } from 'vitest';
import type { Finding, Pack } from '@/rules/schema';
import { GuishenDB } from '@/lib/db';
import type { RecordRow } from '@/lib/entities';
import type { NewRecordInput } from '@/lib/records';

let counter = 0;

/** A database of its own for each test (fake-indexeddb is global to the test file). */
export function freshDb(): GuishenDB {
  counter += 1;
  return new GuishenDB(`guishen-test-${counter}-${Math.random().toString(36).slice(2)}`);
}

/**
 * A `freshDb` factory for one test file: call it at the top of the file, and every database it
 * makes is deleted after each test.
 */
export function dbPerTest(): () => GuishenDB {
  const made: GuishenDB[] = [];
  afterEach(async () => {
    for (const d of made.splice(0)) await d.delete();
  });
  return () => {
    const d = freshDb();
    made.push(d);
    return d;
  };
}

/** The error a browser raises when the origin's storage quota is exhausted. */
export function quotaError(): DOMException {
  return new DOMException('The quota has been exceeded.', 'QuotaExceededError');
}

/** A stub for a write method that fails with `quotaError()`. */
export function rejectWithQuota(): never {
  return Promise.reject(quotaError()) as never;
}

export function finding(over: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'national/doc-number-brackets',
    kind: 'pattern',
    severity: 'error',
    category: '格式',
    message: '发文字号年份应使用六角括号〔〕',
    basis: 'GB/T 9704—2012 第7.2.4条',
    range: { start: 10, end: 22 },
    anchor: { exact: '湘政发[2025]3号', prefix: '', suffix: '' },
    ...over,
  };
}

export function recordInput(over: Partial<NewRecordInput> = {}): NewRecordInput {
  return {
    url: 'https://www.hunan.gov.cn/zqyj/1.html',
    title: '某市行政规范性文件管理办法（征求意见稿）',
    docNumber: '某政发〔2025〕3号',
    registrationNumber: 'HNSG-2025-00012',
    classification: 'normative',
    conclusion: '通过',
    opinion: '同意出台。',
    reviewer: '张三',
    reviewedAt: '2025-03-14T02:00:00.000Z',
    facts: {
      effectiveDate: '2025-04-15',
      validity: { years: 5, until: null, expiry: '2030-04-14' },
    },
    findings: [finding(), finding({ severity: 'warning', category: '有效期' })],
    packs: [{ id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) }],
    extensionVersion: '0.1.0',
    ...over,
  };
}

/** A complete `records` row, for bulk-loading statistics fixtures. */
export function storedRecord(over: Partial<RecordRow> = {}): RecordRow {
  counter += 1;
  const id = over.id ?? `rec-${counter}`;
  return {
    id,
    docKey: `no:某政发〔2025〕${counter}号`,
    url: 'https://www.example.gov.cn/a.html',
    title: `文件${counter}`,
    docNumber: `某政发〔2025〕${counter}号`,
    registrationNumber: null,
    classification: 'non-normative',
    conclusion: '通过',
    opinion: '',
    reviewer: '李四',
    reviewedAt: '2025-06-01T02:00:00.000Z',
    round: 1,
    facts: { effectiveDate: null, validity: { years: null, until: null, expiry: null } },
    findingCounts: { error: 0, warning: 0, info: 0 },
    packs: [],
    extensionVersion: '0.1.0',
    textHash: null,
    createdAt: '2025-06-01T02:00:00.000Z',
    updatedAt: '2025-06-01T02:00:00.000Z',
    deletedAt: null,
    ...over,
  };
}

/** A small valid pack. */
export function pack(over: Partial<Pack> = {}): Pack {
  return {
    id: 'national',
    name: '国家层面通用规则',
    version: '1.0.0',
    jurisdiction: '全国',
    extends: [],
    params: {
      'validity.evaluationMonths': { value: 6, basis: '示例：有效期届满前6个月组织评估' },
    },
    rules: [
      {
        id: 'no-license',
        kind: 'pattern',
        severity: 'error',
        category: '合法性',
        message: '规范性文件不得设定行政许可',
        basis: '《中华人民共和国行政许可法》第十七条',
        enabled: true,
        options: { triggers: ['审批', '许可'] },
      },
      {
        id: 'no-fines',
        kind: 'pattern',
        severity: 'warning',
        category: '合法性',
        message: '规范性文件不得设定罚款',
        basis: '《中华人民共和国行政处罚法》第十六条',
        enabled: true,
        options: { triggers: ['罚款'] },
      },
    ],
    checklist: [],
    ...over,
  };
}
