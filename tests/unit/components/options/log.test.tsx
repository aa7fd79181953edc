/** The review log section: filters, search, paging, a record, edit, delete with undo, CSV. */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import {
  EMPTY_FILTERS,
  LogSection,
  PAGE_SIZE,
  toQuery,
  type Filters,
} from '../../../../components/options/LogSection';
import { createRecord } from '../../../../lib/records';
import { finding, recordInput, storedRecord } from '../../lib/fixtures';
import { axeViolations, setup, t } from './setup';
import { docxParagraphs, docxParts } from '../../rules/docx-read';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function mounted(n = 120) {
  const s = await setup({ seed: false });
  cleanups.push(() => s.db.delete());
  const start = Date.UTC(2025, 0, 2, 2);
  await s.db.records.bulkAdd(
    Array.from({ length: n }, (_, i) => {
      const at = new Date(start + i * 86_400_000 * 2.5).toISOString();
      return storedRecord({
        id: `r${String(i).padStart(3, '0')}`,
        title: `某市第${i}号文件`,
        docNumber: `某政发〔${at.slice(0, 4)}〕${i}号`,
        classification: i % 2 ? 'normative' : 'non-normative',
        conclusion: (['通过', '修改后通过', '不予通过'] as const)[i % 3],
        reviewer: i % 2 ? '张三' : '李四',
        opinion: i % 10 === 0 ? '建议删除罚款条款。' : '同意。',
        reviewedAt: at,
        createdAt: at,
        updatedAt: at,
      });
    }),
  );
  const full = await createRecord(
    s.db,
    recordInput({
      title: '银湖市住宅专项维修资金使用管理实施细则',
      reviewedAt: '2026-11-20T02:00:00.000Z',
      competition: {
        concerns: true,
        conclusion: '适用例外',
        exception: '救灾救助，实施至2027年底',
      },
    }),
  );
  const r = s.view(<LogSection years={[2026, 2025]} />);
  // The total is counted after the first page shows; on a loaded machine that takes seconds.
  await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 121 条/), {
    timeout: 8000,
  });
  return { ...s, ...r, full };
}

const rows = () => screen.getByTestId('log').querySelectorAll('tbody tr');

