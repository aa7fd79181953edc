/**
 * Storage errors the reviewer can act on. Every write in lib/ runs inside one Dexie
 * transaction, so when IndexedDB refuses a write (quota) the whole transaction aborts and
 * nothing is half-written; this module only turns the low-level error into a clear message.
 */

/** The Chinese message shown when the browser's storage is full. */
export const QUOTA_MESSAGE =
  '浏览器存储空间已满，本次操作未写入任何数据。请先导出备份，再清空回收站或删除不再需要的文档版本，然后重试。';

/** An error from lib/ with a machine code and a Chinese message for the reviewer. */
export class GuishenError extends Error {
  constructor(
    readonly code: 'quota' | 'not-found' | 'invalid' | 'conflict',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GuishenError';
  }
}

/**
 * True for a quota error however it arrives: the DOMException itself, Dexie's
 * `QuotaExceededError` wrapper, an AbortError whose inner cause is the quota (IndexedDB
 * reports quota at commit time as a transaction abort), or Firefox's legacy name.
 */
export function isQuotaError(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const err = e as { name?: unknown; inner?: unknown; cause?: unknown; code?: unknown };
    if (err.name === 'QuotaExceededError' || err.name === 'NS_ERROR_DOM_QUOTA_REACHED') {
      return true;
    }
    if (err.code === 22 && err.name !== 'GuishenError') return true; // legacy DOMException code
    e = err.inner ?? err.cause;
  }
  return false;
}

/**
 * Run a write and translate a quota failure into a `GuishenError('quota')`. The write must be
 * a single Dexie transaction (or nothing else) so that the failure leaves the database as it
 * was.
 */
export async function guardQuota<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isQuotaError(error)) throw new GuishenError('quota', QUOTA_MESSAGE, { cause: error });
    throw error;
  }
}
