/**
 * The office password is never kept in clear text: it is encrypted with an AES-GCM key that
 * this browser generated as non-extractable (WebCrypto) and keeps in IndexedDB, so the stored
 * bytes are useless outside this profile and no script can read the key itself.
 */
import type { GuishenDB } from '../db';
import type { OfficeKeyRow } from './state';

async function keyOf(db: GuishenDB): Promise<CryptoKey> {
  const row = (await db.office.get('key')) as OfficeKeyRow | undefined;
  if (row) return row.key;
  const key = await crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, [
    'encrypt',
    'decrypt',
  ]);
  await db.office.put({ id: 'key', key });
  return key;
}

export async function sealPassword(
  db: GuishenDB,
  password: string,
): Promise<{ cipher: ArrayBuffer; iv: Uint8Array<ArrayBuffer> }> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const cipher = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    await keyOf(db),
    new TextEncoder().encode(password),
  );
  return { cipher, iv };
}

export async function openPassword(
  db: GuishenDB,
  sealed: { cipher: ArrayBuffer; iv: Uint8Array<ArrayBuffer> },
): Promise<string> {
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: sealed.iv },
    await keyOf(db),
    sealed.cipher,
  );
  return new TextDecoder().decode(plain);
}
