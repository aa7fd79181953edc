/**
 * Small network helpers shared by the places that fetch what the reviewer asked for (a file
 * attachment, a subscribed rule pack) and check addresses (the office's database, a pack
 * subscription). No module-level work: cheap to import statically in a page.
 */

/** 127.x.x.x, localhost and [::1]: the test servers and local tools plain http is allowed for. */
export function isLoopbackHost(hostname: string): boolean {
  return /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/i.test(hostname);
}

/** A response body read up to a cap, or what made it too large. */
export type CappedBody = { bytes: Uint8Array } | { tooLarge: true; declared: number | null };

/**
 * Read `res`'s body, at most `cap` bytes: a server that says it will send more
 * (content-length) or sends more is cut off, and the caller says so in its own words.
 */
export async function readCapped(res: Response, cap: number): Promise<CappedBody> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > cap) {
    await res.body?.cancel().catch(() => {});
    return { tooLarge: true, declared };
  }
  const reader = res.body?.getReader();
  if (!reader) {
    const bytes = new Uint8Array(await res.arrayBuffer());
    return bytes.length > cap ? { tooLarge: true, declared: null } : { bytes };
  }
  const chunks: Uint8Array[] = [];
  let got = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    got += value.length;
    if (got > cap) {
      await reader.cancel().catch(() => {});
      return { tooLarge: true, declared: null };
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(got);
  let at = 0;
  for (const c of chunks) {
    bytes.set(c, at);
    at += c.length;
  }
  return { bytes };
}