describe('review log section', () => {
  it('shows the newest page with the total, pages on, and passes axe', async () => {
    const { container } = await mounted();
    expect(rows()).toHaveLength(PAGE_SIZE);
    expect(rows()[0]?.textContent).toContain('银湖市住宅专项维修资金');
    fireEvent.click(screen.getByTestId('next-page'));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toContain('51–100'));
    await waitFor(() => expect(screen.getByTestId('log-count').dataset.searchReady).toBe('true'));
    expect(await axeViolations(container)).toEqual([]);
  });

  it('filters by classification, conclusion, year and reviewer, and searches title, 文号 and opinion', async () => {
    await mounted();
    await waitFor(() => expect(screen.getByTestId('log-count').dataset.searchReady).toBe('true'));
    fireEvent.change(screen.getByTestId('log-classification'), { target: { value: 'normative' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 61 条/));
    fireEvent.change(screen.getByTestId('log-conclusion'), { target: { value: '不予通过' } });
    await waitFor(() =>
      expect([...rows()].every((r) => r.textContent?.includes('不予通过'))).toBe(true),
    );
    fireEvent.click(screen.getByRole('button', { name: t('options.log.clear') }));
    fireEvent.change(screen.getByTestId('log-year'), { target: { value: '2026' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 1 条/));
    fireEvent.click(screen.getByRole('button', { name: t('options.log.clear') }));
    fireEvent.input(screen.getByTestId('log-search'), { target: { value: '罚款' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 12 条/));
    fireEvent.input(screen.getByTestId('log-search'), { target: { value: '〔2025〕7号' } });
    await waitFor(() => expect(rows()).toHaveLength(1));
    fireEvent.input(screen.getByTestId('log-search'), { target: { value: '' } });
    fireEvent.change(screen.getByTestId('log-reviewer'), { target: { value: '李四' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 60 条/));
  });

  it('shows the 公平竞争审查 conclusion in its own column and in the record', async () => {
    await mounted();
    const headers = [...screen.getByTestId('log').querySelectorAll('thead th')].map(
      (h) => h.textContent,
    );
    const at = headers.indexOf(t('options.log.competition'));
    expect(headers[at - 1]).toBe(t('options.log.conclusion'));
    const cell = (i: number) => rows()[i]!.querySelectorAll('td')[at]!;
    expect(cell(0).textContent).toBe('适用例外');
    expect(cell(0).getAttribute('title')).toBe('适用例外：救灾救助，实施至2027年底');
    // Records made before the 公平竞争审查 existed have none.
    expect(cell(1).textContent).toBe('');
    fireEvent.click(within(rows()[0] as HTMLElement).getByRole('button'));
    const dialog = await screen.findByTestId('record');
    await waitFor(() =>
      expect(dialog.textContent).toContain('公平竞争审查适用例外：救灾救助，实施至2027年底'),
    );
  });

  it('opens a record with its facts, findings, basis and pack versions; edits the opinion', async () => {
    const { container } = await mounted();
    fireEvent.click(within(rows()[0] as HTMLElement).getByRole('button'));
    const dialog = await screen.findByTestId('record');
    await waitFor(() => expect(dialog.textContent).toContain('national@1.0.0'));
    expect(dialog.textContent).toContain(finding().message);
    expect(dialog.textContent).toContain('GB/T 9704');
    expect(dialog.getAttribute('role')).toBe('dialog');
    expect(await axeViolations(container)).toEqual([]);
    fireEvent.click(within(dialog).getByRole('button', { name: t('options.record.edit') }));
    fireEvent.input(within(dialog).getByTestId('edit-opinion'), {
      target: { value: '修改后同意出台。' },
    });
    fireEvent.click(within(dialog).getByRole('button', { name: t('options.save') }));
    // The save is a Dexie write and a re-read: on a loaded machine it takes over a second.
    await waitFor(
      () => expect(screen.getByTestId('record-opinion').textContent).toBe('修改后同意出台。'),
      { timeout: 8000 },
    );
  });

  it('offers an old record without an opinion one, shows it, and downloads its .docx', async () => {
    const { downloads } = await mounted();
    fireEvent.click(within(rows()[0] as HTMLElement).getByRole('button'));
    const dialog = await screen.findByTestId('record');
    await waitFor(() => expect(dialog.textContent).toContain(t('opinion.recordNone')));
    fireEvent.click(within(dialog).getByTestId('generate-opinion'));
    const view = await within(dialog).findByTestId('opinion-view', {}, { timeout: 8000 });
    expect(view.textContent).toContain('合法性审查意见书');
    expect(view.textContent).toContain(finding().message);
    expect(dialog.textContent).toMatch(/1条意见，/);
    fireEvent.click(within(dialog).getByTestId('download-opinion'));
    await waitFor(() => expect(downloads).toHaveLength(1), { timeout: 8000 });
    expect(downloads[0]!.name).toMatch(/\.审查意见书\.docx$/);
    const bytes = new Uint8Array(await (downloads[0]!.text as Blob).arrayBuffer());
    const paras = docxParagraphs(docxParts(bytes)['word/document.xml']!);
    expect(paras[0]).toBe('合法性审查意见书');
    expect(paras.some((p) => p.startsWith('1. ') && p.includes(finding().message))).toBe(true);
  });

  it('deletes a record with undo', async () => {
    await mounted();
    fireEvent.click(within(rows()[0] as HTMLElement).getByRole('button'));
    fireEvent.click(await screen.findByTestId('delete-record'));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 120 条/));
    expect(rows()[0]?.textContent).not.toContain('维修资金');
    fireEvent.click(screen.getByTestId('undo'));
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 121 条/));
    expect(rows()[0]?.textContent).toContain('维修资金');
  });

  it('exports the current filter as CSV that parses with Chinese headers', async () => {
    const { downloads } = await mounted();
    fireEvent.change(screen.getByTestId('log-classification'), { target: { value: 'normative' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 61 条/));
    fireEvent.click(screen.getByTestId('export-csv'));
    // Both buttons are off while the file is made, and progress is on screen.
    expect(screen.getByTestId('export-xlsx').hasAttribute('disabled')).toBe(true);
    expect((await screen.findByTestId('export-progress')).dataset.format).toBe('csv');
    await waitFor(() => expect(downloads).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('已导出 CSV。');
    const file = downloads[0]!;
    expect(file.name).toMatch(/^审查台账.*\.csv$/);
    // The page offers the CSV as a Blob of UTF-8 pieces (lib/csv.ts): read its bytes as a file.
    const bytes = new Uint8Array(await (file.text as Blob).arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const parsed = Papa.parse<string[]>(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    });
    expect(parsed.data[0]?.slice(0, 3)).toEqual(['审查日期', '文件名称', '起草单位']);
    expect(parsed.data).toHaveLength(62);
  });
  it('exports the current filter as .xlsx with progress, read back by a real reader', async () => {
    const { downloads } = await mounted();
    fireEvent.change(screen.getByTestId('log-classification'), { target: { value: 'normative' } });
    await waitFor(() => expect(screen.getByTestId('log-count').textContent).toMatch(/共 61 条/));
    fireEvent.click(screen.getByTestId('export-xlsx'));
    // The button is off while the file is made, and progress is on screen.
    expect(screen.getByTestId('export-xlsx').hasAttribute('disabled')).toBe(true);
    expect((await screen.findByTestId('export-progress')).dataset.format).toBe('xlsx');
    await waitFor(() => expect(downloads).toHaveLength(1));
    await waitFor(() => expect(screen.queryByTestId('export-progress')).toBeNull());
    expect(screen.getByRole('status').textContent).toBe('已导出 .xlsx（61 条记录）。');
    const file = downloads[0]!;
    expect(file.name).toBe('审查台账.xlsx');
    expect(file.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    // The file comes as a Blob (from the export worker in the browser): read its bytes.
    const bytes = await (file.text as Blob).arrayBuffer();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('审查台账')!;
    expect(ws.rowCount).toBe(62);
    expect(ws.getCell('H2').value).toBe('行政规范性文件');
  });
});

describe('the log query of the filter form', () => {
  const base = { status: 'live', sort: 'reviewedAt', desc: true };

  it.each<[string, Partial<Filters>, object]>([
    ['the empty form: the live log, newest first', {}, base],
    ['a year', { year: '2025' }, { range: { from: '2025-01-01', to: '2025-12-31' } }],
    [
      'a year before a date range',
      { year: '2024', from: '2025-03-01', to: '2025-03-31' },
      { range: { from: '2024-01-01', to: '2024-12-31' } },
    ],
    [
      'a start date only',
      { from: '2025-03-01' },
      { range: { from: '2025-03-01', to: '2999-12-31' } },
    ],
    ['an end date only', { to: '2025-03-31' }, { range: { from: '1900-01-01', to: '2025-03-31' } }],
    [
      'classification, conclusion, and trimmed reviewer and words',
      {
        classification: 'normative',
        conclusion: '不予通过',
        reviewer: ' 张三 ',
        query: '  罚款 许可 ',
      },
      { classification: 'normative', conclusion: '不予通过', reviewer: '张三', query: '罚款 许可' },
    ],
    ['blank reviewer and words: no filter', { reviewer: '  ', query: '\u3000 ' }, {}],
    [
      'the recycle bin, sorted by title A→Z',
      { status: 'deleted', sort: 'title', desc: false },
      { status: 'deleted', sort: 'title', desc: false },
    ],
  ])('%s', (_, change, expected) => {
    expect(toQuery({ ...EMPTY_FILTERS, ...change })).toEqual({ ...base, ...expected });
  });

  it('is the empty form when given nothing (the page’s first query)', () => {
    expect(toQuery()).toEqual(base);
  });
});
