/**
 * The log and the office's shared log: each row says whether it is on the server (one request
 * for the page), a record in conflict shows both versions side by side with the differing
 * fields marked, and the reviewer's choice is sent to the background (where replication runs).
 */
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LogSection } from '../../../../components/options/LogSection';
import type { ConflictView } from '../../../../lib/office/bridge';
import { freshState } from '../../../../lib/office/state';
import { finding, storedRecord } from '../../lib/fixtures';
import { setup } from './setup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

const base = storedRecord({ id: 'r-conflict', title: '银湖市共享测试办法', opinion: '原意见' });
const others = [
  storedRecord({ id: 'r-up', title: '已在服务器上的文件' }),
  storedRecord({ id: 'r-new', title: '刚记录的文件' }),
];

function versions(canChoose: boolean): ConflictView {
  const at = (s: string) => `2026-03-0${s}T02:00:00.000Z`;
  return {
    recordId: base.id,
    docId: `record:${base.id}`,
    canChoose,
    why: canChoose ? '' : '只有这条记录的审查人员（alice）或负责人可以选择版本',
    versions: [
      {
        rev: '3-aaa',
        owner: 'alice',
        shown: false,
        record: {
          ...base,
          opinion: 'alice 的修改',
          conclusion: '不予通过',
          updatedAt: at('2'),
          findings: [finding()],
        },
        problem: '',
      },
      {
        rev: '3-bbb',
        owner: 'alice',
        shown: true,
        record: {
          ...base,
          opinion: '<b>负责人的更正</b>',
          updatedAt: at('3'),
          findings: [finding()],
        },
        problem: '',
      },
    ],
  };
}

async function mounted(canChoose = true) {
  const sent: Array<Record<string, unknown>> = [];
  const send = vi.fn(async (msg: Record<string, unknown>) => {
    sent.push(msg);
    if (msg.type === 'officeMarks')
      return Object.fromEntries(
        (msg.recordIds as string[]).map((id) => [id, id === 'r-new' ? 'pending' : 'uploaded']),
      );
    if (msg.type === 'officeConflict') return versions(canChoose);
    if (msg.type === 'officeResolve') {
      if (!canChoose) throw new Error('只有这条记录的审查人员（alice）或负责人可以选择版本');
      return { ...versions(true).versions[1]!.record };
    }
    throw new Error(`unexpected ${String(msg.type)}`);
  });
  const s = await setup({
    seed: false,
    office: { send: send as never, requestOrigin: async () => true },
  });
  cleanups.push(() => s.db.delete());
  await s.db.records.bulkAdd([base, ...others]);
  await s.db.office.bulkPut([
    {
      id: 'config',
      url: 'http://127.0.0.1:5984/office',
      user: 'alice',
      cipher: new ArrayBuffer(8),
      iv: new Uint8Array(12),
      shareTexts: false,
      lead: false,
      connectedAt: '2026-01-01T00:00:00.000Z',
    },
    { ...freshState(), conflicts: 1, conflictIds: [`record:${base.id}`] },
  ]);
  s.view(<LogSection years={[2026]} />);
  await waitFor(() => expect(screen.getAllByTestId('sync-mark')).toHaveLength(3));
  return { ...s, sent };
}

const markOf = (id: string) =>
  within(document.querySelector(`tr[data-id="${id}"]`) as HTMLElement).getByTestId('sync-mark');

describe('the log and the office server', () => {
  it('marks each row 已上传 / 待上传 / 冲突 with one request for the whole page', async () => {
    const { sent } = await mounted();
    expect(markOf('r-up').textContent?.trim()).toBe('已上传');
    expect(markOf('r-new').textContent?.trim()).toBe('待上传');
    expect(markOf('r-conflict').textContent?.trim()).toBe('冲突：选择版本');
    // Each load of the page asks once, for all its rows (never once per row).
    const asks = sent.filter((m) => m.type === 'officeMarks');
    expect(asks.length).toBeGreaterThan(0);
    for (const ask of asks)
      expect((ask.recordIds as string[]).sort()).toEqual(['r-conflict', 'r-new', 'r-up']);
  });

  it('shows both versions side by side, marks what differs, and sends the choice', async () => {
    const { sent } = await mounted();
    fireEvent.click(markOf('r-conflict'));
    const dialog = await screen.findByTestId('conflict');
    const table = await within(dialog).findByTestId('conflict-table');
    const row = (label: string) =>
      [...table.querySelectorAll('tbody tr')].find((tr) =>
        tr.querySelector('th')?.textContent?.startsWith(label),
      )!;
    expect(row('审查意见').getAttribute('data-differs')).toBe('true');
    expect([...row('审查意见').querySelectorAll('td')].map((td) => td.textContent)).toEqual([
      'alice 的修改',
      '<b>负责人的更正</b>',
    ]);
    // Text from the server stays text.
    expect(table.querySelector('b')).toBeNull();
    expect(row('审查结论').getAttribute('data-differs')).toBe('true');
    expect(row('文件名称').getAttribute('data-differs')).toBe('false');
    const keep = within(dialog).getAllByTestId('conflict-keep');
    expect(keep.map((b) => (b as HTMLButtonElement).disabled)).toEqual([false, false]);
    fireEvent.click(keep[1]!);
    await waitFor(() => expect(screen.queryByTestId('conflict')).toBeNull());
    expect(sent.find((m) => m.type === 'officeResolve')).toEqual({
      type: 'officeResolve',
      recordId: 'r-conflict',
      rev: '3-bbb',
      // The versions the dialog showed: the background refuses the choice if there are others.
      shown: ['3-aaa', '3-bbb'],
    });
    expect(screen.getByRole('status').textContent).toContain('已保留所选版本');
  });

  it('says who may choose, and offers no choice to a colleague', async () => {
    const { sent } = await mounted(false);
    fireEvent.click(markOf('r-conflict'));
    const dialog = await screen.findByTestId('conflict');
    expect((await within(dialog).findByTestId('conflict-why')).textContent).toBe(
      '只有这条记录的审查人员（alice）或负责人可以选择版本',
    );
    for (const b of within(dialog).getAllByTestId('conflict-keep'))
      expect((b as HTMLButtonElement).disabled).toBe(true);
    expect(sent.some((m) => m.type === 'officeResolve')).toBe(false);
  });
});
