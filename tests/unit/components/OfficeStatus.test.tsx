import { screen } from '@testing-library/preact';
import { describe, expect, it } from 'vitest';
import { OfficeStatus } from '../../../components/OfficeStatus';
import { renderView } from './helpers';

describe('the popup line of the office sync state', () => {
  it.each([
    [{ status: 'synced' as const, pending: 0, error: '' }, '办公室共享日志：已同步'],
    [{ status: 'pending' as const, pending: 4, error: '' }, '办公室共享日志：待同步 4 条'],
    [{ status: 'offline' as const, pending: 2, error: '' }, '办公室共享日志：离线'],
    [
      { status: 'error' as const, pending: 0, error: '服务器拒绝：<b>x</b>' },
      '办公室共享日志：错误：服务器拒绝：<b>x</b>',
    ],
  ])('%o reads 「%s」', (state, text) => {
    renderView(<OfficeStatus state={state} />);
    expect(screen.getByTestId('office-status').textContent).toBe(text);
  });

  it('says nothing when no office is connected', () => {
    const { container } = renderView(<OfficeStatus state={null} />);
    expect(container.textContent).toBe('');
  });
});
