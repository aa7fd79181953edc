// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, readCapped } from '@/lib/net';

describe('loopback hosts', () => {
  it.each([
    ['127.0.0.1', true],
    ['127.8.9.10', true],
    ['localhost', true],
    ['[::1]', true],
    ['127.0.0.1.example.com', false],
    ['packs.example.gov.cn', false],
  ])('%s → %s', (host, yes) => expect(isLoopbackHost(host)).toBe(yes));
});

describe('reading a body up to a cap', () => {
  const bytes = (n: number) => new Uint8Array(n).fill(65);
  const streamed = (n: number, chunk = 1000) =>
    new Response(
      new ReadableStream({
        start(c) {
          for (let i = 0; i < n; i += chunk) c.enqueue(bytes(Math.min(chunk, n - i)));
          c.close();
        },
      }),
    );

  it('returns the whole body within the cap', async () => {
    const r = await readCapped(streamed(2500), 3000);
    expect('bytes' in r && r.bytes.length).toBe(2500);
  });

  it('stops a body that grows past the cap, saying no size was declared', async () => {
    expect(await readCapped(streamed(5000), 3000)).toEqual({ tooLarge: true, declared: null });
  });

  it('refuses at once a body whose declared length is over the cap', async () => {
    const res = new Response(bytes(10), { headers: { 'content-length': '999999' } });
    expect(await readCapped(res, 3000)).toEqual({ tooLarge: true, declared: 999999 });
  });
});
