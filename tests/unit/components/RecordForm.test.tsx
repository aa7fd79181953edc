import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import {
  RecordForm,
  type PreviousRecord,
  type RecordFormProps,
} from '../../../components/RecordForm';
import { axeViolations, renderView, t } from './helpers';

function props(over: Partial<RecordFormProps> = {}): RecordFormProps {
  return {
    suggestedKind: 'normative',
    score: 0.82,
    suggestedOpinion: '1. 第七条第二款「罚款」：规范性文件不得设定行政处罚',
    reviewerName: '李审查',
    previous: [],
    onSave: vi.fn(async () => ({ round: 1, reviewedAt: '2026-11-27T02:00:00.000Z' })),
    ...over,
  };
}

const ROUND1: PreviousRecord = {
  id: 'r1',
  round: 1,
  reviewedAt: '2026-10-01T02:00:00.000Z',
  conclusion: '修改后通过',
  classification: 'normative',
  reviewer: '王审查',
  opinion: '<script>alert(1)</script>第九条罚款应删除。',
};

describe('RecordForm', () => {
  it('preselects the engine classification and prefills the opinion and the reviewer', () => {
    renderView(<RecordForm {...props()} />);
    expect(
      (screen.getByRole('radio', { name: '行政规范性文件' }) as HTMLInputElement).checked,
    ).toBe(true);
    for (const c of ['通过', '修改后通过', '不予通过'])
      expect((screen.getByRole('radio', { name: c }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText('审查意见') as HTMLTextAreaElement).value).toContain(
      '第七条第二款',
    );
    expect((screen.getByLabelText('审查人员') as HTMLInputElement).value).toBe('李审查');
    expect(screen.getByTestId('round-note').textContent).toBe(t('common.record.firstRound'));
    expect(screen.getByTestId('save-record').textContent).toBe('保存第1轮审查记录');
  });

  it('asks for a conclusion, a reviewer and (unless 通过) an opinion before saving', async () => {
    const p = props({ reviewerName: '', suggestedOpinion: '' });
    renderView(<RecordForm {...p} />);
    fireEvent.click(screen.getByTestId('save-record'));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择审查结论。');
    fireEvent.click(screen.getByRole('radio', { name: '修改后通过' }));
    fireEvent.click(screen.getByTestId('save-record'));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写审查人员姓名。');
    fireEvent.input(screen.getByLabelText('审查人员'), { target: { value: '张三' } });
    fireEvent.click(screen.getByTestId('save-record'));
    expect((await screen.findByRole('alert')).textContent).toContain('修改后通过');
    expect(p.onSave).not.toHaveBeenCalled();
  });

  it('saves the reviewer’s choices, including a changed classification and a 10,000-character opinion', async () => {
    const p = props();
    renderView(<RecordForm {...p} />);
    const long = '意'.repeat(10_000);
    fireEvent.click(screen.getByRole('radio', { name: '非规范性文件' }));
    fireEvent.click(screen.getByRole('radio', { name: '修改后通过' }));
    fireEvent.input(screen.getByLabelText('审查意见'), { target: { value: long } });
    expect(screen.getByText(/10000 字/)).toBeTruthy();
    fireEvent.click(screen.getByTestId('save-record'));
    await waitFor(() => expect(p.onSave).toHaveBeenCalledTimes(1));
    expect(p.onSave).toHaveBeenCalledWith({
      classification: 'non-normative',
      conclusion: '修改后通过',
      opinion: long,
      reviewer: '李审查',
    });
    expect((await screen.findByRole('status')).textContent).toContain('已保存为第1轮审查记录');
  });

  it('shows a save failure as an alert and keeps the form', async () => {
    const p = props({ onSave: vi.fn(async () => Promise.reject(new Error('存储空间已满'))) });
    renderView(<RecordForm {...p} />);
    fireEvent.click(screen.getByRole('radio', { name: '通过' }));
    fireEvent.click(screen.getByTestId('save-record'));
    expect((await screen.findByRole('alert')).textContent).toBe('保存失败：存储空间已满');
  });

  it('follows the findings until the reviewer edits the opinion, then offers to regenerate', async () => {
    const p = props();
    const view = renderView(<RecordForm {...p} />);
    const area = () => screen.getByLabelText('审查意见') as HTMLTextAreaElement;
    view.rerender(<RecordForm {...p} suggestedOpinion="1. 第八条：新问题" />);
    await waitFor(() => expect(area().value).toBe('1. 第八条：新问题'));
    fireEvent.input(area(), { target: { value: '我的意见' } });
    view.rerender(<RecordForm {...p} suggestedOpinion="1. 第九条：又一个问题" />);
    await waitFor(() => expect(area().value).toBe('我的意见'));
    fireEvent.click(screen.getByRole('button', { name: '按当前问题重新生成' }));
    await waitFor(() => expect(area().value).toBe('1. 第九条：又一个问题'));
  });

  it('lists earlier rounds (text, not markup) and names the round it creates', async () => {
    const { container } = renderView(
      <RecordForm {...props({ previous: [ROUND1], sameTextAsRound: 1 })} />,
    );
    expect(screen.getByTestId('round-note').textContent).toContain(
      '本文件此前已审查1次，本次为第2轮。',
    );
    expect(screen.getByTestId('round-note').textContent).toContain('与第1轮记录的相同');
    expect(screen.getByTestId('previous-round').textContent).toContain('修改后通过');
    expect(screen.getByTestId('previous-round').textContent).toContain('王审查');
    expect(container.querySelector('script')).toBeNull();
    expect(container.textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByTestId('save-record').textContent).toBe('保存第2轮审查记录');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('has no accessibility violations', async () => {
    const { container } = renderView(<RecordForm {...props()} />);
    fireEvent.click(screen.getByTestId('save-record'));
    await screen.findByRole('alert');
    expect(await axeViolations(container)).toEqual([]);
  });

  it('offers to update the current round when the text is the same, and says so near the button', async () => {
    const p = props({
      previous: [ROUND1],
      sameTextAsRound: 1,
      updatesRound: 1,
      onSave: vi.fn(async () => ({
        round: 1,
        reviewedAt: '2026-11-27T02:00:00.000Z',
        updated: true,
      })),
    });
    renderView(<RecordForm {...p} />);
    expect(screen.getByTestId('round-note').textContent).toContain('保存将更新第1轮的记录');
    expect(screen.getByTestId('save-record').textContent).toBe('更新第1轮审查记录');
    fireEvent.click(screen.getByRole('radio', { name: '修改后通过' }));
    fireEvent.click(screen.getByTestId('save-record'));
    const status = await screen.findByRole('status');
    await waitFor(() => expect(status.textContent).toContain('已更新第1轮审查记录'));
    // The confirmation sits with the button, in the same bar.
    expect(status.parentElement).toBe(screen.getByTestId('save-record').parentElement);
  });

  describe('a guarded 通过', () => {
    const errors = [
      { key: 'k1', message: '规范性文件不得设定行政处罚', quote: '处以五千元罚款' },
      { key: 'k2', message: '发文字号年份应使用六角括号〔〕', quote: '[2025]' },
    ];

    it('asks for a reason before 通过 is saved over open errors, and saves nothing meanwhile', async () => {
      const p = props({ openErrors: errors, reasonMax: 2000 });
      renderView(<RecordForm {...p} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      expect(screen.getByTestId('pass-guard').textContent).toContain('仍有2处错误');
      fireEvent.click(screen.getByTestId('save-record'));
      expect((await screen.findByRole('alert')).textContent).toContain('仍有2处错误未处理');
      expect(p.onSave).not.toHaveBeenCalled();
    });

    it('saves 通过 with one reason for all the open errors', async () => {
      const p = props({ openErrors: errors, reasonMax: 2000 });
      renderView(<RecordForm {...p} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      fireEvent.input(screen.getByLabelText('通过的理由'), {
        target: { value: '罚款条款系转述《某某条例》第十二条，非本文件设定' },
      });
      fireEvent.click(screen.getByTestId('save-record'));
      await waitFor(() => expect(p.onSave).toHaveBeenCalled());
      expect(vi.mocked(p.onSave).mock.calls[0]![0]).toMatchObject({
        conclusion: '通过',
        conclusionReason: '罚款条款系转述《某某条例》第十二条，非本文件设定',
      });
    });

    it('saves 通过 when every open error is dismissed with its own reason', async () => {
      const p = props({ openErrors: errors, reasonMax: 2000 });
      renderView(<RecordForm {...p} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      const inputs = screen.getAllByPlaceholderText('忽略原因（选填）');
      fireEvent.input(inputs[0]!, { target: { value: '误报' } });
      fireEvent.click(screen.getByTestId('save-record'));
      expect((await screen.findByRole('alert')).textContent).toContain('仍有1处错误');
      fireEvent.input(inputs[1]!, { target: { value: '已另行说明' } });
      fireEvent.click(screen.getByTestId('save-record'));
      await waitFor(() => expect(p.onSave).toHaveBeenCalled());
      const values = vi.mocked(p.onSave).mock.calls[0]![0];
      expect(values.dismissals).toEqual({ k1: '误报', k2: '已另行说明' });
      expect(values.conclusionReason).toBeUndefined();
    });

    it('refuses a reason of 10,000 characters with its length, keeping it in the form', async () => {
      const p = props({ openErrors: errors, reasonMax: 2000 });
      renderView(<RecordForm {...p} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      const long = '理'.repeat(10_000);
      fireEvent.input(screen.getByLabelText('通过的理由'), { target: { value: long } });
      fireEvent.click(screen.getByTestId('save-record'));
      expect((await screen.findByRole('alert')).textContent).toContain(
        '理由最多2000字，当前10000字',
      );
      expect((screen.getByLabelText('通过的理由') as HTMLTextAreaElement).value).toBe(long);
      expect(p.onSave).not.toHaveBeenCalled();
    });

    it('asks nothing more for 通过 when no error is open, or for 修改后通过', async () => {
      const p = props({ openErrors: [] });
      renderView(<RecordForm {...p} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      expect(screen.queryByTestId('pass-guard')).toBeNull();
      fireEvent.click(screen.getByTestId('save-record'));
      await waitFor(() => expect(p.onSave).toHaveBeenCalled());
    });

    it('has no accessibility violations with the guard open', async () => {
      const { container } = renderView(<RecordForm {...props({ openErrors: errors })} />);
      fireEvent.click(screen.getByRole('radio', { name: '通过' }));
      expect(await axeViolations(container)).toEqual([]);
    });
  });
});
