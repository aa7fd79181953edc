import { describe, expect, it } from 'vitest';
import { basisIsOnlyKeys, citationOf, splitBasis } from '../../../rules/basis';

describe('bases as a reviewer cites them', () => {
  it.each([
    ['深圳司法局问答 [S-SZ][S-SZ2]', '深圳司法局问答', ['S-SZ', 'S-SZ2']],
    ['[S-DB-16813996]', '', ['S-DB-16813996']],
    [
      '《行政许可法》第17条 [S-LIC]；深圳司法局问答 [S-SZ]',
      '《行政许可法》第17条；深圳司法局问答',
      ['S-LIC', 'S-SZ'],
    ],
    ['国办发〔2018〕37号 统一发布', '国办发〔2018〕37号 统一发布', []],
  ])('splits %s into prose and keys', (basis, text, keys) => {
    expect(splitBasis(basis)).toEqual({ text, keys });
  });

  it('knows a basis that is only keys', () => {
    expect(basisIsOnlyKeys('[S-SZ][S-SZ2]')).toBe(true);
    expect(basisIsOnlyKeys('[S-QA]；[S-30]')).toBe(true);
    expect(basisIsOnlyKeys('《行政强制法》第10条 [S-QZ]')).toBe(false);
    expect(basisIsOnlyKeys('')).toBe(false);
  });

  it('shows the citation form first, else the prose without keys', () => {
    expect(citationOf({ cite: '《行政许可法》第十七条', basis: '[S-LIC]' })).toBe(
      '《行政许可法》第十七条',
    );
    expect(citationOf({ basis: '深圳司法局问答 [S-SZ]' })).toBe('深圳司法局问答');
  });
});
