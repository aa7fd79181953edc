/**
 * Plausible review records written straight into the built extension's database, for the
 * benchmarks that need a large log (bench:options, bench:xlsx). Records carry what today's
 * extension stores: the office fields (schema version 4), and on some of them a 公平竞争审查,
 * a reason for the conclusion, a written opinion's reference, earlier saves of the round and
 * the file they came from. They are written behind Dexie's back, so nothing derived from them
 * (statistics aggregate, export summaries) is written with them.
 */
import type { Page } from 'playwright-core';

/**
 * Write `n` plausible review records straight into the extension's database (the page must
 * be an extension page that has opened it, so the schema exists). Runs in the page.
 */
export async function seedRecords(page: Page, n: number): Promise<number> {
  return page.evaluate(async (count) => {
    const db: IDBDatabase = await new Promise((res, rej) => {
      const q = indexedDB.open('guishen');
      q.onsuccess = () => res(q.result);
      q.onerror = () => rej(q.error);
    });
    const conclusions = ['通过', '修改后通过', '不予通过'];
    const reviewers = ['张三', '李四', '王五', '赵六'];
    const topics = [
      '住宅专项维修资金',
      '城市绿地认养',
      '网络预约出租汽车',
      '农贸市场',
      '电动自行车',
    ];
    const start = Date.UTC(2021, 0, 4, 1);
    const t0 = performance.now();
    for (let c = 0; c < count; c += 10_000) {
      await new Promise<void>((res, rej) => {
        const tx = db.transaction('records', 'readwrite');
        const store = tx.objectStore('records');
        for (let i = c; i < Math.min(count, c + 10_000); i++) {
          // Spread over five years, a few minutes apart, ids unique and random-looking.
          const at = new Date(start + i * 1_570_000).toISOString();
          const year = at.slice(0, 4);
          const normative = i % 4 === 0;
          store.put({
            id: `${(i * 2654435761) % 4294967296}`.padStart(10, '0') + `-${i}`,
            docKey: `no:银政规〔${year}〕${i}号`,
            url: `https://www.yinhu.gov.cn/zwgk/zcwj/${i}.html`,
            title: `银湖市${topics[i % topics.length]}管理办法（第${i}号征求意见稿）`,
            docNumber: `银政${normative ? '规' : '发'}〔${year}〕${i}号`,
            registrationNumber: normative
              ? `YHGF-${year}-${String(i % 1000).padStart(3, '0')}`
              : null,
            classification: normative ? 'normative' : 'non-normative',
            conclusion: conclusions[i % 3],
            opinion:
              i % 7 === 0
                ? '建议删除第五条关于罚款的规定，规范性文件不得设定行政处罚。'
                : '经审查，制定主体适格，内容合法，程序规范，同意出台。',
            reviewer: reviewers[i % reviewers.length],
            reviewedAt: at,
            docTitle: `银湖市${topics[i % topics.length]}管理办法`,
            drafter: ['市住房和城乡建设局', '市市场监督管理局', '市交通运输局'][i % 3],
            receivedDate: at.slice(0, 10),
            dueDate: at.slice(0, 10),
            office: '银湖市司法局',
            ...(i % 3 === 2 ? { conclusionReason: '所列错误已与起草单位核实，不影响出台。' } : {}),
            ...(normative
              ? { competition: { concerns: true, conclusion: '符合' } }
              : { competition: { concerns: false, conclusion: null } }),
            ...(i % 5 === 0
              ? {
                  opinionRef: {
                    hash: 'd'.repeat(64),
                    items: i % 6,
                    conclusion: conclusions[i % 3],
                  },
                }
              : {}),
            ...(i % 4 === 1
              ? {
                  history: [
                    {
                      reviewedAt: at,
                      conclusion: '修改后通过',
                      opinion: '建议进一步明确第三条中的适用范围，并补充施行日期。',
                      reviewer: reviewers[(i + 1) % reviewers.length],
                    },
                  ],
                }
              : {}),
            ...(i % 10 === 3
              ? {
                  file: {
                    name: `银湖市${topics[i % topics.length]}管理办法（征求意见稿）.docx`,
                    format: 'docx',
                    size: 48_213,
                    sha256: 'e'.repeat(64),
                  },
                }
              : {}),
            round: 1,
            facts: {
              isDraft: i % 2 === 0,
              signedDate: at.slice(0, 10),
              publishDate: at.slice(0, 10),
              effectiveDate: at.slice(0, 10),
              validity: { years: normative ? 5 : null, until: null, expiry: null },
            },
            findingCounts: { error: i % 3, warning: i % 5, info: 0 },
            packs: [
              { id: 'national', version: '1.0.0', sha256: 'a'.repeat(64) },
              { id: 'common-local', version: '1.0.0', sha256: 'b'.repeat(64) },
            ],
            extensionVersion: '0.1.0',
            textHash: 'c'.repeat(64),
            createdAt: at,
            updatedAt: at,
            deletedAt: null,
          });
        }
        tx.oncomplete = () => res();
        tx.onerror = () => rej(tx.error);
      });
    }
    db.close();
    return performance.now() - t0;
  }, n);
}
