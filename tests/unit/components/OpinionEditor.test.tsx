/**
 * The 审查意见书 editor (components/OpinionEditor): the drafted items with their sources,
 * rewriting, reordering, adding and removing items, the conclusion, saving and export — and
 * page text shown only as text.
 */
import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { useState } from 'preact/hooks';
import { describe, expect, it, vi } from 'vitest';
import { OpinionEditor, OpinionPrint } from '../../../components/OpinionEditor';
import { buildOpinion } from '../../../rules/opinion';
import type { Finding, Opinion } from '../../../rules/schema';
import { axeViolations, renderView } from './helpers';

const finding = (over: Partial<Finding>): Finding => ({
  ruleId: 'national/NB-CF',
  kind: 'pattern',
  severity: 'error',
  category: '合法性',
  message: '规范性文件不得设定行政处罚',
  basis: '行政处罚法',
  cite: '《中华人民共和国行政处罚法》第十六条',
  range: { start: 8, end: 10 },
  anchor: { exact: '罚款', prefix: '', suffix: '' },
  suggestion: '删除该处罚规定',
  ...over,
});
const TEXT = '第一条 处以罚款。\n第二条 须办理许可证。';
const start = buildOpinion({
  findings: [
    finding({}),
    finding({
      ruleId: 'national/NB-XK',
      message: '规范性文件不得增设行政许可',
      cite: '《中华人民共和国行政许可法》第十七条',
      range: { start: 17, end: 20 },
      anchor: { exact: '许可证', prefix: '', suffix: '' },
      suggestion: '删除许可',
    }),
  ],
  text: TEXT,
  packs: [{ id: 'national', version: '1.0.0' }],
  docTitle: '某市养犬管理办法',
  reviewer: '张三',
  date: '2026-11-27',
});

/** The editor with its state held like the wiring holds it; the latest opinion is returned. */
function Harness(props: {
  onSave?: () => Promise<number | null>;
  onExport?: () => Promise<{ name: string; blob: Blob }>;
  seen: { current: Opinion };
  initial?: Opinion;
}) {
  const [o, setO] = useState(props.initial ?? start);
  props.seen.current = o;
  return (
    <OpinionEditor
      idPrefix="t"
      opinion={o}
      dirty={false}
      onChange={setO}
      onSave={props.onSave ?? (async () => 2)}
      onRegenerate={() => setO(start)}
      onExport={props.onExport ?? (async () => ({ name: 'x.docx', blob: new Blob(['x']) }))}
      onPrint={() => {}}
    />
  );
}

describe('OpinionEditor', () => {
  it('lists each item with its source, place, problem, basis and suggestion', async () => {
    const seen = { current: start };
    const { container } = renderView(<Harness seen={seen} />);
    const items = screen.getAllByTestId('opinion-item');
    expect(items).toHaveLength(2);
    expect(items[0]!.textContent).toContain('来自规则 national/NB-CF');
    expect((screen.getAllByTestId('opinion-place')[0] as HTMLInputElement).value).toBe('第一条');
    expect((screen.getAllByTestId('opinion-basis')[1] as HTMLInputElement).value).toBe(
      '《中华人民共和国行政许可法》第十七条',
    );
    expect((screen.getAllByTestId('opinion-suggestion')[0] as HTMLTextAreaElement).value).toBe(
      '删除该处罚规定',
    );
    expect(await axeViolations(container)).toEqual([]);
  });

  it('rewrites an item and marks it edited', () => {
    const seen = { current: start };
    renderView(<Harness seen={seen} />);
    fireEvent.input(screen.getAllByTestId('opinion-problem')[0]!, {
      target: { value: '第一条设定罚款，超出规范性文件权限。' },
    });
    expect(seen.current.items[0]).toMatchObject({
      problem: '第一条设定罚款，超出规范性文件权限。',
      edited: true,
    });
    expect(screen.getAllByTestId('opinion-item')[0]!.textContent).toContain('已修改');
  });

  it('moves, removes and adds items', () => {
    const seen = { current: start };
    renderView(<Harness seen={seen} />);
    fireEvent.click(screen.getByRole('button', { name: '下移 1' }));
    expect(seen.current.items.map((i) => i.ruleId)).toEqual(['national/NB-XK', 'national/NB-CF']);
    fireEvent.click(screen.getByRole('button', { name: '删除 2' }));
    expect(seen.current.items.map((i) => i.ruleId)).toEqual(['national/NB-XK']);
    fireEvent.click(screen.getByTestId('opinion-add'));
    expect(seen.current.items.at(-1)).toMatchObject({ source: 'manual', problem: '' });
    expect(screen.getAllByTestId('opinion-item').at(-1)!.textContent).toContain('人工添加');
  });

  it('changes the conclusion and its paragraph', () => {
    const seen = { current: start };
    renderView(<Harness seen={seen} />);
    fireEvent.change(screen.getByTestId('opinion-conclusion'), { target: { value: '不予通过' } });
    expect(seen.current.conclusion).toBe('不予通过');
    expect(seen.current.conclusionText).toMatch(/不予通过/);
  });

  it.each([
    [2, '✓ 已保存，并存入第2轮审查记录'],
    [null, '✓ 已保存为草稿；记录审查结论时一并存入审查记录'],
  ])('says where a save went (round %s)', async (round, message) => {
    const seen = { current: start };
    renderView(<Harness seen={seen} onSave={async () => round} />);
    fireEvent.click(screen.getByTestId('opinion-save'));
    await waitFor(() => expect(screen.getByTestId('opinion-status').textContent).toBe(message));
  });

  it('reports a failed save in Chinese', async () => {
    const seen = { current: start };
    renderView(
      <Harness
        seen={seen}
        onSave={() => Promise.reject(new Error('审查意见书无法保存：items › 第1条 过长'))}
      />,
    );
    fireEvent.click(screen.getByTestId('opinion-save'));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        '保存失败：审查意见书无法保存：items › 第1条 过长',
      ),
    );
  });

  it('offers the exported .docx as a download link named after the file', async () => {
    const seen = { current: start };
    const onExport = vi.fn(async () => ({
      name: '某市养犬管理办法.审查意见书.docx',
      blob: new Blob(['x']),
    }));
    renderView(<Harness seen={seen} onExport={onExport} />);
    fireEvent.click(screen.getByTestId('opinion-export'));
    const link = await screen.findByTestId('opinion-link');
    expect(link.getAttribute('download')).toBe('某市养犬管理办法.审查意见书.docx');
    expect(onExport).toHaveBeenCalledTimes(1);
  });

  it('shows markup from the page as text, in the editor and in the print view', () => {
    const markup = '<img src=x onerror=alert(1)><b>粗体</b>';
    const o = { ...start, docTitle: markup, items: [{ ...start.items[0]!, problem: markup }] };
    const seen = { current: o };
    const { container } = renderView(<Harness seen={seen} initial={o} />);
    expect(container.querySelector('img, b')).toBeNull();
    expect(container.querySelector('[data-testid="opinion-print"]')!.textContent).toContain(markup);
    const view = renderView(<OpinionPrint opinion={o} visible />);
    expect(view.getByTestId('opinion-view').textContent).toContain(`文件名称：${markup}`);
  });
});
