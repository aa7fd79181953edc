/** The 办公室共享日志 section over a real database, and the office's statistics. */
import { screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { OfficeSection } from '../../../../components/options/OfficeSection';
import { updateSettings } from '../../../../lib/records';
import { countDocuments, officeStats } from '../../../../lib/office/stats';
import { freshState } from '../../../../lib/office/state';
import { storedRecord } from '../../lib/fixtures';
import { setup } from './setup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function connected(state: Partial<ReturnType<typeof freshState>> = {}) {
  const s = await setup();
  cleanups.push(() => s.db.delete());
  await s.db.office.bulkPut([
    {
      id: 'config',
      url: 'http://127.0.0.1:5984/office',
      user: 'alice',
      cipher: new ArrayBuffer(8),
      iv: new Uint8Array(12),
      shareTexts: false,
      lead: false,
      connectedAt: '2025-01-01T00:00:00.000Z',
    },
    { ...freshState(), ...state },
  ]);
  return s;
}

describe('办公室共享日志', () => {
  it.each([
    [{ status: 'synced' as const }, '已同步'],
    [{ status: 'pending' as const, pending: 3 }, '待同步 3 条'],
    [{ status: 'offline' as const }, '离线'],
    [
      { status: 'error' as const, error: '登录已失效或密码已更改，请在选项页重新连接' },
      '错误：登录已失效或密码已更改，请在选项页重新连接',
    ],
  ])('shows the sync state %o as 「%s」', async (state, label) => {
    const s = await connected(state);
    s.view(<OfficeSection />);
    expect((await screen.findByTestId('office-sync-status')).textContent).toBe(label);
  });

  it('warns for good about plain http, says when it last synced, and counts conflicts', async () => {
    const s = await connected({
      status: 'synced',
      lastSyncAt: '2025-03-01T02:00:00.000Z',
      conflicts: 2,
    });
    s.view(<OfficeSection />);
    expect((await screen.findByTestId('office-http-warning')).textContent).toMatch(/不加密的 http/);
    expect(screen.getByTestId('office-last-sync').textContent).toMatch(/^最近同步：2025/);
    expect(screen.getByTestId('office-conflicts').textContent).toMatch(
      /^2 条记录在两台电脑上被同时修改/,
    );
  });

  it('lists what was refused, as text (markup from the server is never rendered)', async () => {
    const s = await connected({ status: 'synced' });
    await s.db.officeRejects.put({
      docId: 'record:<img src=x onerror=alert(1)>',
      rev: '1-a',
      direction: 'in',
      reason: '服务器文档 › 标题：<b>过长</b>',
      at: '2025-03-01T02:00:00.000Z',
    });
    const { container } = s.view(<OfficeSection />);
    const list = await screen.findByTestId('office-rejects');
    expect(
      within(list).getByText(
        /来自服务器，未导入：record:<img src=x onerror=alert\(1\)>：服务器文档 › 标题：<b>过长<\/b>/,
      ),
    ).toBeTruthy();
    expect(container.querySelector('img, b')).toBeNull();
  });

  it('says which records go to a newly connected database, and offers the reviewer’s own earlier ones', async () => {
    const sent: string[] = [];
    const s = await setup({
      office: {
        send: (async (msg: { type: string }) => {
          sent.push(msg.type);
          await s.db.office.put({ ...freshState(), status: 'synced', held: [] });
          return { written: 2 };
        }) as never,
        requestOrigin: async () => true,
      },
    });
    cleanups.push(() => s.db.delete());
    await s.db.office.bulkPut([
      {
        id: 'config',
        url: 'https://couch.example.gov.cn/city',
        user: 'alice',
        cipher: new ArrayBuffer(8),
        iv: new Uint8Array(12),
        shareTexts: false,
        lead: false,
        connectedAt: '2025-01-01T00:00:00.000Z',
      },
      { ...freshState(), status: 'synced', held: ['r1', 'r2'] },
    ]);
    s.view(<OfficeSection />);
    expect((await screen.findByTestId('office-switch-rule')).textContent).toMatch(
      /同事的记录不会上传到新数据库；您本人此前的记录只在您确认“上传”后才上传/,
    );
    expect((await screen.findByTestId('office-held')).textContent).toMatch(
      /^本机有 2 条本人记录尚未在此数据库中，上传？/,
    );
    screen.getByTestId('office-upload-held').click();
    await waitFor(() =>
      expect(screen.getByTestId('office-held-status').textContent).toBe('已上传 2 条本人记录。'),
    );
    expect(sent).toEqual(['officeUploadHeld']);
    await waitFor(() => expect(screen.queryByTestId('office-held')).toBeNull());
  });

  it('shows the connect form only, before an office is connected', async () => {
    const s = await setup();
    cleanups.push(() => s.db.delete());
    s.view(<OfficeSection />);
    await screen.findByTestId('office-form');
    expect(screen.queryByTestId('office-state')).toBeNull();
    expect((screen.getByTestId('office-connect') as HTMLButtonElement).disabled).toBe(true);
  });

  it("gives the office's report sentence with each document counted once", async () => {
    const s = await connected({ status: 'synced' });
    await updateSettings(s.db, { reviewerName: '张三' });
    // The section opens on the reviewer's current year.
    const y = new Date().getFullYear();
    const reviewedAt = `${y}-06-01T02:00:00.000Z`;
    await s.db.records.bulkAdd([
      storedRecord({
        id: 'a1',
        docKey: 'no:A',
        reviewer: '张三',
        round: 1,
        classification: 'normative',
        reviewedAt,
      }),
      storedRecord({
        id: 'a2',
        docKey: 'no:A',
        reviewer: '李四',
        round: 2,
        classification: 'normative',
        reviewedAt,
      }),
      storedRecord({ id: 'b1', docKey: 'no:B', reviewer: '李四', round: 1, reviewedAt }),
    ]);
    s.view(<OfficeSection />);
    await waitFor(() =>
      expect(screen.getByTestId('office-sentence').textContent).toBe(
        `${y}年1月1日至${y}年12月31日共审查各类文件2件，其中行政规范性文件1件，非规范性文件1件`,
      ),
    );
  });
});

