/**
 * A bounded reader of zip containers (.docx and .ofd are both zips of XML). The central
 * directory is read by hand so that nothing is inflated before we know what it is, and each
 * entry is inflated through fflate's streaming Inflate with a running count: a zip bomb (a
 * small file that claims, or really expands to, gigabytes) stops at the cap instead of
 * filling memory. Pure: runs in Node and in pages.
 */
import { Inflate } from 'fflate';
import { FormatError } from './types';

/** One entry of the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** What the directory claims; the real size is counted while inflating. */
  size: number;
  localOffset: number;
  encrypted: boolean;
}

/** Limits on what a zip may make us do. */
export interface ZipLimits {
  /** Expanded bytes of one entry. */
  maxEntryBytes: number;
  /** Expanded bytes of all entries read together. */
  maxTotalBytes: number;
  /** Entries in the directory. */
  maxEntries: number;
}

export const ZIP_LIMITS: ZipLimits = {
  maxEntryBytes: 64 * 1024 * 1024,
  maxTotalBytes: 160 * 1024 * 1024,
  maxEntries: 20_000,
};

const MB = (n: number) => `${Math.round(n / 1024 / 1024)} MB`;

function u16(b: Uint8Array, i: number): number {
  return b[i]! | (b[i + 1]! << 8);
}
function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

const utf8 = new TextDecoder('utf-8');
const gbk = (() => {
  try {
    return new TextDecoder('gb18030');
  } catch {
    return utf8;
  }
})();

/** An opened zip: its directory and a bounded reader of entries. */
export class Zip {
  readonly entries: Map<string, ZipEntry>;
  private total = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private readonly limits: ZipLimits = ZIP_LIMITS,
  ) {
    this.entries = readDirectory(bytes, limits);
  }

  /** Whether an entry exists (names are case-sensitive, as in the zip). */
  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** The expanded bytes of an entry, or null when there is none. Throws FormatError past a cap. */
  read(name: string): Uint8Array | null {
    const e = this.entries.get(name);
    if (!e) return null;
    if (e.encrypted) throw new FormatError('encrypted', '文件中的内容已加密，无法读取');
    const b = this.bytes;
    const lo = e.localOffset;
    if (lo + 30 > b.length || u32(b, lo) !== 0x04034b50)
      throw new FormatError('corrupt', `压缩包已损坏（条目 ${e.name} 的位置不对），无法读取`);
    const start = lo + 30 + u16(b, lo + 26) + u16(b, lo + 28);
    const end = start + e.compressedSize;
    if (end > b.length)
      throw new FormatError('corrupt', `压缩包不完整（条目 ${e.name} 被截断），无法读取`);
    const data = b.subarray(start, end);
    const cap = Math.min(this.limits.maxEntryBytes, this.limits.maxTotalBytes - this.total);
    if (e.method === 0) {
      this.count(e, data.length, cap);
      return data;
    }
    if (e.method !== 8)
      throw new FormatError(
        'corrupt',
        `压缩包使用了不支持的压缩方式（${e.method}），无法读取；请用 Word 或 WPS 重新保存`,
      );
    const chunks: Uint8Array[] = [];
    let got = 0;
    const inflater = new Inflate((chunk) => {
      got += chunk.length;
      this.count(e, got, cap);
      chunks.push(chunk);
    });
    try {
      // Pushed in slices so the running count stops a bomb before it is expanded.
      const STEP = 64 * 1024;
      for (let i = 0; i < data.length; i += STEP)
        inflater.push(data.subarray(i, Math.min(i + STEP, data.length)), i + STEP >= data.length);
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof FormatError) throw err;
      throw new FormatError('corrupt', `压缩包已损坏（条目 ${e.name} 无法解压），无法读取`);
    }
    this.total += got;
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(got);
    let at = 0;
    for (const c of chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }

  /** An entry as UTF-8 text (XML), or null. */
  text(name: string): string | null {
    const b = this.read(name);
    return b === null ? null : utf8.decode(b).replace(/^\uFEFF/, '');
  }

  private count(e: ZipEntry, got: number, cap: number): void {
    if (got > cap)
      throw new FormatError(
        'too-large',
        got > this.limits.maxEntryBytes || cap === this.limits.maxEntryBytes
          ? `文件解压后过大（条目 ${e.name} 超过 ${MB(this.limits.maxEntryBytes)}），疑似压缩炸弹，已拒绝`
          : `文件解压后过大（合计超过 ${MB(this.limits.maxTotalBytes)}），疑似压缩炸弹，已拒绝`,
      );
  }
}

/** Reads the end-of-central-directory record and the directory (no inflating). */
function readDirectory(b: Uint8Array, limits: ZipLimits): Map<string, ZipEntry> {
  // The EOCD is in the last 22 + 65535 bytes (a comment may follow it).
  let eocd = -1;
  for (let i = b.length - 22; i >= Math.max(0, b.length - 22 - 65535); i--) {
    if (u32(b, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new FormatError('corrupt', '压缩包已损坏（找不到目录），无法读取');
  const count = u16(b, eocd + 10);
  const dirSize = u32(b, eocd + 12);
  const dirOffset = u32(b, eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff)
    throw new FormatError('too-large', '压缩包为 ZIP64 格式（超大文件），不予读取');
  if (count > limits.maxEntries)
    throw new FormatError('too-large', `压缩包条目过多（${count} 个），疑似恶意文件，已拒绝`);
  if (dirOffset + dirSize > b.length)
    throw new FormatError('corrupt', '压缩包不完整（目录超出文件末尾），无法读取');
  const out = new Map<string, ZipEntry>();
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > b.length || u32(b, p) !== 0x02014b50)
      throw new FormatError('corrupt', '压缩包已损坏（目录条目无效），无法读取');
    const flags = u16(b, p + 8);
    const nameLen = u16(b, p + 28);
    const extraLen = u16(b, p + 30);
    const commentLen = u16(b, p + 32);
    const rawName = b.subarray(p + 46, p + 46 + nameLen);
    // Bit 11: the name is UTF-8; older Chinese zip tools wrote GBK names without it.
    const name = (flags & 0x800 ? utf8 : isUtf8(rawName) ? utf8 : gbk).decode(rawName);
    const entry: ZipEntry = {
      name,
      method: u16(b, p + 10),
      compressedSize: u32(b, p + 20),
      size: u32(b, p + 24),
      localOffset: u32(b, p + 42),
      encrypted: (flags & 1) === 1,
    };
    if (entry.size > limits.maxTotalBytes && !name.endsWith('/'))
      throw new FormatError(
        'too-large',
        `文件解压后过大（条目 ${name} 声称 ${MB(entry.size)}），疑似压缩炸弹，已拒绝`,
      );
    if (!out.has(name)) out.set(name, entry);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function isUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b);
    return true;
  } catch {
    return false;
  }
}
