/** The validity register, the annual report, backup/restore and settings sections. */
import ExcelJS from 'exceljs';
import Papa from 'papaparse';
import { fireEvent, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { BackupSection } from '../../../../components/options/BackupSection';
import { RegisterSection } from '../../../../components/options/RegisterSection';
import { ReportSection } from '../../../../components/options/ReportSection';
import { SettingsSection } from '../../../../components/options/SettingsSection';
import { exportBackup } from '../../../../lib/backup';
import { getSettings, sha256Hex, updateSettings } from '../../../../lib/records';
import { storedRecord } from '../../lib/fixtures';
import { axeViolations, fileOf, setup, t } from './setup';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function withRecords() {
  const s = await setup();
  cleanups.push(() => s.db.delete());
  await updateSettings(s.db, { todayOverride: '2025-10-01' });
  const validity = (expiry: string) => ({
    effectiveDate: '2020-01-01',
    validity: { years: 5, until: null, expiry },
  });
  await s.db.records.bulkAdd([
    storedRecord({
      id: 'lapsed',
      title: '已经失效的办法',
      classification: 'normative',
      reviewedAt: '2025-02-10T02:00:00.000Z',
      facts: validity('2024-12-31'),
    }),
    storedRecord({
      id: 'due',
      title: '即将届满的办法',
      classification: 'normative',
      conclusion: '修改后通过',
      reviewedAt: '2025-03-10T02:00:00.000Z',
      facts: validity('2026-02-28'),
    }),
    storedRecord({
      id: 'valid',
      title: '有效的办法',
      classification: 'normative',
      reviewedAt: '2025-03-12T02:00:00.000Z',
      facts: validity('2029-12-31'),
    }),
    storedRecord({ id: 'x', title: '会议纪要', reviewedAt: '2025-07-01T02:00:00.000Z' }),
  ]);
  return s;
}

describe('validity register section', () => {
  it('lists normative documents by urgency with 已失效 and 评估期, exports CSV, passes axe', async () => {
    const s = await withRecords();
    const { container } = s.view(<RegisterSection />);
    const table = await screen.findByTestId('register');
    const states = [...table.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-state'));
    expect(states).toEqual(['lapsed', 'evaluationDue', 'valid']);
    expect(table.textContent).toContain(t('options.register.lapsed'));
    expect(table.textContent).toContain(t('options.register.due'));
    expect(await axeViolations(container)).toEqual([]);
    fireEvent.click(screen.getByTestId('export-register'));
    const csv = s.downloads[0]!;
    expect(csv.name).toBe('有效期台账_2025-10-01.csv');
    const data = Papa.parse<string[]>(String(csv.text).replace(/^\uFEFF/, ''), {
      skipEmptyLines: true,
    }).data;
    expect(data.map((r) => r[0])).toEqual(['状态', '已失效', '评估期', '有效']);
    fireEvent.click(screen.getByTestId('export-register-xlsx'));
    await waitFor(() => expect(s.workbooks).toHaveLength(1));
    expect(s.workbooks[0]!.name).toBe('有效期台账_2025-10-01.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(s.workbooks[0]!.bytes) as unknown as ExcelJS.Buffer);
    const ws = wb.getWorksheet('有效期台账')!;
    expect([1, 2, 3, 4].map((n) => ws.getCell(`A${n}`).value)).toEqual([
      '状态',
      '已失效',
      '评估期',
      '有效',
    ]);
    expect(screen.getByRole('status').textContent).toBe('已导出 .xlsx。');
  });
});

describe('annual report section', () => {
  it('shows the totals, the sentence, conclusions and an accessible monthly chart', async () => {
    const s = await withRecords();
    const { container } = s.view(<ReportSection initialYear={2025} onPrint={() => {}} />);
    await waitFor(() =>
      expect(screen.getByTestId('sentence').textContent).toBe(
        '本年度共审查各类文件4件，其中行政规范性文件3件，非规范性文件1件',
      ),
    );
    const conclusions = screen.getByTestId('conclusions');
    expect(within(conclusions).getByText('修改后通过').closest('tr')?.textContent).toContain('1');
    const svg = screen.getByTestId('chart').querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.querySelector('title')?.textContent).toContain('2025');
    expect(svg.querySelector('desc')?.textContent).toMatch(/3月.*2/);
    const months = screen.getByTestId('months');
    expect(months.querySelectorAll('tbody tr')).toHaveLength(12);
    expect(await axeViolations(container)).toEqual([]);
  });
});

describe('backup section', () => {
  it('downloads a backup, previews a merge, and restores it', async () => {
    const s = await withRecords();
    const text = await exportBackup(s.db, { extensionVersion: '0.1.0' });
    const { container } = s.view(<BackupSection />);
    fireEvent.click(screen.getByTestId('download-backup'));
    await waitFor(() => expect(s.downloads[0]?.name).toMatch(/^规审备份_.*\.json$/));
    await s.db.records.clear();
    fireEvent.change(screen.getByTestId('restore-file'), {
      target: { files: [fileOf(text, 'backup.json')] },
    });
    const preview = await screen.findByTestId('restore-preview');
    const records = preview.querySelector('[data-table="records"]')!;
    expect(records.querySelectorAll('td')[0]?.textContent).toBe('4');
    expect(await s.db.records.count()).toBe(0); // nothing written by the preview
    expect(await axeViolations(container)).toEqual([]);
    fireEvent.click(screen.getByTestId('confirm-restore'));
    await waitFor(async () => expect(await s.db.records.count()).toBe(4));
  });

  it('shows a record that is another document under the same id with both sides, and keeps both', async () => {
    const s = await withRecords();
    const file = JSON.parse(await exportBackup(s.db, { extensionVersion: '0.1.0' }));
    const mine = file.tables.records[0];
    const myTitle = mine.title as string;
    Object.assign(mine, {
      docKey: 'another-document',
      title: '另一份文件的审查记录',
      updatedAt: '2999-01-01T00:00:00.000Z',
    });
    file.checksum = await sha256Hex(JSON.stringify(file.tables));
    const { container } = s.view(<BackupSection />);
    fireEvent.change(screen.getByTestId('restore-file'), {
      target: { files: [fileOf(JSON.stringify(file))] },
    });
    const conflicts = await screen.findByTestId('restore-conflicts');
    expect(conflicts.textContent).toContain('另一份文件的审查记录');
    expect(conflicts.textContent).toContain(myTitle);
    expect(conflicts.textContent).toContain('不同的文件');
    expect(await axeViolations(container)).toEqual([]);
    const before = await s.db.records.count();
    fireEvent.click(screen.getByTestId('confirm-restore'));
    await waitFor(async () => expect(await s.db.records.count()).toBe(before + 1));
    expect((await s.db.records.get(mine.id))?.title).toBe(myTitle);
  });

  it('refuses a tampered file with the precise reason, writing nothing', async () => {
    const s = await withRecords();
    const file = JSON.parse(await exportBackup(s.db, { extensionVersion: '0.1.0' }));
    file.tables.records[0].title = '被篡改';
    const before = await s.dump();
    s.view(<BackupSection />);
    fireEvent.click(screen.getByTestId('mode-replace'));
    fireEvent.change(screen.getByTestId('restore-file'), {
      target: { files: [fileOf(JSON.stringify(file))] },
    });
    const errors = await screen.findByTestId('restore-errors');
    expect(errors.textContent).toContain('校验和');
    expect(screen.queryByTestId('confirm-restore')).toBeNull();
    expect(await s.dump()).toEqual(before);
  });

  it('says so when the storage fails during a download, and the buttons come back', async () => {
    const s = await withRecords();
    s.api.exportBackup = async () => {
      throw new Error('存储读取失败');
    };
    s.view(<BackupSection />);
    const button = screen.getByTestId('download-backup');
    fireEvent.click(button);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe(t('options.failed', ['存储读取失败']));
    expect(s.downloads).toEqual([]);
    await waitFor(() => expect((button as HTMLButtonElement).disabled).toBe(false));
  });
});

describe('settings section', () => {
  it('saves the reviewer, adds and removes a site, toggles highlights, pins today; passes axe', async () => {
    const s = await setup();
    cleanups.push(() => s.db.delete());
    const { container } = s.view(<SettingsSection />);
    const name = await screen.findByTestId('reviewer-name');
    fireEvent.input(name, { target: { value: '王五' } });
    fireEvent.submit(name.closest('form')!);
    await waitFor(async () => expect((await getSettings(s.db)).reviewerName).toBe('王五'));

    const site = await screen.findByTestId('site-input');
    fireEvent.input(site, { target: { value: 'ftp://x' } });
    expect(site.getAttribute('aria-invalid')).toBe('true');
    fireEvent.input(site, { target: { value: 'https://oa.example.com/page' } });
    fireEvent.submit(site.closest('form')!);
    await waitFor(async () =>
      expect((await getSettings(s.db)).enabledSites).toEqual(['https://oa.example.com/*']),
    );
    const sites = await screen.findByTestId('sites');
    expect(sites.textContent).toContain('https://oa.example.com');
    fireEvent.click(within(sites).getByRole('button'));
    await waitFor(async () => expect((await getSettings(s.db)).enabledSites).toEqual([]));

    fireEvent.click(await screen.findByLabelText(t('options.settings.hlFormat')));
    await waitFor(async () => expect((await getSettings(s.db)).highlights.格式).toBe(false));

    const today = await screen.findByTestId('today-override');
    fireEvent.input(today, { target: { value: '2030-01-01' } });
    fireEvent.submit(today.closest('form')!);
    await waitFor(async () => expect((await getSettings(s.db)).todayOverride).toBe('2030-01-01'));
    expect(s.notify).toHaveBeenCalled();
    expect(await axeViolations(container)).toEqual([]);
  });

  it('says why a site was not added when the permission is refused', async () => {
    const s = await setup();
    cleanups.push(() => s.db.delete());
    s.permission.granted = false;
    s.view(<SettingsSection />);
    const site = await screen.findByTestId('site-input');
    fireEvent.input(site, { target: { value: 'oa.example.com' } });
    fireEvent.submit(site.closest('form')!);
    expect((await screen.findByRole('alert')).textContent).toContain('权限');
    expect((await getSettings(s.db)).enabledSites).toEqual([]);
  });
});