describe('the office statistics count documents, not records', () => {
  const range = { from: '2025-01-01', to: '2025-12-31' };
  const rows = [
    // One document, reviewed by two colleagues in two rounds: non-normative first, then normative.
    storedRecord({
      id: 'a1',
      docKey: 'no:A',
      reviewer: '张三',
      round: 1,
      classification: 'non-normative',
    }),
    storedRecord({
      id: 'a2',
      docKey: 'no:A',
      reviewer: '李四',
      round: 2,
      classification: 'normative',
    }),
    storedRecord({ id: 'b1', docKey: 'no:B', reviewer: '张三', round: 1 }),
    storedRecord({
      id: 'c1',
      docKey: 'no:C',
      reviewer: '张三',
      deletedAt: '2025-07-01T00:00:00.000Z',
    }),
  ];

  it('counts each document once, as its latest round classified it', () => {
    const s = countDocuments(rows, 'office', range, '张三');
    expect([s.total, s.normative, s.nonNormative, s.records]).toEqual([2, 1, 1, 3]);
    // Most documents first; equal counts in pinyin order (李 before 张).
    expect(s.byReviewer).toEqual([
      { reviewer: '李四', documents: 1, normative: 1 },
      { reviewer: '张三', documents: 1, normative: 0 },
    ]);
  });

  it('counts only my own records for 本人', () => {
    const s = countDocuments(rows, 'mine', range, '张三');
    expect([s.total, s.normative, s.nonNormative, s.records]).toEqual([2, 0, 2, 2]);
  });
  it('counts only the connected database’s records: not a colleague’s kept from another office', async () => {
    const s = await setup();
    cleanups.push(() => s.db.delete());
    const reviewedAt = '2025-06-01T02:00:00.000Z';
    await s.db.records.bulkAdd([
      storedRecord({ id: 'city1', docKey: 'no:C1', reviewer: '张三', reviewedAt }),
      storedRecord({ id: 'city2', docKey: 'no:C2', reviewer: '王五', reviewedAt }),
      // From the county database this browser was connected to before.
      storedRecord({ id: 'county1', docKey: 'no:X', reviewer: '李四', reviewedAt }),
    ]);
    await s.db.office.bulkPut([
      { id: 'base:city1', rev: '1-a', updatedAt: reviewedAt },
      { id: 'base:city2', rev: '1-b', updatedAt: reviewedAt },
      { id: 'from:county1', owner: 'lisi' },
    ]);
    const here = await officeStats(s.db, range, 'office', '张三', { inDatabase: true });
    expect([here.total, here.byReviewer.map((r) => r.reviewer)]).toEqual([2, ['王五', '张三']]);
    expect((await officeStats(s.db, range, 'office', '张三')).total).toBe(3);
  });
});
