import { afterEach, describe, expect, it, vi } from 'vitest';
import { dumpAll } from '@/lib/db';
import { importPack, syncSeeds } from '@/lib/packs';
import { GuishenError, guardQuota, isQuotaError, QUOTA_MESSAGE } from '@/lib/quota';
import { createRecord, updateRecord } from '@/lib/records';
import { dbPerTest, pack, quotaError, recordInput, rejectWithQuota } from './fixtures';

const newDb = dbPerTest();
afterEach(() => {
  vi.restoreAllMocks();
});

describe('storage quota', () => {
  it.each([
    ['the DOMException', quotaError()],
    [
      'an abort caused by it',
      Object.assign(new Error('aborted'), { name: 'AbortError', inner: quotaError() }),
    ],
    ['Firefox’s legacy name', { name: 'NS_ERROR_DOM_QUOTA_REACHED' }],
  ])('recognises %s', (_name, error) => {
    expect(isQuotaError(error)).toBe(true);
  });

  it('does not mistake other errors for quota', () => {
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(isQuotaError(new DOMException('x', 'ConstraintError'))).toBe(false);
    expect(isQuotaError(null)).toBe(false);
  });

  it('turns a quota failure into a Chinese message and passes others through', async () => {
    await expect(guardQuota(() => Promise.reject(quotaError()))).rejects.toMatchObject({
      name: 'GuishenError',
      code: 'quota',
      message: QUOTA_MESSAGE,
    });
    await expect(guardQuota(() => Promise.reject(new TypeError('boom')))).rejects.toThrow('boom');
  });

  it('saves neither the record nor its text when the second write of the transaction hits the quota', async () => {
    const d = newDb();
    await createRecord(d, recordInput({ text: '旧' }));
    const before = await dumpAll(d);
    vi.spyOn(d.docVersions, 'add').mockImplementation(rejectWithQuota);
    const attempt = createRecord(d, recordInput({ text: '新的正文' }));
    await expect(attempt).rejects.toBeInstanceOf(GuishenError);
    await expect(attempt).rejects.toThrow(QUOTA_MESSAGE);
    expect(await dumpAll(d)).toEqual(before);
  });

  it('leaves a record unedited when the write hits the quota', async () => {
    const d = newDb();
    const r = await createRecord(d, recordInput());
    const before = await dumpAll(d);
    vi.spyOn(d.records, 'put').mockImplementation(rejectWithQuota);
    await expect(updateRecord(d, r.id, { opinion: '改' })).rejects.toMatchObject({ code: 'quota' });
    expect(await dumpAll(d)).toEqual(before);
  });

  it('reports a quota error on pack import as a result, writing nothing', async () => {
    const d = newDb();
    await syncSeeds(d, [pack()]);
    const before = await dumpAll(d);
    vi.spyOn(d.packs, 'put').mockImplementation(rejectWithQuota);
    expect(await importPack(d, pack({ id: 'office' }))).toEqual({
      ok: false,
      errors: [{ path: '（存储）', message: QUOTA_MESSAGE }],
    });
    expect(await dumpAll(d)).toEqual(before);
  });
});
