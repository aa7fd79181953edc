/**
 * Rule-pack subscriptions (issue 19): an office or a province publishes a pack once at an
 * HTTPS address and every reviewer's browser follows it — the filter-list model of uBlock
 * Origin, made for rule packs.
 *
 * - A subscription keeps its URL, the pack it installs, the version and SHA-256 applied, when
 *   it was last checked and the last error; optionally a pin (the SHA-256 the served bytes must
 *   have) or an Ed25519 public key (the pack's bytes must carry a valid signature, served
 *   beside it at `<url>.sig`, verified with WebCrypto).
 * - Fetching is the only network use, and only of that URL (and its `.sig`): no redirect is
 *   followed, no cookies are sent, the body is read up to {@link MAX_PACK_BYTES} and the
 *   request given up after {@link FETCH_TIMEOUT_MS}. The body is hostile input: it passes the
 *   same checks as an import (`checkImportable`: full validation, pattern safety, no seed id,
 *   the set it joins), must keep the subscribed pack id, and must not lower the version.
 * - An update never applies by itself: a check stores it as pending with what it changes
 *   (rules added, removed, changed; parameters), the reviewer reads that and applies it; the
 *   previous version is kept and can be restored. A failed check keeps the pack as it was and
 *   records why.
 * - Managed subscriptions (set by the administrator through `storage.managed`, see
 *   lib/managed.ts) cannot be removed here.
 */
import { z } from 'zod';
import type { Pack } from '@/rules/schema';
import { diffPacks, type PackChanges } from '@/rules/pack-diff';
import type { GuishenDB } from './db';
import { isLoopbackHost, readCapped } from './net';
import {
  checkImportable,
  compareVersions,
  fail as failAt,
  packSha256,
  putUserPack,
  writeGuarded,
  type PackResult,
} from './packs';
import { nowIso, sha256Hex } from './records';

/** The largest pack body read (the shipped national pack is about 150 KB). */
export const MAX_PACK_BYTES = 2_000_000;
/** The largest signature file read (an Ed25519 signature is 64 bytes; base64 or hex text). */
const MAX_SIG_BYTES = 1024;
/** A check gives up after this long (a slow server never blocks anything else). */
export const FETCH_TIMEOUT_MS = 20_000;

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** An update fetched and checked, waiting for the reviewer to read and apply it. */
export const PendingUpdateSchema = z.object({
  pack: z.unknown(),
  sha256: Sha256Hex,
  bodySha256: Sha256Hex,
  fetchedAt: z.string(),
  changes: z.unknown(),
});

export const SubscriptionSchema = z.object({
  /** The pack's address (https; http only on the loopback, for tests and local servers). */
  url: z.string().min(1),
  /** The pack id it installs (known after the first fetch). */
  packId: z.string().nullable(),
  /** The version and canonical SHA-256 applied now (null before the first apply). */
  version: z.string().nullable(),
  sha256: Sha256Hex.nullable(),
  /** Required SHA-256 (lower-case hex) of the served bytes, or null. */
  pin: Sha256Hex.nullable(),
  /** Base64 of the raw 32-byte Ed25519 public key whose signature is required, or null. */
  publicKey: z.string().nullable(),
  /** Set by the administrator (storage.managed): cannot be removed by the user. */
  managed: z.boolean(),
  checkedAt: z.string().nullable(),
  /** The last check's Chinese error, or null when it succeeded. */
  error: z.string().nullable(),
  pending: PendingUpdateSchema.nullable(),
  /** The version before the last apply, to restore. */
  previous: z.object({ pack: z.unknown(), sha256: Sha256Hex, version: z.string() }).nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;
export type PendingUpdate = Omit<z.infer<typeof PendingUpdateSchema>, 'pack' | 'changes'> & {
  pack: Pack;
  changes: PackChanges;
};

/** What a subscription needs from the browser; tests pass stubs. */
export interface SubscriptionDeps {
  fetch: typeof fetch;
  now?: () => Date;
  /** The deadline of one request (default {@link FETCH_TIMEOUT_MS}). */
  timeoutMs?: number;
}

const fail = <T>(message: string, path = '订阅'): PackResult<T> => failAt(path, message);

/** The subscription URL, normalised, or the Chinese reason it is refused. */
export function checkSubscriptionUrl(input: string): { url: string } | { error: string } {
  const raw = input.trim();
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return { error: `“${raw.slice(0, 80)}”不是有效的网址` };
  }
  if (u.username || u.password) return { error: '网址中不能包含用户名或密码' };
  if (u.protocol === 'http:' && !isLoopbackHost(u.hostname))
    return { error: '订阅地址必须是 https 网址（http 只允许本机 127.0.0.1，用于测试）' };
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { error: `不支持的协议“${u.protocol}”：订阅地址必须是 https 网址` };
  u.hash = '';
  return { url: u.href };
}

/** `https://host:port`: the one origin a subscription may reach (for the host permission). */
export function subscriptionOrigin(url: string): string {
  return new URL(url).origin;
}

/** A public key as entered (base64 of the 32 raw bytes, or 64 hex digits), or the reason. */
export function parsePublicKey(input: string): { key: Uint8Array } | { error: string } {
  const bytes = decodeKeyText(input.trim());
  if (!bytes || bytes.length !== 32)
    return { error: '公钥应为 Ed25519 公钥的 32 字节（Base64 或 64 位十六进制）' };
  return { key: bytes };
}

function decodeKeyText(s: string): Uint8Array | null {
  if (/^[0-9a-fA-F]+$/.test(s) && s.length % 2 === 0) {
    const out = new Uint8Array(s.length / 2);
    for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
    return out;
  }
  try {
    const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/').replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return null;
  }
}

/** Fetch one URL under the subscription's limits; the Chinese reason on any failure. */
async function fetchLimited(
  deps: SubscriptionDeps,
  url: string,
  max: number,
): Promise<{ bytes: Uint8Array } | { error: string }> {
  const controller = new AbortController();
  const timeoutMs = deps.timeoutMs ?? FETCH_TIMEOUT_MS;
  const seconds = Math.max(1, Math.round(timeoutMs / 1000));
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    let res: Response;
    try {
      res = await deps.fetch(url, {
        // A redirect could lead anywhere: refused, whatever the target.
        redirect: 'error',
        credentials: 'omit',
        cache: 'no-store',
        signal: controller.signal,
      });
    } catch (error) {
      if (controller.signal.aborted) return { error: `服务器在 ${seconds} 秒内没有答复，已放弃` };
      return {
        error: `无法从该地址获取（网络错误、服务器要求跳转到别处，或没有访问该网站的权限）：${(error as Error).message}`,
      };
    }
    if (res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400))
      return { error: '服务器要求跳转到其他地址，已拒绝（订阅只读取所填的地址）' };
    if (!res.ok)
      return { error: `服务器返回 ${res.status}${res.statusText ? ` ${res.statusText}` : ''}` };
    const body = await readCapped(res, max);
    if ('tooLarge' in body)
      return {
        error:
          body.declared !== null
            ? `文件过大（${body.declared} 字节，上限 ${max} 字节）`
            : `文件过大（超过 ${max} 字节），已停止读取`,
      };
    return { bytes: body.bytes };
  } catch (error) {
    if (controller.signal.aborted) return { error: `服务器在 ${seconds} 秒内没有传完，已放弃` };
    return { error: `读取失败：${(error as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

/** Verify an Ed25519 signature of `bytes` with WebCrypto; the reason when it fails. */
export async function verifySignature(
  bytes: Uint8Array,
  signatureText: string,
  publicKey: string,
): Promise<string | null> {
  const key = parsePublicKey(publicKey);
  if ('error' in key) return key.error;
  const sig = decodeKeyText(signatureText.trim());
  if (!sig || sig.length !== 64)
    return '签名文件格式不对：应为 64 字节的 Ed25519 签名（Base64 或十六进制）';
  try {
    const k = await crypto.subtle.importKey(
      'raw',
      key.key as BufferSource,
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const ok = await crypto.subtle.verify(
      { name: 'Ed25519' },
      k,
      sig as BufferSource,
      bytes as BufferSource,
    );
    return ok ? null : '签名验证失败：规则包不是用所填公钥对应的私钥签名的，或内容被改动过';
  } catch (error) {
    return `无法验证签名（浏览器不支持 Ed25519 或公钥无效）：${(error as Error).message}`;
  }
}

/**
 * Fetch and check what the URL serves now, against the subscription: the pin, the signature,
 * the import checks, the pack id, the version. Returns the update (possibly with no change).
 */
export async function fetchUpdate(
  db: GuishenDB,
  sub: Pick<Subscription, 'url' | 'packId' | 'version' | 'sha256' | 'pin' | 'publicKey'>,
  deps: SubscriptionDeps,
): Promise<PackResult<PendingUpdate & { same: boolean }>> {
  const got = await fetchLimited(deps, sub.url, MAX_PACK_BYTES);
  if ('error' in got) return fail(got.error);
  const bodySha256 = await sha256Hex(got.bytes);
  if (sub.pin && sub.pin !== bodySha256)
    return fail(
      `内容的 SHA-256（${bodySha256.slice(0, 12)}…）与固定值（${sub.pin.slice(0, 12)}…）不符：文件被改动过，或发布方已更新（请向发布方核实后修改固定值）`,
    );
  if (sub.publicKey) {
    const sig = await fetchLimited(deps, `${sub.url}.sig`, MAX_SIG_BYTES);
    if ('error' in sig) return fail(`取签名文件（${sub.url}.sig）失败：${sig.error}`);
    const why = await verifySignature(
      got.bytes,
      new TextDecoder().decode(sig.bytes),
      sub.publicKey,
    );
    if (why) return fail(why);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(got.bytes);
  } catch {
    return fail('内容不是 UTF-8 文本，不是规则包');
  }
  let json: unknown;
  try {
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    const looksHtml = /^\s*</.test(text);
    return fail(
      looksHtml
        ? '服务器返回的是网页而不是规则包（JSON）：请检查地址，或是否需要先登录'
        : '内容不是有效的 JSON，不是规则包',
    );
  }
  const checked = await checkImportable(db, json, { replace: true });
  if (!checked.ok) return checked;
  const { pack, existing } = checked.value;
  if (sub.packId && pack.id !== sub.packId)
    return fail(`服务器上的规则包 id 为“${pack.id}”，与订阅的“${sub.packId}”不同，已拒绝`);
  if (!sub.packId && existing)
    return fail(
      `本机已有 id 为“${pack.id}”的本单位规则包（版本 ${existing.pack.version}）：请先删除它，或改用导入`,
    );
  const sha256 = await packSha256(pack);
  if (sub.version && sub.sha256) {
    const c = compareVersions(pack.version, sub.version);
    if (c < 0)
      return fail(`服务器上的版本 ${pack.version} 低于本机已用的 ${sub.version}：不接受降级`);
    if (c === 0 && sha256 !== sub.sha256)
      return fail(
        `服务器上的规则包内容变了，但版本号仍是 ${pack.version}：发布方应提高版本号，已拒绝`,
      );
  }
  const before = existing?.pack ?? null;
  return {
    ok: true,
    value: {
      pack,
      sha256,
      bodySha256,
      fetchedAt: (deps.now?.() ?? new Date()).toISOString(),
      changes: diffPacks(before, pack),
      same: sub.sha256 === sha256,
    },
  };
}

export async function listSubscriptions(db: GuishenDB): Promise<Subscription[]> {
  return db.subscriptions.toArray();
}

/**
 * Subscribe: check the address and fetch it once; nothing is installed yet — the result is a
 * subscription with a pending update the reviewer reads and applies.
 */
export async function subscribe(
  db: GuishenDB,
  input: { url: string; pin?: string | null; publicKey?: string | null; managed?: boolean },
  deps: SubscriptionDeps,
): Promise<PackResult<Subscription>> {
  const u = checkSubscriptionUrl(input.url);
  if ('error' in u) return fail(u.error, '订阅 › 网址');
  const pin = input.pin?.trim().toLowerCase() || null;
  if (pin && !/^[0-9a-f]{64}$/.test(pin))
    return fail('固定值应为 64 位十六进制 SHA-256', '订阅 › SHA-256 固定值');
  const publicKey = input.publicKey?.trim() || null;
  if (publicKey) {
    const k = parsePublicKey(publicKey);
    if ('error' in k) return fail(k.error, '订阅 › 公钥');
  }
  if (await db.subscriptions.get(u.url)) return fail('已经订阅了这个地址', '订阅 › 网址');
  const now = (deps.now?.() ?? new Date()).toISOString();
  const sub: Subscription = {
    url: u.url,
    packId: null,
    version: null,
    sha256: null,
    pin,
    publicKey,
    managed: input.managed ?? false,
    checkedAt: null,
    error: null,
    pending: null,
    previous: null,
    createdAt: now,
    updatedAt: now,
  };
  const got = await fetchUpdate(db, sub, deps);
  if (!got.ok) return got;
  const { same: _, ...pending } = got.value;
  const taken = await db.subscriptions.where('url').notEqual(u.url).toArray();
  if (taken.some((s) => s.packId === pending.pack.id))
    return fail(`规则包“${pending.pack.id}”已由另一个订阅提供`, '订阅 › 网址');
  const row: Subscription = {
    ...sub,
    packId: pending.pack.id,
    checkedAt: pending.fetchedAt,
    pending: pending as Subscription['pending'],
  };
  return writeGuarded(async () => {
    await db.subscriptions.put(row);
    return row;
  });
}

/**
 * Check one subscription now: a newer valid version becomes pending (never applied here); a
 * failure is recorded as the subscription's error and the installed pack stays as it is.
 */
export async function checkSubscription(
  db: GuishenDB,
  url: string,
  deps: SubscriptionDeps,
): Promise<PackResult<{ status: 'update' | 'current' | 'error'; error?: string }>> {
  const sub = await db.subscriptions.get(url);
  if (!sub) return fail('找不到该订阅');
  const checkedAt = (deps.now?.() ?? new Date()).toISOString();
  const got = await fetchUpdate(db, sub, deps);
  if (!got.ok) {
    const error = got.errors
      .map((e) => (e.path === '订阅' ? e.message : `${e.path}：${e.message}`))
      .join('；');
    await writeGuarded(() =>
      db.subscriptions.update(url, { checkedAt, error, updatedAt: checkedAt }),
    );
    return { ok: true, value: { status: 'error', error } };
  }
  const { same, ...pending } = got.value;
  await writeGuarded(() =>
    db.subscriptions.update(url, {
      checkedAt,
      error: null,
      pending: same ? null : (pending as Subscription['pending']),
      updatedAt: checkedAt,
    }),
  );
  return { ok: true, value: { status: same ? 'current' : 'update' } };
}

/** Check every subscription (the daily alarm, and 全部检查). */
export async function checkAll(
  db: GuishenDB,
  deps: SubscriptionDeps,
): Promise<Array<{ url: string; status: string; error?: string }>> {
  const out: Array<{ url: string; status: string; error?: string }> = [];
  for (const s of await db.subscriptions.toArray()) {
    const r = await checkSubscription(db, s.url, deps);
    out.push({
      url: s.url,
      ...(r.ok ? r.value : { status: 'error', error: r.errors[0]?.message }),
    });
  }
  return out;
}

/**
 * Install `pack` as the subscription's version, in one transaction: the pack and the
 * subscription change together or not at all. The version it replaces becomes `previous`
 * (`previousIfNone` when there was none).
 */
function install(
  db: GuishenDB,
  url: string,
  pack: Pack,
  sha256: string,
  previousIfNone: Subscription['previous'],
  patch: Partial<Subscription> = {},
): Promise<PackResult<Pack>> {
  return writeGuarded(() =>
    db.transaction('rw', db.packs, db.subscriptions, async () => {
      const replaced = await putUserPack(db, pack, sha256);
      await db.subscriptions.update(url, {
        packId: pack.id,
        version: pack.version,
        sha256,
        pending: null,
        previous: replaced
          ? { pack: replaced.pack, sha256: replaced.sha256, version: replaced.pack.version }
          : previousIfNone,
        updatedAt: nowIso(),
        ...patch,
      });
      return pack;
    }),
  );
}

/**
 * Apply the pending update the reviewer has read, checked again against the packs as they are
 * now (another import may have happened since); the version in use is kept as `previous`.
 */
export async function applyPending(db: GuishenDB, url: string): Promise<PackResult<Pack>> {
  const sub = await db.subscriptions.get(url);
  if (!sub?.pending) return fail('没有待应用的更新');
  const again = await checkImportable(db, sub.pending.pack, { replace: true });
  if (!again.ok) return again;
  const { pack, existing } = again.value;
  if (existing && existing.id !== sub.packId) return fail('规则包 id 不符');
  const sha256 = await packSha256(pack);
  if (sha256 !== sub.pending.sha256) return fail('待应用的内容已损坏，请重新检查更新');
  return install(db, url, pack, sha256, sub.previous, { error: null });
}

/**
 * Put back the version before the last apply. It stays subscribed; restoring is a choice, so
 * the newer version is offered again only by a new check.
 */
export async function restorePrevious(db: GuishenDB, url: string): Promise<PackResult<Pack>> {
  const sub = await db.subscriptions.get(url);
  if (!sub?.previous) return fail('没有可恢复的上一版本');
  const again = await checkImportable(db, sub.previous.pack, { replace: true });
  if (!again.ok) return again;
  return install(db, url, again.value.pack, sub.previous.sha256, null);
}

/**
 * Remove a subscription (never a managed one). `removePack` also deletes the pack it installed
 * and that pack's overrides; otherwise the pack stays as an ordinary office pack.
 */
export async function unsubscribe(
  db: GuishenDB,
  url: string,
  options: { removePack?: boolean } = {},
): Promise<PackResult<true>> {
  const sub = await db.subscriptions.get(url);
  if (!sub) return fail('找不到该订阅');
  if (sub.managed) return fail('该订阅由管理员通过策略设置，不能在这里删除');
  return writeGuarded(() =>
    db.transaction('rw', db.packs, db.overrides, db.subscriptions, async () => {
      if (options.removePack && sub.packId) {
        const row = await db.packs.get(sub.packId);
        if (row && row.source !== 'seed') {
          await db.overrides.where('packId').equals(sub.packId).delete();
          await db.packs.delete(sub.packId);
        }
      }
      await db.subscriptions.delete(url);
      return true as const;
    }),
  );
}
